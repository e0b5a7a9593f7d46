import type { PortName } from './atmega328p.ts';

export interface PortBit {
  readonly port: PortName;
  readonly bit: number;
}

/** Arduino Uno pin numbers as Firmata and johnny-five count them: D0–D13, then A0–A5 as 14–19. */
export const UNO_PIN_COUNT = 20;

/** Where an Uno pin sits on the ATmega328P: D0–D7 = PD0–PD7, D8–D13 = PB0–PB5, A0–A5 (14–19) = PC0–PC5. */
export function unoPinToPortBit(pin: number): PortBit {
  if (!Number.isInteger(pin) || pin < 0 || pin >= UNO_PIN_COUNT) throw new RangeError(`pin ${pin} does not exist on an Uno (0..${UNO_PIN_COUNT - 1})`);
  if (pin < 8) return { port: 'D', bit: pin };
  if (pin < 14) return { port: 'B', bit: pin - 8 };
  return { port: 'C', bit: pin - 14 };
}

/** The Uno pin on `port` bit `bit`, or undefined for bits with no header pin (PB6/PB7 crystal, PC6 reset). */
export function portBitToUnoPin(port: PortName, bit: number): number | undefined {
  if (port === 'D') return bit;
  if (port === 'B') return bit < 6 ? bit + 8 : undefined;
  return bit < 6 ? bit + 14 : undefined;
}

/** D0/D1 carry the USART (the USB serial link): Firmata reports no modes for them. */
export const isSerialPin = (pin: number): boolean => pin === 0 || pin === 1;
