import type { BusSecurity } from '../bus/index.ts';
import { cpId as cpIdSchema, driverId as driverIdSchema, UsageError } from '../protocol/index.ts';

export type DriverCommand =
  | { name: 'charge'; cpId: string }
  | { name: 'run'; file: string }
  | { name: 'list' }
  | { name: 'status'; cpId: string }
  | { name: 'stop' }
  | { name: 'watch' };

export interface DriverOptions {
  driverId: string;
  /** DESIGN §4.6: mqtt://, mqtts:// or kafka://. */
  busUrl: string;
  /** `--bus-ca`, `--kafka-user`, `--kafka-password`: what a TLS or SASL bus wants (DESIGN §4.6). */
  busSecurity?: BusSecurity;
  /** `--token` / EVC_TOKEN: what `evc central add-driver` printed; default the one kept in dataDir (DESIGN §4.5). */
  token?: string;
  /** One JSON object per line on stdout instead of text. */
  json: boolean;
  /** Where the driver's current session id (`driver-{id}.json`) and token (`driver-{id}.token`) are kept. */
  dataDir: string;
  /** `run`: wait between services (DESIGN §1: 4 s). */
  pauseMs: number;
  /** How long Central may take to answer a request. */
  answerTimeoutMs: number;
  /** After `plugInBy`, how long to wait for Central's word on the reservation. */
  plugInGraceMs: number;
  /** After a stop is accepted, how long to wait for the ticket. */
  ticketTimeoutMs: number;
  command: DriverCommand;
}

export const DEFAULT_BUS_URL = 'mqtt://127.0.0.1:1883';

export const DEFAULTS = {
  busUrl: DEFAULT_BUS_URL,
  pauseMs: 4000,
  answerTimeoutMs: 10_000,
  plugInGraceMs: 10_000,
  ticketTimeoutMs: 30_000,
} as const;

export const COMMAND_NAMES = ['charge', 'run', 'list', 'status', 'stop', 'watch'] as const;

/** `charge CP1`, `run FILE`, `list`, … → a command, or a usage error saying what is wrong. */
export function parseDriverCommand(words: string[]): DriverCommand {
  const [name, ...rest] = words;
  const needs = (count: number, what: string): string[] => {
    if (rest.length !== count) throw new UsageError(`"${name}" takes ${count === 0 ? 'no arguments' : what}; got ${rest.length ? rest.join(' ') : 'none'}`);
    return rest;
  };
  switch (name) {
    case 'charge': return { name, cpId: checkCpId(needs(1, 'one CP id')[0]!) };
    case 'status': return { name, cpId: checkCpId(needs(1, 'one CP id')[0]!) };
    case 'run': return { name, file: needs(1, 'one file name')[0]! };
    case 'list':
    case 'stop':
    case 'watch':
      needs(0, '');
      return { name };
    case undefined: throw new UsageError(`say what to do: ${COMMAND_NAMES.join(', ')}`);
    default: throw new UsageError(`unknown driver command "${name}"; use one of ${COMMAND_NAMES.join(', ')}`);
  }
}

export function checkDriverId(id: string | undefined): string {
  if (id === undefined || id === '') throw new UsageError('--id is required (or EVC_ID): the driver id, e.g. --id D1');
  if (!driverIdSchema.safeParse(id).success) throw new UsageError(`bad driver id "${id}": use 1-64 letters, digits, _ or -`);
  return id;
}

function checkCpId(id: string): string {
  if (!cpIdSchema.safeParse(id).success) throw new UsageError(`bad CP id "${id}": use 1-64 letters, digits, _ or -`);
  return id;
}

/** A non-negative whole number of ms from an option value. */
export function parseMs(value: string, option: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(ms)) throw new UsageError(`${option} takes a whole number of ms, not "${value}"`);
  return ms;
}
