import type { Command } from 'commander';
import pc from 'picocolors';
import { parseHostPort } from '../../firmware-host/cp/central-address.ts';
import { FLEET_DEFAULTS, formatProgress, formatSummary, runFleet, type FleetOptions } from '../../fleet/index.ts';
import { UsageError } from '../../protocol/index.ts';
import { addBusSecurityOptions, busSecurity, type BusSecurityFlags } from '../bus-security.ts';
import { onStopSignals } from '../stop-signals.ts';

interface FleetFlags extends BusSecurityFlags {
  cps: string;
  drivers?: string;
  central: string;
  deviceBus: string;
  driverBus?: string;
  http: string;
  charging: string;
  telemetryHz: string;
  requestRate: string;
  sessionS: string;
  koPerMin: string;
  ramp: string;
  duration: string;
  rampTimeout: string;
  prefix: string;
  seed: string;
  processes: string;
  json?: boolean;
}

function numberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} must be a number, got "${text}"`);
  return value;
}

const EXAMPLES = `
Central must be running (for example: evc central --registration open --no-panel).
Secrets derive from --seed, so a second run logs in with the secrets the first one registered.

Examples:
  evc fleet --cps 1000 --charging 1 --duration 60                 1,000 CPs charging at 1 Hz
  evc fleet --cps 1000 --request-rate 500 --session-s 1           500 charge requests/s
  evc fleet --cps 10000 --processes 2 --device-bus mqtt://127.0.0.1:1884 --json`;

/** `evc fleet` (DESIGN §6): load against a running Central; a summary (or --json) at the end. */
async function fleetCommand(flags: FleetFlags): Promise<void> {
  const central = parseHostPort(flags.central, 7070);
  const input: Partial<FleetOptions> = {
    cps: numberFlag('--cps', flags.cps),
    ...(flags.drivers === undefined ? {} : { drivers: numberFlag('--drivers', flags.drivers) }),
    central,
    deviceBus: flags.deviceBus,
    ...(flags.driverBus === undefined ? {} : { driverBus: flags.driverBus }),
    busSecurity: await busSecurity(flags),
    httpUrl: flags.http === 'off' ? undefined : flags.http,
    chargingShare: numberFlag('--charging', flags.charging),
    telemetryHz: numberFlag('--telemetry-hz', flags.telemetryHz),
    requestRate: numberFlag('--request-rate', flags.requestRate),
    sessionS: numberFlag('--session-s', flags.sessionS),
    koPerMin: numberFlag('--ko-per-min', flags.koPerMin),
    rampPerS: numberFlag('--ramp', flags.ramp),
    durationS: numberFlag('--duration', flags.duration),
    rampTimeoutS: numberFlag('--ramp-timeout', flags.rampTimeout),
    prefix: flags.prefix,
    seed: flags.seed,
    processes: numberFlag('--processes', flags.processes),
  };
  const stop = new AbortController();
  const removeSignals = onStopSignals(() => stop.abort(), { once: true });
  const tty = process.stderr.isTTY === true;
  let lines = 0;
  try {
    const { options, summary } = await runFleet(input, {
      signal: stop.signal,
      onProgress: (progress) => {
        const line = formatProgress(progress);
        // On a terminal one line is redrawn; in a log, a line every 5 s.
        if (tty) process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 200) - 1)}\x1b[K`);
        else if (lines++ % 5 === 0) process.stderr.write(`${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      const bold = process.stdout.isTTY ? pc.bold : (text: string) => text;
      process.stdout.write(`${bold('evc fleet')}\n${formatSummary(summary, options).map((line) => `  ${line}`).join('\n')}\n`);
    }
  } finally {
    removeSignals();
  }
}

export function register(program: Command): void {
  const d = FLEET_DEFAULTS;
  const command = program
    .command('fleet')
    .description('N simulated CPs (real Monitor links + device-bus clients) and M drivers against a running Central')
    .option('--cps <n>', 'simulated charging points', String(d.cps))
    .option('--drivers <n>', 'simulated drivers (default: enough for the charging share and request rate)')
    .option('--central <host:port>', "Central's Monitor port", `${d.central.host}:${d.central.port}`)
    .option('--device-bus <url>', 'device bus: mqtt://HOST:PORT or kafka://HOST:PORT', d.deviceBus)
    .option('--driver-bus <url>', 'driver bus (default: the device bus)')
    .option('--http <url>', "Central's dashboard URL, for telemetry→SSE latency; 'off' to skip", d.httpUrl!)
    .option('--charging <share>', 'share of CPs charging for the whole run, 0-1', String(d.chargingShare))
    .option('--telemetry-hz <n>', 'telemetry per second per charging CP', String(d.telemetryHz))
    .option('--request-rate <n>', 'extra charge requests per second (short sessions)', String(d.requestRate))
    .option('--session-s <s>', 'length of a requested session', String(d.sessionS))
    .option('--ko-per-min <n>', 'KO presses per minute across the fleet', String(d.koPerMin))
    .option('--ramp <n>', 'CPs started per second', String(d.rampPerS))
    .option('--duration <s>', 'measured window once every CP is up', String(d.durationS))
    .option('--ramp-timeout <s>', 'start the window anyway after this long', String(d.rampTimeoutS))
    .option('--prefix <p>', 'CP ids {p}CP1…, drivers {p}D1…', d.prefix)
    .option('--seed <text>', 'secrets and tokens derive from it', d.seed)
    .option('--processes <n>', 'spread the fleet over this many processes (open-file limit)', String(d.processes))
    .option('--json', 'print the summary as one JSON object');
  addBusSecurityOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((flags: FleetFlags) => fleetCommand(flags));
}
