import type { BusSecurity } from '../bus/index.ts';
import { UsageError } from '../protocol/index.ts';

/** What `evc fleet` runs (DESIGN §6); every field has the CLI's default. */
export interface FleetOptions {
  /** Simulated CPs. */
  cps: number;
  /** Simulated drivers (each has at most one session at a time, DESIGN §4.5). */
  drivers: number;
  /** Central's Monitor port. */
  central: { host: string; port: number };
  deviceBus: string;
  driverBus: string;
  /** A CA for mqtts:// or Kafka TLS, a Kafka SASL login: as `--bus-ca`, `--kafka-user`, `--kafka-password`. */
  busSecurity: BusSecurity;
  /** Central's dashboard URL, for its SSE stream (telemetry → SSE latency, Central's view of states); undefined: off. */
  httpUrl: string | undefined;
  /** Share of CPs (0–1) that charge for the whole run, a driver each. */
  chargingShare: number;
  /** Telemetry messages per second per charging CP. */
  telemetryHz: number;
  /** Charge requests per second on top (short sessions of `sessionS`). */
  requestRate: number;
  /** Length of a requested session, seconds. */
  sessionS: number;
  /** KO presses per minute across the fleet; each fault is cleared after `koHoldS`. */
  koPerMin: number;
  koHoldS: number;
  /** CPs started per second during the ramp. */
  rampPerS: number;
  /** Seconds of the measured window, once every CP is up (or the ramp timed out). */
  durationS: number;
  /** How long every CP may take to come up before the window starts anyway. */
  rampTimeoutS: number;
  /** CP ids are `{prefix}CP{n}`, drivers `{prefix}D{n}`. */
  prefix: string;
  /** Secrets and tokens derive from it (secrets.ts). */
  seed: string;
  /** Processes the CPs and drivers are spread over (each has its own open-file limit). */
  processes: number;
  /** A request with no answer within this time counts as unanswered. */
  answerTimeoutMs: number;
  /** Hello → welcome/reject wait, as a Monitor's (DESIGN §4.2). */
  helloTimeoutMs: number;
}

export const FLEET_DEFAULTS: FleetOptions = {
  cps: 100,
  drivers: 0,
  central: { host: '127.0.0.1', port: 7070 },
  deviceBus: 'mqtt://127.0.0.1:1883',
  driverBus: '',
  busSecurity: {},
  httpUrl: 'http://127.0.0.1:8080',
  chargingShare: 0,
  telemetryHz: 1,
  requestRate: 0,
  sessionS: 2,
  koPerMin: 0,
  koHoldS: 5,
  rampPerS: 500,
  durationS: 30,
  rampTimeoutS: 120,
  prefix: 'F',
  seed: 'evc-fleet',
  processes: 1,
  answerTimeoutMs: 10_000,
  helloTimeoutMs: 5000,
};

/** Fills the defaults that depend on other options and refuses impossible combinations. */
export function resolveFleetOptions(input: Partial<FleetOptions>): FleetOptions {
  const options: FleetOptions = { ...FLEET_DEFAULTS, ...input };
  if (!options.driverBus) options.driverBus = options.deviceBus;
  if (!Number.isInteger(options.cps) || options.cps < 1) throw new UsageError(`--cps must be a whole number of 1 or more, got ${options.cps}`);
  if (!(options.chargingShare >= 0 && options.chargingShare <= 1)) throw new UsageError(`--charging must be between 0 and 1, got ${options.chargingShare}`);
  if (!(options.telemetryHz > 0 && options.telemetryHz <= 50)) throw new UsageError(`--telemetry-hz must be above 0 and at most 50, got ${options.telemetryHz}`);
  for (const [flag, value] of [['--request-rate', options.requestRate], ['--ko-per-min', options.koPerMin], ['--duration', options.durationS]] as const) {
    if (!(value >= 0)) throw new UsageError(`${flag} must be 0 or more, got ${value}`);
  }
  if (!(options.rampPerS > 0)) throw new UsageError(`--ramp must be above 0, got ${options.rampPerS}`);
  if (!(options.sessionS > 0)) throw new UsageError(`--session-s must be above 0, got ${options.sessionS}`);
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(options.prefix)) throw new UsageError(`--prefix must be 1-20 letters, digits, _ or -, got "${options.prefix}"`);
  if (!Number.isInteger(options.processes) || options.processes < 1 || options.processes > 16) throw new UsageError(`--processes must be 1-16, got ${options.processes}`);
  const charging = Math.ceil(options.chargingShare * options.cps);
  if (options.drivers === 0) options.drivers = charging + Math.ceil(options.requestRate * (options.sessionS + 2)) + (options.requestRate > 0 ? 10 : 0);
  if (options.drivers < charging) throw new UsageError(`--drivers ${options.drivers} is fewer than the ${charging} charging CPs; each needs a driver`);
  return options;
}

export function cpIdOf(options: Pick<FleetOptions, 'prefix'>, index: number): string {
  return `${options.prefix}CP${index + 1}`;
}

export function driverIdOf(options: Pick<FleetOptions, 'prefix'>, index: number): string {
  return `${options.prefix}D${index + 1}`;
}
