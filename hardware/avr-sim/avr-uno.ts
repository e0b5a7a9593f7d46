import { EventEmitter } from 'node:events';
import { PinState } from 'avr8js';
import type { Bit, PinChange, PinSnapshot } from '../sim/firmata-device.ts';
import { PinMode } from '../sim/firmata-constants.ts';
import type { VirtualPins, VirtualSerialDevice } from '../sim/virtual-device.ts';
import { Atmega328p, type PortName } from './atmega328p.ts';
import { CpuRunner, type ClockStats, type Pace } from './cpu-runner.ts';
import { UNO_PIN_COUNT, isSerialPin, portBitToUnoPin, unoPinToPortBit } from './uno-pin-map.ts';

export interface AvrUnoEvents {
  /** Bytes the firmware sent on its USART (to the host). */
  transmit: [bytes: Uint8Array];
  'pin-change': [change: PinChange];
  /** The simulation stopped on an error; the board is dead. */
  halted: [error: Error];
}

export interface AvrUnoOptions {
  readonly pace?: Pace;
  readonly now?: () => number;
}

/** How long `receiveNow` lets the firmware run after the last byte landed: several passes of Firmata's loop(). */
const SETTLE_MS = 2;
/** Upper bound on one `receiveNow`, in simulated time, so a board that never reads cannot hang the caller. */
const RECEIVE_NOW_LIMIT_MS = 100;

const portNames: ReadonlyArray<PortName> = ['B', 'C', 'D'];

/**
 * An Arduino Uno with a simulated ATmega328P running real firmware: the serial end for virtual-serial.ts and the
 * pins for the bench (VirtualChargePoint). Bytes from the host enter the USART one character time apart, as on
 * the wire; a finger on a button drives the input pin, and the internal pull-up (PORT bit on an input) holds an
 * undriven pin HIGH — avr8js does not model pull-ups, so the levels are computed here and fed to the PIN register.
 */
export class AvrUno extends EventEmitter<AvrUnoEvents> implements VirtualSerialDevice, VirtualPins {
  readonly pinCount = UNO_PIN_COUNT;
  readonly #chip: Atmega328p;
  readonly #runner: CpuRunner;
  readonly #rxQueue: Array<number> = [];
  readonly #txBytes: Array<number> = [];
  readonly #external: Array<Bit | null> = new Array<Bit | null>(UNO_PIN_COUNT).fill(null);
  readonly #levels: Array<Bit>;
  /** Whether each pin is driven (an output) — a relay module reads an undriven IN as open. */
  readonly #driven: Array<boolean>;
  #inRun = false;

