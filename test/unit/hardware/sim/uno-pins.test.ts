import assert from 'node:assert/strict';
import { NO_ANALOG_CHANNEL, PinMode } from '../../../../hardware/sim/firmata-constants.ts';
import { unoPins } from '../../../../hardware/sim/uno-pins.ts';

describe('hardware/sim/uno-pins (StandardFirmata 2.5 capabilities of an Uno)', () => {
  const pins = unoPins();
  const modes = (pin: number) => pins[pin]!.modes.map(([mode]) => mode);

  it('has 20 pins; D0 and D1 carry the serial link and report no mode', () => {
    assert.equal(pins.length, 20);
    assert.deepEqual(modes(0), []);
    assert.deepEqual(modes(1), []);
  });

  it('PWM only on D3, D5, D6, D9, D10, D11, at 8 bits', () => {
    const pwm = pins.flatMap((pin, index) => (pin.modes.some(([mode]) => mode === PinMode.PWM) ? [index] : []));
    assert.deepEqual(pwm, [3, 5, 6, 9, 10, 11]);
    assert.deepEqual(pins[5]!.modes.find(([mode]) => mode === PinMode.PWM), [PinMode.PWM, 8]);
  });

  it('D14–D19 are A0–A5 (10-bit analog), D18/D19 also I2C; the digital pins have no analog channel', () => {
    assert.deepEqual(pins.slice(14).map((pin) => pin.analogChannel), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(pins[14]!.modes.find(([mode]) => mode === PinMode.ANALOG), [PinMode.ANALOG, 10]);
    assert.ok(modes(18).includes(PinMode.I2C) && modes(19).includes(PinMode.I2C) && !modes(17).includes(PinMode.I2C));
    assert.equal(pins[2]!.analogChannel, NO_ANALOG_CHANNEL);
    assert.deepEqual(modes(2), [PinMode.INPUT, PinMode.PULLUP, PinMode.OUTPUT, PinMode.SERVO]);
  });
});
