import type { WiringProfile } from '../../wiring/index.ts';
import type { Board } from '../board.ts';
import type { FailSafe } from './fail-safe.ts';
import { LedBank } from './led-bank.ts';
import { Relay } from './relay.ts';
import { KO_TOGGLE, PLUG_TOGGLE, ToggleButton, type KoButton, type PlugButton } from './toggle-button.ts';

export interface ChargePointHardware {
  readonly leds: LedBank;
  readonly relay: Relay;
  readonly koButton: KoButton;
  readonly plugButton: PlugButton;
  /** Opens the relay, turns the LEDs off, stops button timers and leaves the fail-safe. The board stays open. */
  close(): void;
}

export interface ChargePointHardwareOptions {
  /** Passed to the Relay; defaults to the process-wide fail-safe. */
  readonly failSafe?: FailSafe | false;
}

/** Builds every physical part of a charging point on `board`, placed as `wiring` says (relay first: it starts open). */
export function createChargePointHardware(board: Board, wiring: WiringProfile, options: ChargePointHardwareOptions = {}): ChargePointHardware {
  const relay = new Relay(board, { pin: wiring.relay.pin, activeLevel: wiring.relay.activeLevel, failSafe: options.failSafe });
  const leds = new LedBank(board, { pins: wiring.leds });
  const koButton: KoButton = new ToggleButton(board, { ...wiring.buttons.ko, names: KO_TOGGLE });
  const plugButton: PlugButton = new ToggleButton(board, { ...wiring.buttons.plug, names: PLUG_TOGGLE });
  let closed = false;
  return {
    leds,
    relay,
    koButton,
    plugButton,
    close(): void {
      if (closed) return;
      closed = true;
      relay.dispose();
      leds.dispose();
      koButton.dispose();
      plugButton.dispose();
    },
  };
}
