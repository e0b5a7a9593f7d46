import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { attachKeyboardMenu, MENU_HELP } from '../../../../firmware-host/engine/keyboard-menu.ts';

describe('keyboard menu', () => {
  it('maps keys to actions, shows status, quits on q, and detaches', () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const calls: string[] = [];
    const detach = attachKeyboardMenu(input, output, {
      plug: () => void calls.push('plug'),
      ko: () => void calls.push('ko'),
      status: () => 'AVAILABLE',
      quit: () => void calls.push('quit'),
    });
    input.emit('data', Buffer.from('pKs\nxq'));
    assert.deepEqual(calls, ['plug', 'ko', 'quit']);
    const shown = output.read()?.toString() ?? '';
    assert.ok(shown.includes('AVAILABLE'));
    assert.equal(shown.split(MENU_HELP).length - 1, 2, 'help on attach and after the unknown key');
    for (const answer of ['p: plug button pressed', 'k: KO button pressed', 'q: stopping']) assert.ok(shown.includes(answer), `every key answers: ${answer}`);
    detach();
    input.emit('data', Buffer.from('p'));
    assert.deepEqual(calls, ['plug', 'ko', 'quit']);
  });

  it('reports a failing action instead of throwing', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    attachKeyboardMenu(input, output, {
      plug: () => Promise.reject(new Error('board gone')),
      ko: () => {
        throw new Error('no KO');
      },
      status: () => '',
      quit: () => {},
    });
    input.emit('data', Buffer.from('kp'));
    await new Promise((resolve) => setImmediate(resolve));
    const shown = output.read()?.toString() ?? '';
    assert.ok(shown.includes('k: no KO') && shown.includes('p: board gone'), shown);
  });
});
