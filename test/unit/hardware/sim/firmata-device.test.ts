import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FirmataDevice, type PinChange } from '../../../../hardware/sim/firmata-device.ts';
import { PinMode } from '../../../../hardware/sim/firmata-constants.ts';

/** A device with its transmissions and pin changes recorded, as a builder for each test. */
function aDevice() {
  const device = new FirmataDevice();
  const sent: Array<Array<number>> = [];
  const changes: Array<PinChange> = [];
  device.on('transmit', (bytes) => sent.push([...bytes]));
  device.on('pin-change', (change) => changes.push(change));
  const take = () => sent.splice(0);
  return { device, sent, changes, take };
}

const decodeName = (sevenBitPairs: Array<number>): string =>
  String.fromCharCode(...sevenBitPairs.flatMap((byte, index) => (index % 2 === 0 ? [byte | (sevenBitPairs[index + 1]! << 7)] : [])));

describe('hardware/sim/firmata-device', () => {
  it('greets like StandardFirmata on reset: version 2.5, then the firmware name', () => {
    const { device, take } = aDevice();
    device.start();
    const [version, firmware] = take();
    assert.deepEqual(version, [0xf9, 2, 5]);
    assert.deepEqual(firmware!.slice(0, 4), [0xf0, 0x79, 2, 5]);
    assert.equal(firmware!.at(-1), 0xf7);
    assert.equal(decodeName(firmware!.slice(4, -1)), 'StandardFirmata.ino');
  });

  it("answers the capability query with an Uno's 20 pins", () => {
    const { device, take } = aDevice();
    device.receive(Uint8Array.of(0xf0, 0x6b, 0xf7));
    const [reply] = take();
    assert.deepEqual(reply!.slice(0, 2), [0xf0, 0x6c]);
    const pins: Array<Array<[number, number]>> = [[]];
    const body = reply!.slice(2, -1);
    for (let index = 0; index < body.length; index++) {
      if (body[index] === 0x7f) pins.push([]);
      else pins.at(-1)!.push([body[index]!, body[++index]!]);
    }
    pins.pop(); // after the last pin's 0x7F
    assert.equal(pins.length, 20);
    assert.deepEqual(pins[0], [], 'D0 is the serial link: no modes');
    assert.deepEqual(pins[3], [[PinMode.INPUT, 1], [PinMode.PULLUP, 1], [PinMode.OUTPUT, 1], [PinMode.PWM, 8], [PinMode.SERVO, 14]]);
    assert.deepEqual(pins[14]!.find(([mode]) => mode === PinMode.ANALOG), [PinMode.ANALOG, 10]);
  });

  it('maps A0–A5 to pins 14–19 in the analog mapping', () => {
    const { device, take } = aDevice();
    device.receive(Uint8Array.of(0xf0, 0x69, 0xf7));
    const [reply] = take();
    assert.deepEqual(reply, [0xf0, 0x6a, ...new Array<number>(14).fill(0x7f), 0, 1, 2, 3, 4, 5, 0xf7]);
  });

  it('starts with digital pins as OUTPUT low and analog pins as ANALOG (systemResetCallback)', () => {
    const { device } = aDevice();
    assert.equal(device.pin(8).mode, PinMode.OUTPUT);
    assert.equal(device.pin(8).level, 0);
    assert.equal(device.pin(14).mode, PinMode.ANALOG);
    assert.equal(device.pin(0).mode, undefined);
  });

  it('drives outputs from DIGITAL_MESSAGE and SET_DIGITAL_PIN_VALUE, announcing each change', () => {
    const { device, changes } = aDevice();
    device.receive(Uint8Array.of(0xf4, 8, PinMode.OUTPUT, 0x91, 0x01, 0x00)); // port 1 bit 0 = pin 8
    assert.equal(device.level(8), 1);
    device.receive(Uint8Array.of(0xf5, 8, 0));
    assert.equal(device.level(8), 0);
    assert.deepEqual(changes, [
      { pin: 8, level: 1, previous: 0 },
      { pin: 8, level: 0, previous: 1 },
    ]);
  });

  it('treats a PWM pin as lit while its duty is above zero', () => {
    const { device } = aDevice();
    device.receive(Uint8Array.of(0xf4, 5, PinMode.PWM, 0xe5, 0x7f, 0x01));
    assert.equal(device.pin(5).pwm, 255);
    assert.equal(device.level(5), 1);
    device.receive(Uint8Array.of(0xe5, 0, 0));
    assert.equal(device.level(5), 0);
  });

  it('ignores a mode the pin lacks (PWM on D7, anything on D0)', () => {
    const { device } = aDevice();
    device.receive(Uint8Array.of(0xf4, 7, PinMode.PWM, 0xf4, 0, PinMode.OUTPUT));
    assert.equal(device.pin(7).mode, PinMode.OUTPUT);
    assert.equal(device.pin(0).mode, undefined);
  });

  describe('inputs', () => {
    it('reads an INPUT_PULLUP pin high until something pulls it low', () => {
      const { device } = aDevice();
      device.receive(Uint8Array.of(0xf4, 2, PinMode.PULLUP));
      assert.equal(device.level(2), 1);
      device.setExternalLevel(2, 0);
      assert.equal(device.level(2), 0);
      device.setExternalLevel(2, null);
      assert.equal(device.level(2), 1);
    });

    it('turns the pull-up on when the host writes 1 to an INPUT pin, and off again on SET_PIN_MODE INPUT', () => {
      const { device } = aDevice();
      device.receive(Uint8Array.of(0xf4, 3, PinMode.INPUT));
      assert.equal(device.level(3), 0, 'a floating input with no pull-up reads 0 here');
      device.receive(Uint8Array.of(0x90, 0x08, 0x00)); // port 0, bit 3
      assert.equal(device.pin(3).pullUp, true);
      device.receive(Uint8Array.of(0x90, 0x00, 0x00)); // writing 0 leaves the pull-up on, as the firmware does
      assert.equal(device.pin(3).pullUp, true);
      device.receive(Uint8Array.of(0xf4, 3, PinMode.INPUT));
      assert.equal(device.pin(3).pullUp, false);
    });

    it('reports a port at once when reporting is enabled, then only when its inputs change', () => {
      const { device, take } = aDevice();
      device.receive(Uint8Array.of(0xf4, 2, PinMode.PULLUP, 0xf4, 3, PinMode.PULLUP));
      device.receive(Uint8Array.of(0xd0, 1));
      assert.deepEqual(take(), [[0x90, 0x0c, 0x00]]);
      device.setExternalLevel(2, 0);
      assert.deepEqual(take(), [[0x90, 0x08, 0x00]]);
      device.setExternalLevel(2, 0);
      device.receive(Uint8Array.of(0xf5, 8, 1)); // an output on another port changes nothing reported
      assert.deepEqual(take(), []);
      device.receive(Uint8Array.of(0xd0, 0));
      device.setExternalLevel(2, null);
      assert.deepEqual(take(), [], 'no reports once reporting is off');
    });

    it('reports only input pins of the port, never outputs', () => {
      const { device, take } = aDevice();
      device.receive(Uint8Array.of(0xf4, 2, PinMode.PULLUP, 0xf5, 5, 1, 0xd0, 1));
      assert.deepEqual(take(), [[0x90, 0x04, 0x00]]);
    });

    it('reports an analog channel on enable and when its reading changes', () => {
      const { device, take } = aDevice();
      device.setAnalogInput(0, 512);
      device.receive(Uint8Array.of(0xc0, 1));
      assert.deepEqual(take(), [[0xe0, 0x00, 0x04]]);
      device.setAnalogInput(0, 3);
      assert.deepEqual(take(), [[0xe0, 0x03, 0x00]]);
    });
  });

  it('answers PIN_STATE_QUERY with mode and state', () => {
    const { device, take } = aDevice();
    device.receive(Uint8Array.of(0xf5, 8, 1, 0xf0, 0x6d, 8, 0xf7, 0xf4, 2, PinMode.PULLUP, 0xf0, 0x6d, 2, 0xf7));
    assert.deepEqual(take(), [
      [0xf0, 0x6e, 8, PinMode.OUTPUT, 1, 0xf7],
      [0xf0, 0x6e, 2, PinMode.PULLUP, 1, 0xf7],
    ]);
  });

  it('keeps the sampling interval and answers REPORT_VERSION', () => {
    const { device, take } = aDevice();
    device.receive(Uint8Array.of(0xf0, 0x7a, 0x64, 0x00, 0xf7, 0xf9));
    assert.equal(device.samplingIntervalMs, 100);
    assert.deepEqual(take(), [[0xf9, 2, 5]]);
  });

  it('SYSTEM_RESET puts the pins back and stops reporting', () => {
    const { device, take } = aDevice();
    device.receive(Uint8Array.of(0xf4, 2, PinMode.PULLUP, 0xd0, 1, 0xf5, 8, 1, 0xff));
    take();
    assert.equal(device.pin(2).mode, PinMode.OUTPUT);
    assert.equal(device.level(8), 0);
    device.setExternalLevel(2, 1);
    assert.deepEqual(take(), []);
  });

  it('refuses pins the board lacks with a RangeError naming the range', () => {
    const { device } = aDevice();
    assert.throws(() => device.setExternalLevel(20, 0), /pin 20 does not exist on this board \(0\.\.19\)/);
    assert.throws(() => device.level(-1), RangeError);
  });

  it('survives any garbage from the host and still answers afterwards', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (garbage) => {
        const { device, take } = aDevice();
        device.receive(garbage);
        take();
        device.receive(Uint8Array.of(0xf7, 0xf9));
        assert.deepEqual(take().at(-1), [0xf9, 2, 5]);
      }),
    );
  });
});
