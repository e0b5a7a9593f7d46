import { EventEmitter } from 'node:events';
import { EvcError } from '../../protocol/index.ts';
import type { ButtonName, WiringProfile } from '../../wiring/index.ts';
import type { Bit, PinChange, PinSnapshot } from './firmata-device.ts';
import type { VirtualPins } from './virtual-device.ts';
import { PinMode } from './firmata-constants.ts';
import type { HostReadWatcher } from './host-reads.ts';

export type OutputName = 'green' | 'amber' | 'red' | 'relay';
/** What the charging point shows and does, read from pin levels (DESIGN §6 `GET /outputs`). */
export type Outputs = Record<OutputName, boolean>;
export const outputNames: ReadonlyArray<OutputName> = ['green', 'amber', 'red', 'relay'];
export const buttonNames: ReadonlyArray<ButtonName> = ['ko', 'plug'];

export interface OutputChange {
  readonly name: OutputName;
  readonly on: boolean;
}

export interface VirtualChargePointEvents {
  /** An LED turned on/off or the relay closed/opened, as seen on its pin. */
  'output-change': [change: OutputChange, outputs: Outputs];
  /** Any pin level changed (outputs driven by the host, inputs by a finger). */
  'pin-change': [change: PinChange];
}

/**
 * The bench around the virtual board: a finger for each button and a voltmeter on each output, placed on the
 * pins the wiring profile names. Everything here is read from or written to pin levels, never engine state.
 */
export class VirtualChargePoint extends EventEmitter<VirtualChargePointEvents> {
  readonly #device: VirtualPins;
  readonly #wiring: WiringProfile;
  readonly #outputPins: ReadonlyMap<number, OutputName>;
  #hostReads: HostReadWatcher | undefined;

  constructor(device: VirtualPins, wiring: WiringProfile) {
    super();
    this.#device = device;
    this.#wiring = wiring;
    const pins = [wiring.leds.green, wiring.leds.amber, wiring.leds.red, wiring.relay.pin, wiring.buttons.ko.pin, wiring.buttons.plug.pin];
    const bad = pins.find((pin) => typeof pin !== 'number' || pin >= device.pinCount);
    if (bad !== undefined) {
      throw new EvcError('BAD_WIRING', `wiring "${wiring.name}" uses pin ${bad}, which the virtual Uno lacks; use --wiring uno or nano with --board sim or avr-sim`, 2);
    }
    this.#outputPins = new Map<number, OutputName>([
      [wiring.leds.green as number, 'green'],
      [wiring.leds.amber as number, 'amber'],
      [wiring.leds.red as number, 'red'],
      [wiring.relay.pin as number, 'relay'],
    ]);
    device.on('pin-change', (change) => {
      this.emit('pin-change', change);
      const name = this.#outputPins.get(change.pin);
      if (name) this.emit('output-change', { name, on: this.#isOn(name) }, this.outputs());
    });
  }

  get wiring(): WiringProfile {
    return this.#wiring;
  }

  /** A finger on the button: the pin goes to its pressed level (LOW for a button to GND with pull-up). */
  pressButton(name: ButtonName): void {
    const button = this.#button(name);
    this.#device.setExternalLevel(button.pin as number, button.pullUp ? 0 : 1);
  }

  /** Finger off: with the internal pull-up the pin floats up; without it the external pull-down holds it LOW. */
  releaseButton(name: ButtonName): void {
    const button = this.#button(name);
    this.#device.setExternalLevel(button.pin as number, button.pullUp ? null : 0);
  }

  /** The board tells the bench how to see that its host has read a pin (see `tapButton`). */
  attachHost(hostReads: HostReadWatcher): void {
    this.#hostReads = hostReads;
  }

  /**
   * Press, hold for `holdMs` (a real finger outlasts the debounce), release. The hold starts once the
   * host has read the press: armed at the press, a stalled event loop runs the release timer before the
   * press report is read, and johnny-five's debounce keeps only the release — the tap is lost.
   */
  tapButton(name: ButtonName, holdMs = 60): Promise<void> {
    const button = this.#button(name);
    return this.tapPin(button.pin as number, button.pullUp ? 0 : 1, holdMs);
  }

  /** `tapButton` by pin: drives `pin` to `pressedLevel`, holds, then lets it go back (floating = idle level). */
  async tapPin(pin: number, pressedLevel: Bit, holdMs = 60): Promise<void> {
    const read = this.#hostReads?.(pin, pressedLevel);
    this.#device.setExternalLevel(pin, pressedLevel);
    await read;
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    this.#device.setExternalLevel(pin, pressedLevel === 0 ? null : 0);
  }

  outputs(): Outputs {
    return { green: this.#isOn('green'), amber: this.#isOn('amber'), red: this.#isOn('red'), relay: this.#isOn('relay') };
  }

  pinLevel(pin: number): Bit {
    return this.#device.level(pin);
  }

  pins(): Array<PinSnapshot> {
    return this.#device.pins();
  }

  /** Resolves when output `name` is (or becomes) `on`; rejects after `timeoutMs` naming what it saw. */
  waitForOutput(name: OutputName, on: boolean, timeoutMs = 2000): Promise<void> {
    if (this.#isOn(name) === on) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (change: OutputChange): void => {
        if (change.name !== name || change.on !== on) return;
        clearTimeout(timer);
        this.off('output-change', listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('output-change', listener);
        reject(new Error(`output ${name} did not turn ${on ? 'on' : 'off'} within ${timeoutMs} ms (outputs: ${JSON.stringify(this.outputs())})`));
      }, timeoutMs);
      this.on('output-change', listener);
    });
  }

  #button(name: ButtonName): WiringProfile['buttons']['ko'] {
    if (name !== 'ko' && name !== 'plug') throw new EvcError('UNKNOWN_BUTTON', `unknown button "${String(name)}": use ko or plug`, 2);
    return this.#wiring.buttons[name];
  }

  #isOn(name: OutputName): boolean {
    if (name === 'relay') {
      const { pin, activeLevel } = this.#wiring.relay;
      // An undriven IN (a pin left an input, as after a reset) is open on both module kinds: an active-high
      // module's transistor base is pulled down, an active-low module's optocoupler LED has no current path.
      const mode = this.#device.pins()[pin as number]?.mode;
      if (mode !== PinMode.OUTPUT && mode !== PinMode.PWM) return false;
      return this.#device.level(pin as number) === (activeLevel === 'high' ? 1 : 0);
    }
    return this.#device.level(this.#wiring.leds[name] as number) === 1;
  }
}
