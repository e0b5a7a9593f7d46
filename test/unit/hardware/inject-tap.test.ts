import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type five from 'johnny-five';
import { injectTap } from '../../../hardware/inject-tap.ts';

/** What the IO emitted, as `event=value`. */
function anIo(normalize?: (pin: string | number) => string | number) {
  const io = Object.assign(new EventEmitter(), normalize ? { normalize } : {});
  const heard: string[] = [];
  const original = io.emit.bind(io);
  io.emit = (event: string | symbol, ...args: unknown[]) => {
    heard.push(`${String(event)}=${String(args[0])}`);
    return original(event, ...args);
  };
  return { j5: { io } as unknown as five.Board, heard };
}

describe('hardware/inject-tap', () => {
  it('hands the IO the pressed reading, then the idle one, as its own reports are (Firmata: by pin)', async () => {
    const { j5, heard } = anIo();
    await injectTap(j5, 2, 0);
    assert.deepEqual(heard, ['digital-read-2=0', 'digital-read-2=1']);
    heard.length = 0;
    await injectTap(j5, 3, 1);
    assert.deepEqual(heard, ['digital-read-3=1', 'digital-read-3=0']);
  });

  it('names the event by the IO’s own pin number when it normalises pins (raspi-io)', async () => {
    const { j5, heard } = anIo((pin) => (pin === 'GPIO5' ? 21 : pin));
    await injectTap(j5, 'GPIO5', 0);
    assert.deepEqual(heard, ['digital-read-21=0', 'digital-read-21=1']);
  });
});
