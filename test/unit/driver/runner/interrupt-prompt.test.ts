import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { askInterruptChoice, choiceForKey, PROMPT_TEXT } from '../../../../driver/runner/interrupt-prompt.ts';

class FakeTty extends EventEmitter {
  readonly isTTY = true;
  rawModes: boolean[] = [];
  paused = false;
  setRawMode(raw: boolean): void {
    this.rawModes.push(raw);
  }
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
}

describe('driver Ctrl-C prompt', () => {
  it('maps keys: s or a second Ctrl-C stop, d detaches, c/Esc/Enter keep watching', () => {
    assert.equal(choiceForKey('s'), 'stop');
    assert.equal(choiceForKey('S'), 'stop');
    assert.equal(choiceForKey('\u0003'), 'stop');
    assert.equal(choiceForKey('d'), 'detach');
    assert.equal(choiceForKey('c'), 'continue');
    assert.equal(choiceForKey('\u001b'), 'continue');
    assert.equal(choiceForKey('\r'), 'continue');
    assert.equal(choiceForKey('x'), undefined);
  });

  it('stops without asking when there is no terminal', async () => {
    const prompts: string[] = [];
    assert.equal(await askInterruptChoice(undefined, (text) => prompts.push(text)), 'stop');
    assert.equal(await askInterruptChoice({ ...new FakeTty(), isTTY: false } as never, (text) => prompts.push(text)), 'stop');
    assert.deepEqual(prompts, []);
  });

  it('on a terminal reads one key in raw mode, skipping unknown keys, then restores the terminal', async () => {
    const tty = new FakeTty();
    const prompts: string[] = [];
    const choice = askInterruptChoice(tty, (text) => prompts.push(text));
    tty.emit('data', Buffer.from('q'));
    tty.emit('data', Buffer.from('d'));
    assert.equal(await choice, 'detach');
    assert.deepEqual(tty.rawModes, [true, false]);
    assert.equal(tty.paused, true);
    assert.equal(tty.listenerCount('data'), 0);
    assert.deepEqual(prompts, [PROMPT_TEXT, '\n']);
  });
});
