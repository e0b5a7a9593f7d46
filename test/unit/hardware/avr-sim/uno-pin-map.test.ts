import assert from 'node:assert/strict';
import { UNO_PIN_COUNT, portBitToUnoPin, unoPinToPortBit } from '../../../../hardware/avr-sim/uno-pin-map.ts';

describe('hardware/avr-sim/uno-pin-map', () => {
  it('puts D0–D7 on PORTD, D8–D13 on PORTB and A0–A5 (14–19) on PORTC', () => {
    assert.deepEqual(unoPinToPortBit(2), { port: 'D', bit: 2 });
    assert.deepEqual(unoPinToPortBit(7), { port: 'D', bit: 7 });
    assert.deepEqual(unoPinToPortBit(8), { port: 'B', bit: 0 });
    assert.deepEqual(unoPinToPortBit(13), { port: 'B', bit: 5 });
    assert.deepEqual(unoPinToPortBit(14), { port: 'C', bit: 0 });
    assert.deepEqual(unoPinToPortBit(19), { port: 'C', bit: 5 });
  });

  it('maps back and forth for every pin, and not for bits without a header pin', () => {
    for (let pin = 0; pin < UNO_PIN_COUNT; pin++) {
      const { port, bit } = unoPinToPortBit(pin);
      assert.equal(portBitToUnoPin(port, bit), pin);
    }
    assert.equal(portBitToUnoPin('B', 6), undefined, 'PB6 is the crystal');
    assert.equal(portBitToUnoPin('C', 6), undefined, 'PC6 is reset');
  });

  it('refuses pins the Uno lacks', () => {
    assert.throws(() => unoPinToPortBit(20), /pin 20 does not exist on an Uno/);
    assert.throws(() => unoPinToPortBit(-1), RangeError);
    assert.throws(() => unoPinToPortBit(2.5), RangeError);
  });
});
