import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { openVirtualSerialPort } from '../../../../hardware/sim/virtual-serial.ts';
import type { VirtualSerialDevice } from '../../../../hardware/sim/virtual-device.ts';

/** A device that greets on start and answers each write in upper case. */
class ShoutingDevice extends EventEmitter<{ transmit: [Uint8Array] }> implements VirtualSerialDevice {
  readonly received: string[] = [];
  starts = 0;

  start(): void {
    this.starts++;
    this.emit('transmit', Buffer.from('hello'));
  }

  receive(bytes: Uint8Array): void {
    const text = Buffer.from(bytes).toString();
    this.received.push(text);
    this.emit('transmit', Buffer.from(text.toUpperCase()));
  }
}

/** Reads from the port until `text` has arrived whole. */
async function readUntil(port: NodeJS.ReadableStream, text: string): Promise<string> {
  let got = '';
  while (!got.includes(text)) {
    const [chunk] = (await once(port, 'data')) as [Buffer];
    got += chunk.toString();
  }
  return got;
}

describe('hardware/sim/virtual-serial (a serialport stream to a virtual device)', () => {
  it('starts the device when the port opens, hands it what the host writes, and delivers what it transmits', async () => {
    const device = new ShoutingDevice();
    const port = openVirtualSerialPort(device);
    const greeting = readUntil(port, 'hello');
    await once(port, 'open');
    assert.equal(await greeting, 'hello');
    assert.equal(device.starts, 1);
    const answer = readUntil(port, 'ABC');
    port.write('abc');
    assert.equal(await answer, 'ABC');
    assert.deepEqual(device.received, ['abc']);
    port.close();
    await once(port, 'close');
    assert.equal(device.listenerCount('transmit'), 0, 'the device is let go');
  });

  it('gives each port its own path', () => {
    const [a, b] = [openVirtualSerialPort(new ShoutingDevice()), openVirtualSerialPort(new ShoutingDevice())];
    assert.notEqual(a.path, b.path);
    a.destroy();
    b.destroy();
  });
});