  constructor(flash: Uint8Array, options: AvrUnoOptions = {}) {
    super();
    const chip = new Atmega328p(flash);
    this.#chip = chip;
    this.#levels = Array.from({ length: UNO_PIN_COUNT }, (_, pin) => this.#levelOf(pin));
    this.#driven = Array.from({ length: UNO_PIN_COUNT }, (_, pin) => this.#isDriven(pin));
    this.#runner = new CpuRunner(
      { get cycles() { return chip.cycles; }, runUntil: (cycle) => this.#run(cycle) },
      { clockHz: chip.clockHz, pace: options.pace, now: options.now },
    );
    this.#runner.on('halted', (error) => this.emit('halted', error));
    chip.usart.onByteTransmit = (byte) => this.#txBytes.push(byte);
    chip.usart.onRxComplete = () => this.#pumpRx();
    for (const name of portNames) chip.ports[name].addListener(() => this.#refreshPort(name));
  }

  get pace(): Pace {
    return this.#runner.pace;
  }

  set pace(pace: Pace) {
    this.#runner.pace = pace;
  }

  get isRunning(): boolean {
    return this.#runner.isRunning;
  }

  /** Simulated time since power-on. */
  get simulatedMs(): number {
    return this.#chip.simulatedMs;
  }

  clockStats(): ClockStats {
    return this.#runner.stats();
  }

  /** Power on: the firmware starts from its reset vector and runs paced by the event loop. */
  start(): void {
    this.#runner.start();
  }

  /** Power off: no timers left. */
  stop(): void {
    this.#runner.stop();
    this.#flushTx();
  }

  /** The RESET line (DTR when a host opens the USB port): every pin released, the program restarts. */
  reset(): void {
    this.#rxQueue.length = 0;
    this.#chip.reset();
  }

  /** Program memory, for a bootloader: read it, or write one page (no reset; `reset()` runs the new program). */
  readFlash(byteAddress: number, length: number): Uint8Array {
    return this.#chip.readFlash(byteAddress, length);
  }

  writeFlash(byteAddress: number, data: Uint8Array): void {
    this.#chip.cpu.progBytes.set(data, byteAddress);
  }

  /**
   * Fault injection (bench and tests): the program stops going round its loop, whatever the firmware — the CPU
   * spins on an `rjmp .` in the last flash word from now on; interrupts still run, as in a real hang.
   */
  injectHang(): void {
    const address = this.#chip.cpu.progBytes.length - 2;
    this.#chip.cpu.progBytes.set([0xff, 0xcf], address); // rjmp -1, little-endian
    this.#chip.cpu.pc = address / 2;
  }

  receive(bytes: Uint8Array): void {
    for (const byte of bytes) this.#rxQueue.push(byte);
    this.#pumpRx();
  }

  /**
   * Delivers `bytes` and runs the firmware synchronously until it has read them and gone round its loop:
   * what a command does to the pins has happened when this returns (the fail-safe's writePinSync). Called from
   * inside the simulation (a pin-change listener), it only queues: the running slice delivers them.
   * Returns false if the firmware did not take every byte (not booted, or receiver off).
   */
  receiveNow(bytes: Uint8Array): boolean {
    this.receive(bytes);
    if (this.#inRun) return true;
    const cyclesPerMs = this.#chip.clockHz / 1000;
    const limit = this.#chip.cycles + RECEIVE_NOW_LIMIT_MS * cyclesPerMs;
    while ((this.#rxQueue.length > 0 || this.#chip.usart.rxBusy) && this.#chip.cycles < limit) {
      this.#run(Math.min(limit, this.#chip.cycles + cyclesPerMs / 10));
    }
    const delivered = this.#rxQueue.length === 0 && !this.#chip.usart.rxBusy;
    if (delivered) this.#run(this.#chip.cycles + SETTLE_MS * cyclesPerMs);
    return delivered;
  }

  /**
   * Runs the firmware for `ms` of simulated time now, synchronously: a board that goes on running while its
   * host's event loop is blocked (tests of a busy host). Ignored from inside the simulation.
   */
  runNow(ms: number): void {
    if (this.#inRun) return;
    this.#run(this.#chip.cycles + (ms * this.#chip.clockHz) / 1000);
  }

  level(pin: number): Bit {
    unoPinToPortBit(pin); // range check
    return this.#levelOf(pin);
  }

  pins(): Array<PinSnapshot> {
    return this.#levels.map((_, pin) => this.#snapshot(pin));
  }

  setExternalLevel(pin: number, level: Bit | null): void {
    const { port } = unoPinToPortBit(pin);
    this.#external[pin] = level;
    this.#refreshPort(port);
  }

  /**
   * The PORT-register bits behind Firmata port `port` (pins port×8 … port×8+7): output levels for outputs,
   * pull-up enables for inputs. Writing it back in a DIGITAL_MESSAGE changes nothing, so a caller can flip one bit.
   */
  firmataPortValue(port: number): number {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      if (pin >= UNO_PIN_COUNT) break;
      const location = unoPinToPortBit(pin);
      const register = this.#chip.cpu.data[this.#chip.ports[location.port].portConfig.PORT]!;
      if (register & (1 << location.bit)) value |= 1 << bit;
    }
    return value;
  }

  /** Sets the voltage on analog input `channel` (A0..A5), 0..5 V. */
  setAnalogVoltage(channel: number, volts: number): void {
    this.#chip.adc.channelValues[channel] = volts;
  }

  #run(cycle: number): void {
    this.#inRun = true;
    try {
      this.#pumpRx(); // the firmware may have just turned its receiver on
      this.#chip.runUntil(cycle);
    } finally {
      this.#inRun = false;
      this.#flushTx();
    }
  }

  #pumpRx(): void {
    const { usart } = this.#chip;
    if (this.#rxQueue.length === 0 || usart.rxBusy || !usart.rxEnable) return;
    // One character at a time: writeByte takes a character time (10 bits at the firmware's baud rate) to land.
    usart.writeByte(this.#rxQueue.shift()!);
  }

  #flushTx(): void {
    if (this.#txBytes.length === 0) return;
    const bytes = Uint8Array.from(this.#txBytes);
    this.#txBytes.length = 0;
    this.emit('transmit', bytes);
  }

  /** After DDR/PORT changed or an input was driven: feed input levels to the PIN register, announce changes. */
  #refreshPort(name: PortName): void {
    const port = this.#chip.ports[name];
    for (let bit = 0; bit < 8; bit++) {
      const pin = portBitToUnoPin(name, bit);
      if (pin === undefined) continue;
      const level = this.#levelOf(pin);
      const state = port.pinState(bit);
      if (state === PinState.Input || state === PinState.InputPullUp) port.setPin(bit, level === 1);
      const previous = this.#levels[pin]!;
      const driven = state === PinState.High || state === PinState.Low;
      // A pin let go at the level it had (an output LOW becoming an input, as on a reset) changes no level,
      // but it changes what a relay module on it does, so it is announced too.
      if (level !== previous || driven !== this.#driven[pin]) {
        this.#levels[pin] = level;
        this.#driven[pin] = driven;
        this.emit('pin-change', { pin, level, previous });
      }
    }
  }

  #isDriven(pin: number): boolean {
    const { port, bit } = unoPinToPortBit(pin);
    const state = this.#chip.ports[port].pinState(bit);
    return state === PinState.High || state === PinState.Low;
  }

  #levelOf(pin: number): Bit {
    const { port, bit } = unoPinToPortBit(pin);
    switch (this.#chip.ports[port].pinState(bit)) {
      case PinState.High: return 1;
      case PinState.Low: return 0;
      case PinState.InputPullUp: return this.#external[pin] ?? 1;
      default: return this.#external[pin] ?? 0; // a floating input reads LOW here, as on the sim board
    }
  }

  #snapshot(pin: number): PinSnapshot {
    const { port, bit } = unoPinToPortBit(pin);
    const state = this.#chip.ports[port].pinState(bit);
    const mode = isSerialPin(pin)
      ? undefined
      : state === PinState.High || state === PinState.Low ? PinMode.OUTPUT : state === PinState.InputPullUp ? PinMode.PULLUP : PinMode.INPUT;
    return { pin, mode, level: this.#levelOf(pin), pullUp: state === PinState.InputPullUp, externalLevel: this.#external[pin] ?? null, pwm: 0 };
  }
}
