import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseHostPort } from '../../firmware-host/cp/central-address.ts';
import { runMonitor } from '../../firmware-host/monitor/index.ts';
import { defaultCpDataDir, loadOrCreateCpSecret } from '../../firmware-host/cp/cp-secret.ts';
import { cpId as cpIdSchema, UsageError } from '../../protocol/index.ts';
import { cliLogger } from '../cli-logger.ts';
import { onStopSignals } from '../stop-signals.ts';

interface MonitorFlags {
  id: string;
  central: string;
  secret?: string;
  data?: string;
  tlsCa?: string;
  engineHost: string;
  enginePort: string;
  price?: string;
  location?: string;
  powerKw?: string;
  heartbeatMs?: string;
  logLevel: string;
}

function numberFlag(flag: string, text: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} must be ${what}, got "${text}"`);
  return value;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65_535;

/** `evc monitor` (DESIGN §6): one Monitor process; SIGINT/SIGTERM close it, then exit 0. */
async function monitorCommand(flags: MonitorFlags): Promise<void> {
  if (!cpIdSchema.safeParse(flags.id).success) throw new UsageError(`--id "${flags.id}": CP ids are 1-64 letters, digits, _ or -`);
  const central = parseHostPort(flags.central, 7070);
  const enginePort = numberFlag('--engine-port', flags.enginePort, isPort, 'a port number (1-65535)')!;
  const pricePerKwh = numberFlag('--price', flags.price, (n) => n >= 0, 'a price per kWh of 0 or more');
  const maxPowerKw = numberFlag('--power-kw', flags.powerKw, (n) => n > 0, 'a power in kW above 0');
  const heartbeatMs = numberFlag('--heartbeat-ms', flags.heartbeatMs, (n) => Number.isInteger(n) && n > 0, 'a whole number of ms above 0');
  const interactive = process.stdout.isTTY === true;
  // On a terminal the status line owns stdout; logs go to stderr and only when they matter.
  const logger = cliLogger('monitor', interactive && flags.logLevel === 'info' ? 'warn' : flags.logLevel);
  // No --secret: the CP's own (issue 9), the same one its Engine logs in with.
  const secret = flags.secret ?? (await loadOrCreateCpSecret(flags.data ?? defaultCpDataDir(flags.id))).secret;

  const stop = new AbortController();
  const removeSignals = onStopSignals(() => stop.abort(), { once: true });
  try {
    const monitor = await runMonitor({
      cpId: flags.id,
      central,
      ...(flags.tlsCa === undefined ? {} : { tlsCa: await readPem(flags.tlsCa, '--tls-ca') }),
      secret,
      location: { label: flags.location ?? 'unspecified' },
      pricePerKwh,
      maxPowerKw,
      engine: { host: flags.engineHost, port: enginePort },
      heartbeatMs,
      logger,
      statusOutput: interactive ? process.stdout : undefined,
      // Under evc cp the Engine writes to the same terminal: no in-place redraw to run into its lines (issue 12).
      statusLines: process.env.EVC_CP_SHARED_TERMINAL === '1',
      signal: stop.signal,
    });
    await monitor.done;
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    removeSignals();
  }
}

async function readPem(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function register(program: Command): void {
  program
    .command('monitor')
    .description("run a CP's Monitor: authenticate at Central over TCP and report the Engine's health")
    .requiredOption('--id <cpId>', 'charging point id, e.g. CP1')
    .requiredOption('--central <host:port>', "Central's Monitor port, e.g. 192.168.1.10:7070")
    .option('--secret <secret>', 'the secret `evc central add-cp` printed for this CP (default: its own, kept in --data)')
    .option('--data <dir>', 'where the CP keeps its own secret (default ./data/engine-<id>)')
    .option('--tls-ca <file>', "Central's Monitor port speaks TLS: the CA certificate (PEM) that signed Central's")
    .option('--engine-host <host>', "the Engine's local socket host", '127.0.0.1')
    .option('--engine-port <port>', "the Engine's local socket port", '7100')
    .option('--price <eurPerKwh>', 'price per kWh announced in hello')
    .option('--location <text>', 'where the CP is, e.g. "Lab 1"')
    .option('--power-kw <kW>', 'maximum power announced in hello')
    .option('--heartbeat-ms <ms>', 'send health at least this often (Central sets the default)')
    .option('--log-level <level>', 'pino log level', 'info')
    .action((flags: MonitorFlags) => monitorCommand(flags));
}
