import { EventEmitter } from 'node:events';
import * as F from './firmata-constants.ts';
import { FirmataParser, type FirmataCommand } from './firmata-parser.ts';
import { unoPins, type PinCapability } from './uno-pins.ts';

export type Bit = 0 | 1;

/** What a pin is doing right now, as a voltmeter on the board would see it. */
export interface PinSnapshot {
  readonly pin: number;
  /** Firmata mode number (PinMode), or undefined for pins with no mode (D0/D1, the serial link). */
  readonly mode: number | undefined;
  /** The logic level on the pin: driven by the host for outputs, by the outside world or the pull-up for inputs. */
  readonly level: Bit;
  readonly pullUp: boolean;
  /** What is wired to an input from outside (a pressed button), or null when nothing drives it. */
  readonly externalLevel: Bit | null;
  readonly pwm: number;
}

export interface PinChange {
  readonly pin: number;
  readonly level: Bit;
  readonly previous: Bit;
}

export interface FirmataDeviceEvents {
  /** Bytes the board sends to the host over the serial line. */
  transmit: [bytes: Uint8Array];
  'pin-change': [change: PinChange];
}

export interface FirmataDeviceOptions {
  readonly pins?: ReadonlyArray<PinCapability>;
  readonly firmwareName?: string;
  readonly firmwareVersion?: { readonly major: number; readonly minor: number };
}

interface PinState {
  mode: number | undefined;
  output: Bit;
  pwm: number;
  pullUp: boolean;
  external: Bit | null;
}

const isInputMode = (mode: number | undefined): boolean => mode === F.PinMode.INPUT || mode === F.PinMode.PULLUP;

/**
 * A virtual board running StandardFirmata 2.5: parses what the host sends, keeps each pin's mode and level,
 * and answers as the firmware would. Pure: no timers and no I/O; bytes for the host leave as 'transmit' events.
 */
export class FirmataDevice extends EventEmitter<FirmataDeviceEvents> {
  readonly #capabilities: ReadonlyArray<PinCapability>;
  readonly #firmwareName: string;
  readonly #version: { readonly major: number; readonly minor: number };
  readonly #parser = new FirmataParser();
  readonly #pins: Array<PinState>;
  readonly #reportedPorts = new Map<number, number>(); // port → last value sent
  readonly #reportedAnalog = new Set<number>();
  readonly #analogInputs = new Map<number, number>();
  #levels: Array<Bit>;
  #samplingIntervalMs = 19;

  constructor(options: FirmataDeviceOptions = {}) {
    super();
    this.#capabilities = options.pins ?? unoPins();
    this.#firmwareName = options.firmwareName ?? 'StandardFirmata.ino';
    this.#version = options.firmwareVersion ?? { major: 2, minor: 5 };
    this.#pins = this.#capabilities.map(() => ({ mode: undefined, output: 0, pwm: 0, pullUp: false, external: null }));
    this.#resetPins();
    this.#levels = this.#pins.map((_, pin) => this.#levelOf(pin));
  }

  get pinCount(): number {
    return this.#pins.length;
  }

  get samplingIntervalMs(): number {
    return this.#samplingIntervalMs;
  }

  /** Bytes dropped as noise so far (outside any command, unknown commands, over-long sysex). */
  get discardedByteCount(): number {
    return this.#parser.discardedByteCount;
  }

  /** What StandardFirmata's setup() sends when the board comes out of reset: version, then firmware name. */
  start(): void {
    this.#sendVersion();
    this.#sendFirmware();
  }

