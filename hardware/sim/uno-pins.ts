import { PinMode, NO_ANALOG_CHANNEL } from './firmata-constants.ts';

/** What one pin can do, as StandardFirmata reports it in CAPABILITY_RESPONSE: mode → resolution bits. */
export interface PinCapability {
  readonly modes: ReadonlyArray<readonly [mode: number, resolutionBits: number]>;
  /** Analog channel number, or 0x7F when the pin has none. */
  readonly analogChannel: number;
}

const PWM_PINS = new Set([3, 5, 6, 9, 10, 11]);
const I2C_PINS = new Set([18, 19]);

/**
 * The 20 pins of an Arduino Uno as StandardFirmata 2.5 describes them (Boards.h, ATmega328P):
 * D0/D1 are the serial link and report no modes; D2–D19 are digital; D14–D19 are A0–A5.
 */
export function unoPins(): Array<PinCapability> {
  const pins: Array<PinCapability> = [];
  for (let pin = 0; pin < 20; pin++) {
    const modes: Array<readonly [number, number]> = [];
    const isDigital = pin >= 2;
    const analogChannel = pin >= 14 ? pin - 14 : NO_ANALOG_CHANNEL;
    if (isDigital) modes.push([PinMode.INPUT, 1], [PinMode.PULLUP, 1], [PinMode.OUTPUT, 1]);
    if (analogChannel !== NO_ANALOG_CHANNEL) modes.push([PinMode.ANALOG, 10]);
    if (PWM_PINS.has(pin)) modes.push([PinMode.PWM, 8]);
    if (isDigital) modes.push([PinMode.SERVO, 14]);
    if (I2C_PINS.has(pin)) modes.push([PinMode.I2C, 1]);
    pins.push({ modes, analogChannel });
  }
  return pins;
}
