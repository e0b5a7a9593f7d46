import { EvcError } from '../protocol/index.ts';
import { loadWiring, type WiringProfile } from '../wiring/index.ts';
import type { Board } from './board.ts';
import type { Logger } from '../base/logger.ts';
import type { FirmwareName } from './avr-sim/firmware.ts';
import { openAvrSimBoard } from './avr-sim/avr-sim-board.ts';
import { openRaspiBoard } from './raspi-board.ts';
import { openSerialFirmataBoard } from './serial-board.ts';
import { findBoardPort } from './flash/detect-port.ts';
import { openSimBoard } from './sim/sim-board.ts';

export type BoardSpec =
  | { readonly kind: 'sim' }
  | { readonly kind: 'avr-sim'; readonly firmware: FirmwareName }
  | { readonly kind: 'raspi' }
  | { readonly kind: 'firmata'; readonly path: string };

export interface OpenBoardOptions {
  /** `sim`/`avr-sim` place their buttons and output probes on these pins; defaults to the `uno` profile. */
  readonly wiring?: WiringProfile;
  /** `sim` and `avr-sim`: serve the control API on this port (0 = free; omit for none). DESIGN §6 `--sim-port`. */
  readonly simPort?: number;
  /** `sim` and `avr-sim`: control API address, default 127.0.0.1. */
  readonly simHost?: string;
  readonly readyTimeoutMs?: number;
  readonly logger?: Logger;
}

const usage = 'use sim, avr-sim, firmata:/dev/ttyACM0 (or firmata:COM3) or raspi; avr-sim:evc runs our firmware';

/** Parses a `--board` value (DESIGN §6). Throws a usage EvcError (exit code 2) naming the valid forms. */
export function parseBoardSpec(spec: string): BoardSpec {
  const text = spec.trim();
  if (text === 'sim' || text === 'raspi') return { kind: text };
  if (text === 'avr-sim' || text === 'avr-sim:standard') return { kind: 'avr-sim', firmware: 'standard' };
  if (text === 'avr-sim:evc') return { kind: 'avr-sim', firmware: 'evc' };
  if (text === 'firmata') return { kind: 'firmata', path: 'auto' }; // the one board found on USB
  if (text.startsWith('firmata:')) {
    const path = text.slice('firmata:'.length);
    if (path.length === 0) throw new EvcError('BAD_BOARD', `--board firmata: needs a serial port path, e.g. firmata:/dev/ttyACM0`, 2);
    return { kind: 'firmata', path };
  }
  throw new EvcError('BAD_BOARD', `unknown --board "${spec}": ${usage}`, 2);
}

/** Opens the board `spec` names and resolves once johnny-five is ready on it. */
export async function openBoard(spec: string, options: OpenBoardOptions = {}): Promise<Board> {
  const parsed = parseBoardSpec(spec);
  switch (parsed.kind) {
    case 'sim':
      return openSimBoard({
        wiring: options.wiring ?? loadWiring('uno'),
        controlPort: options.simPort,
        controlHost: options.simHost,
        readyTimeoutMs: options.readyTimeoutMs,
        logger: options.logger,
      });
    case 'firmata':
      return openSerialFirmataBoard(parsed.path === 'auto' ? await findBoardPort() : parsed.path, { readyTimeoutMs: options.readyTimeoutMs, logger: options.logger });
    case 'raspi':
      return openRaspiBoard({ logger: options.logger });
    case 'avr-sim':
      return openAvrSimBoard({
        firmware: parsed.firmware,
        wiring: options.wiring ?? loadWiring('uno'),
        controlPort: options.simPort,
        controlHost: options.simHost,
        readyTimeoutMs: options.readyTimeoutMs,
        logger: options.logger,
      });
  }
}