  /** Feeds bytes from the host. Never throws: noise is counted and skipped. */
  receive(bytes: Uint8Array): void {
    for (const command of this.#parser.push(bytes)) this.#handle(command);
  }

  /** Drives an input from outside (a finger on a button), or lets it float with `null`. */
  setExternalLevel(pin: number, level: Bit | null): void {
    const state = this.#pinState(pin);
    if (!state) throw new RangeError(`pin ${pin} does not exist on this board (0..${this.#pins.length - 1})`);
    state.external = level;
    this.#publish();
  }

  level(pin: number): Bit {
    if (!this.#pinState(pin)) throw new RangeError(`pin ${pin} does not exist on this board (0..${this.#pins.length - 1})`);
    return this.#levelOf(pin);
  }

  pin(pin: number): PinSnapshot {
    const state = this.#pinState(pin);
    if (!state) throw new RangeError(`pin ${pin} does not exist on this board (0..${this.#pins.length - 1})`);
    return { pin, mode: state.mode, level: this.#levelOf(pin), pullUp: state.pullUp, externalLevel: state.external, pwm: state.pwm };
  }

  pins(): Array<PinSnapshot> {
    return this.#pins.map((_, pin) => this.pin(pin));
  }

  #pinState(pin: number): PinState | undefined {
    return Number.isInteger(pin) ? this.#pins[pin] : undefined;
  }

  #levelOf(pin: number): Bit {
    const state = this.#pins[pin]!;
    if (state.mode === F.PinMode.OUTPUT) return state.output;
    if (state.mode === F.PinMode.PWM || state.mode === F.PinMode.SERVO) return state.pwm > 0 ? 1 : 0;
    return state.external ?? (state.pullUp ? 1 : 0);
  }

  #handle(command: FirmataCommand): void {
    switch (command.kind) {
      case 'digital-port': this.#writePort(command.port, command.value); break;
      case 'digital-pin': this.#writePin(command.pin, command.value); break;
      case 'analog-write': this.#writePwm(command.pin, command.value); break;
      case 'pin-mode': this.#setMode(command.pin, command.mode); break;
      case 'report-digital': this.#reportDigital(command.port, command.enable); break;
      case 'report-analog': this.#reportAnalog(command.channel, command.enable); break;
      case 'report-version': this.#sendVersion(); break;
      case 'system-reset': this.#resetPins(); this.#reportedPorts.clear(); this.#reportedAnalog.clear(); break;
      case 'sysex': this.#handleSysex(command.body); break;
    }
    this.#publish();
  }

