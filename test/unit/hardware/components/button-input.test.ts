import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Board } from '../../../../hardware/board.ts';
import { ButtonInput } from '../../../../hardware/components/button-input.ts';

/** The bit of johnny-five's IO a ButtonInput uses: the test plays the firmware's digital reports. */
class FakeIo {
  readonly MODES = { INPUT: 0 };
  readonly HIGH = 1;
  readonly calls: string[] = [];
  readonly readers = new Map<number, (level: number) => void>();
  #pinState: (() => void) | undefined;

  constructor(readonly canQueryPinState: boolean) {}

  pinMode(pin: number, mode: number): void {
    this.calls.push(`pinMode ${pin} ${mode}`);
  }

  digitalWrite(pin: number, level: number): void {
    this.calls.push(`digitalWrite ${pin} ${level}`);
  }

  digitalRead(pin: number, listener: (level: number) => void): void {
    this.readers.set(pin, listener);
  }

  get queryPinState(): ((pin: number, done: () => void) => void) | undefined {
    return this.canQueryPinState ? (_pin, done) => void (this.#pinState = done) : undefined;
  }

  removeListener(event: string): void {
    this.readers.delete(Number(event.replace('digital-read-', '')));
  }

  /** The firmware reports `level` on `pin`. */
  report(pin: number, level: 0 | 1): void {
    this.readers.get(pin)?.(level);
  }

  /** The pin-state answer arrives. */
  answerPinState(): void {
    this.#pinState?.();
  }
}

function aButton(options: { pullUp?: boolean; queryPinState?: boolean; debounceMs?: number } = {}) {
  const io = new FakeIo(options.queryPinState ?? true);
  const board = { j5: { io } } as unknown as Board;
  const button = new ButtonInput(board, { pin: 4, pullUp: options.pullUp ?? true, debounceMs: options.debounceMs ?? 5 });
  const events: string[] = [];
  button.on('press', () => events.push('press'));
  button.on('release', () => events.push('release'));
  return { io, button, events };
}

describe('hardware/components/button-input (one class, a fake IO)', () => {
  it('sets the pin as an input with its pull-up, and reads LOW as pressed', async () => {
    const { io, button, events } = aButton();
    assert.deepEqual(io.calls, ['pinMode 4 0', 'digitalWrite 4 1']);
    assert.equal(button.pressedLevel, 0);
    io.report(4, 1);
    io.answerPinState();
    assert.deepEqual(events, []);
    io.report(4, 0);
    assert.deepEqual(events, ['press']);
    assert.equal(button.isPressed, true);
    const released = once(button, 'release');
    io.report(4, 1);
    await released;
    assert.equal(button.isPressed, false);
    button.dispose();
  });

  it('without a pull-up, HIGH is pressed and nothing is written to the pin', () => {
    const { io, button, events } = aButton({ pullUp: false });
    assert.deepEqual(io.calls, ['pinMode 4 0']);
    io.answerPinState();
    io.report(4, 1);
    assert.deepEqual(events, ['press']);
    button.dispose();
  });

  it('a button already held when its state first arrives is a press', () => {
    const { io, button, events } = aButton();
    io.report(4, 0);
    assert.deepEqual(events, [], 'nothing before the pin state is known');
    io.answerPinState();
    assert.deepEqual(events, ['press']);
    button.dispose();
  });

  it('without queryPinState, the first report gives the state', () => {
    const { io, button, events } = aButton({ queryPinState: false });
    io.report(4, 0);
    assert.deepEqual(events, ['press']);
    button.dispose();
  });

  it('bounce inside the window collapses into the one edge', async () => {
    const { io, button, events } = aButton({ debounceMs: 20 });
    io.answerPinState();
    for (const level of [0, 1, 0, 1, 0] as const) io.report(4, level);
    const released = once(button, 'release');
    io.report(4, 1);
    await released;
    assert.deepEqual(events, ['press', 'release']);
    button.dispose();
  });

  it('a press and its release reported together still give press, then release', async () => {
    const { io, button, events } = aButton();
    io.answerPinState();
    const released = once(button, 'release');
    io.report(4, 0);
    io.report(4, 1);
    await released;
    assert.deepEqual(events, ['press', 'release']);
    button.dispose();
  });

  it('hears nothing once disposed', () => {
    const { io, button, events } = aButton();
    io.answerPinState();
    button.dispose();
    io.report(4, 0);
    assert.deepEqual(events, []);
    assert.equal(io.readers.size, 0);
  });
});
