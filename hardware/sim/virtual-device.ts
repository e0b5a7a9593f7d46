import type { Bit, PinChange, PinSnapshot } from './firmata-device.ts';

/**
 * What sits on the far end of a virtual serial line: the `sim` board's FirmataDevice (a model of the firmware)
 * or the `avr-sim` board's simulated ATmega328P (the real firmware). virtual-serial.ts joins either to a port.
 */
export interface VirtualSerialDevice {
  /** The port opened (DTR on a real Uno): the board comes out of reset and greets the host. */
  start(): void;
  /** Bytes the host wrote. */
  receive(bytes: Uint8Array): void;
  on(event: 'transmit', listener: (bytes: Uint8Array) => void): unknown;
  off(event: 'transmit', listener: (bytes: Uint8Array) => void): unknown;
}

/** The pins of a virtual board as a bench sees them: levels to read, inputs to drive from outside. */
export interface VirtualPins {
  readonly pinCount: number;
  level(pin: number): Bit;
  pins(): Array<PinSnapshot>;
  /** Drives an input from outside (a finger on a button), or lets it float with `null`. */
  setExternalLevel(pin: number, level: Bit | null): void;
  on(event: 'pin-change', listener: (change: PinChange) => void): unknown;
}