  #handleSysex(body: ReadonlyArray<number>): void {
    const [subCommand, ...data] = body;
    switch (subCommand) {
      case F.REPORT_FIRMWARE: this.#sendFirmware(); break;
      case F.CAPABILITY_QUERY: this.#sendCapabilities(); break;
      case F.ANALOG_MAPPING_QUERY: this.#sendSysex(F.ANALOG_MAPPING_RESPONSE, this.#capabilities.map((pin) => pin.analogChannel)); break;
      case F.PIN_STATE_QUERY: if (data.length >= 1) this.#sendPinState(data[0]!); break;
      case F.SAMPLING_INTERVAL:
        if (data.length >= 2) this.#samplingIntervalMs = Math.max(1, data[0]! | (data[1]! << 7));
        break;
      case F.EXTENDED_ANALOG:
        if (data.length >= 2) this.#writePwm(data[0]!, data.slice(1).reduce((sum, byte, index) => sum | (byte << (7 * index)), 0));
        break;
      default: break; // I2C, servo config, strings: nothing on this board uses them
    }
  }

  #writePort(port: number, value: number): void {
    for (let bit = 0; bit < 8; bit++) {
      const state = this.#pins[port * 8 + bit];
      if (!state) continue;
      const level: Bit = (value >> bit) & 1 ? 1 : 0;
      if (state.mode === F.PinMode.OUTPUT) state.output = level;
      // StandardFirmata keeps the Arduino idiom: writing 1 to an INPUT pin turns its pull-up on; 0 leaves it.
      else if (state.mode === F.PinMode.INPUT && level === 1) state.pullUp = true;
    }
  }

  #writePin(pin: number, value: number): void {
    const state = this.#pinState(pin);
    if (state?.mode === F.PinMode.OUTPUT) state.output = value & 1 ? 1 : 0;
  }

  #writePwm(pin: number, value: number): void {
    const state = this.#pinState(pin);
    if (state && (state.mode === F.PinMode.PWM || state.mode === F.PinMode.SERVO)) state.pwm = value;
  }

  #setMode(pin: number, mode: number): void {
    const state = this.#pinState(pin);
    const supported = this.#capabilities[pin]?.modes.some(([candidate]) => candidate === mode) ?? false;
    if (!state || !supported) return; // as the firmware does: an unsupported mode leaves the pin alone
    state.mode = mode;
    state.pullUp = mode === F.PinMode.PULLUP;
    state.output = 0;
    state.pwm = 0;
  }

  #reportDigital(port: number, enable: boolean): void {
    if (!enable) {
      this.#reportedPorts.delete(port);
      return;
    }
    // StandardFirmata 2.5 sends the port at once when reporting is turned on, so the host knows the state.
    const value = this.#inputPortValue(port);
    this.#reportedPorts.set(port, value);
    this.#transmit([F.DIGITAL_MESSAGE | port, value & 0x7f, (value >> 7) & 0x7f]);
  }

  #reportAnalog(channel: number, enable: boolean): void {
    if (!enable) {
      this.#reportedAnalog.delete(channel);
      return;
    }
    this.#reportedAnalog.add(channel);
    this.#sendAnalog(channel);
  }

  /** Sets an analog input's reading (0..1023) and reports it if the host asked for that channel. */
  setAnalogInput(channel: number, value: number): void {
    this.#analogInputs.set(channel, value & 0x3fff);
    if (this.#reportedAnalog.has(channel)) this.#sendAnalog(channel);
  }

  #sendAnalog(channel: number): void {
    const value = this.#analogInputs.get(channel) ?? 0;
    this.#transmit([F.ANALOG_MESSAGE | (channel & 0x0f), value & 0x7f, (value >> 7) & 0x7f]);
  }

  #inputPortValue(port: number): number {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      const state = this.#pins[pin];
      if (state && isInputMode(state.mode) && this.#levelOf(pin) === 1) value |= 1 << bit;
    }
    return value;
  }

  /** After any change: announce pins whose level moved, then report input ports that changed (the firmware's loop). */
  #publish(): void {
    for (let pin = 0; pin < this.#pins.length; pin++) {
      const level = this.#levelOf(pin);
      const previous = this.#levels[pin]!;
      if (level !== previous) {
        this.#levels[pin] = level;
        this.emit('pin-change', { pin, level, previous });
      }
    }
    for (const [port, last] of this.#reportedPorts) {
      const value = this.#inputPortValue(port);
      if (value === last) continue;
      this.#reportedPorts.set(port, value);
      this.#transmit([F.DIGITAL_MESSAGE | port, value & 0x7f, (value >> 7) & 0x7f]);
    }
  }

  #resetPins(): void {
    // StandardFirmata's systemResetCallback: analog pins to ANALOG, other digital pins to OUTPUT low.
    this.#pins.forEach((state, pin) => {
      const capability = this.#capabilities[pin]!;
      const modes = capability.modes.map(([mode]) => mode);
      state.mode = capability.analogChannel !== F.NO_ANALOG_CHANNEL ? F.PinMode.ANALOG : modes.includes(F.PinMode.OUTPUT) ? F.PinMode.OUTPUT : undefined;
      state.output = 0;
      state.pwm = 0;
      state.pullUp = false;
    });
  }

  #sendVersion(): void {
    this.#transmit([F.REPORT_VERSION, this.#version.major, this.#version.minor]);
  }

  #sendFirmware(): void {
    const name = [...Buffer.from(this.#firmwareName, 'ascii')].flatMap((byte) => [byte & 0x7f, (byte >> 7) & 0x7f]);
    this.#sendSysex(F.REPORT_FIRMWARE, [this.#version.major, this.#version.minor, ...name]);
  }

  #sendCapabilities(): void {
    const body = this.#capabilities.flatMap((pin) => [...pin.modes.flatMap(([mode, bits]) => [mode, bits]), 0x7f]);
    this.#sendSysex(F.CAPABILITY_RESPONSE, body);
  }

  #sendPinState(pin: number): void {
    const state = this.#pinState(pin);
    if (!state) return;
    const mode = state.mode ?? 0x7f;
    const value = state.mode === F.PinMode.OUTPUT ? state.output : isInputMode(state.mode) ? Number(state.pullUp) : state.pwm;
    const valueBytes = [value & 0x7f];
    for (let rest = value >> 7; rest > 0; rest >>= 7) valueBytes.push(rest & 0x7f);
    this.#sendSysex(F.PIN_STATE_RESPONSE, [pin, mode, ...valueBytes]);
  }

  #sendSysex(subCommand: number, body: ReadonlyArray<number>): void {
    this.#transmit([F.START_SYSEX, subCommand, ...body, F.END_SYSEX]);
  }

  #transmit(bytes: ReadonlyArray<number>): void {
    this.emit('transmit', Uint8Array.from(bytes));
  }
}
