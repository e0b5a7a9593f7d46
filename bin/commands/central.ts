import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { pino, type Logger } from 'pino';
import { addCp, addDriver, runCentral, type RunCentralOptions } from '../../central/app/index.ts';
import { UsageError } from '../../protocol/index.ts';
import { addBusSecurityOptions, busSecurity, type BusSecurityFlags } from '../bus-security.ts';
import { prettyStream } from '../cli-logger.ts';
import { onStopSignals } from '../stop-signals.ts';
import { registerAdmin } from './central-admin.ts';

interface CentralFlags extends BusSecurityFlags {
  port: string;
  http: string;
  deviceBus: string;
  driverBus: string;
  mqttPort: string;
  data: string;
  registration: string;
  panel: boolean;
  adminToken?: string;
  viewerToken?: string;
  operatorPassword?: string;
  heartbeatMs: string;
  reservationS: string;
  maxMonitors?: string;
  helloRate: string;
  tlsCert?: string;
  tlsKey?: string;
  mqttsPort: string;
  logLevel: string;
}

interface AddCpFlags {
  price: string;
  location: string;
  powerKw?: string;
  data?: string;
}

function numberFlag(flag: string, text: string, check: (n: number) => boolean, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} must be ${what}, got "${text}"`);
  return value;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65_535;
const PORT = 'a port number (0-65535; 0 picks a free one)';

/** Logs go to DATA/central.log under the panel (it owns the terminal), else to stderr (pretty on a terminal). */
function centralLogger(level: string, dataDir: string, panel: boolean): { logger: Logger; where: string } {
  if (panel) {
    const file = path.join(dataDir, 'central.log');
    return { logger: pino({ name: 'central', level }, pino.destination({ dest: file, mkdir: true, sync: false })), where: file };
  }
  if (process.stderr.isTTY) return { logger: pino({ name: 'central', level }, prettyStream()), where: 'stderr' };
  return { logger: pino({ name: 'central', level }, pino.destination(2)), where: 'stderr' };
}

function isRegistration(mode: string): mode is 'approve' | 'open' | 'closed' {
  return mode === 'approve' || mode === 'open' || mode === 'closed';
}

/** `evc central` (DESIGN §6): runs until SIGINT/SIGTERM (or `q` in the panel), then closes everything. */
async function centralCommand(flags: CentralFlags): Promise<void> {
  if (!isRegistration(flags.registration)) throw new UsageError(`--registration must be approve, open or closed, got "${flags.registration}"`);
  const panel = flags.panel && process.stdout.isTTY === true && process.stdin.isTTY === true;
  const { logger, where } = centralLogger(flags.logLevel, flags.data, panel);
  let requestStop!: () => void;
  const stopped = new Promise<void>((resolve) => (requestStop = resolve));
  const options: RunCentralOptions = {
    dataDir: flags.data,
    monitorPort: numberFlag('--port', flags.port, isPort, PORT),
    httpPort: numberFlag('--http', flags.http, isPort, PORT),
    deviceBus: flags.deviceBus,
    driverBus: flags.driverBus,
    mqttPort: numberFlag('--mqtt-port', flags.mqttPort, isPort, PORT),
    registration: flags.registration,
    heartbeatMs: numberFlag('--heartbeat-ms', flags.heartbeatMs, (n) => Number.isInteger(n) && n > 0, 'a whole number of ms above 0'),
    reservationMs: numberFlag('--reservation-s', flags.reservationS, (n) => n > 0, 'a number of seconds above 0') * 1000,
    logger,
    ...(flags.adminToken ? { adminToken: flags.adminToken } : {}),
    ...(flags.viewerToken ? { viewerToken: flags.viewerToken } : {}),
    ...(flags.operatorPassword ? { operatorPassword: flags.operatorPassword } : {}),
    ...(await tlsOptions(flags)),
    ...(await centralBusSecurity(flags)),
    ...helloLimits(flags.helloRate),
    ...(flags.maxMonitors === undefined ? {} : { maxMonitors: numberFlag('--max-monitors', flags.maxMonitors, (n) => Number.isInteger(n) && n >= 1, 'a whole number of 1 or more') }),
    ...(panel ? { panel: { input: process.stdin, output: process.stdout, onQuit: () => requestStop() } } : {}),
  };
  const removeSignals = onStopSignals(() => requestStop(), { once: true });
  try {
    const central = await runCentral(options);
    if (!panel) {
      for (const line of central.banner) process.stdout.write(`${pc.green('●')} ${line}\n`);
      process.stdout.write(`${pc.dim(`data: ${central.dataDir}  logs: ${where}  (Ctrl-C stops)`)}\n`);
    }
    await stopped;
    await central.close();
    logger.flush?.();
  } finally {
    removeSignals();
  }
}

/** `evc central add-cp CP1 --price 0.35 --location "Lab 1"`: prints the CP's secret once. */
async function addCpCommand(cpId: string, flags: AddCpFlags, dataDir: string): Promise<void> {
  const pricePerKwh = numberFlag('--price', flags.price, (n) => n >= 0, 'a price per kWh of 0 or more');
  const config = {
    id: cpId,
    location: { label: flags.location },
    pricePerKwh,
    ...(flags.powerKw === undefined ? {} : { maxPowerKw: numberFlag('--power-kw', flags.powerKw, (n) => n > 0, 'a power in kW above 0') }),
  };
  const result = await addCp({ dataDir, config });
  const out = process.stdout;
  out.write(`${pc.green('✔')} ${cpId} added (${flags.location}, ${pricePerKwh}/kWh) in ${path.resolve(dataDir)}\n`);
  if (result.via === 'running-central') {
    out.write(result.takenIn ? `${pc.green('✔')} the running Central has taken ${cpId} in\n` : `${pc.yellow('!')} the running Central has not taken ${cpId} in yet; it will at ${cpId}'s first hello\n`);
  }
  out.write(`secret: ${result.secret}\n`); // plain: scripts read it (no colour codes around it)
  out.write(`${pc.dim(`Shown once; only its hash is kept. Start the CP with: evc cp --id ${cpId} --secret <secret> --central HOST:7070`)}\n`);
}

export function register(program: Command): void {
  const central = program
    .command('central')
    .description('run Central: Monitor TCP gateway, device and driver buses, store, dashboard and panel')
    .option('--port <port>', 'TCP port for Monitors', '7070')
    .option('--http <port>', 'HTTP port for the dashboard, API and metrics', '8080')
    .option('--device-bus <url>', 'device bus: embedded, mqtt://HOST:PORT, mqtts://… or kafka://HOST:PORT', 'embedded')
    .option('--driver-bus <url>', 'driver bus: embedded, mqtt://HOST:PORT, mqtts://… or kafka://HOST:PORT', 'embedded')
    .option('--mqtt-port <port>', "the embedded broker's port", '1883')
    .option('--data <dir>', 'data directory (state.json, ledger/)', './data')
    .option('--registration <mode>', 'approve: unknown CPs wait as PENDING until `evc central accept`; open: they register on first hello; closed: only CPs from add-cp', 'approve')
    .option('--no-panel', 'no terminal panel: log to stderr instead (also when stdout is not a terminal)')
    .option('--admin-token <token>', 'bearer token for the operator commands (stop/resume, CP and driver admin) on the page and API')
    .option('--viewer-token <token>', 'when set, the dashboard and the read API need this token (or the admin token)')
    .option('--operator-password <password>', "the embedded broker's read-only account: user operator may watch evc/# (mosquitto_sub)")
    .option('--heartbeat-ms <ms>', 'Monitor heartbeat; 3 missed = DISCONNECTED', '1000')
    .option('--reservation-s <s>', 'how long a reservation waits for plug-in', '60')
    .option('--tls-cert <file>', 'serve the Monitor port over TLS with this certificate (PEM); the embedded broker also listens on mqtts://')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--mqtts-port <port>', "the embedded broker's TLS port (with --tls-cert)", '8883')
    .option('--max-monitors <n>', 'Monitor links past which a new one is refused (NACK)')
    .option('--hello-rate <n>', 'Monitor hellos per second from one address, twice that at once; raise it to load-test from one host (evc fleet)', '20')
    .option('--log-level <level>', 'pino log level', 'info');
  addBusSecurityOptions(central).action((flags: CentralFlags) => centralCommand(flags));

  central
    .command('add-cp <cpId>')
    .description("add a CP to Central's store and print its secret once (Central may be running or not)")
    .option('--price <eurPerKwh>', 'price per kWh', '0.35')
    .requiredOption('--location <text>', 'where the CP is, e.g. "Lab 1"')
    .option('--power-kw <kW>', 'maximum power')
    .option('--data <dir>', "Central's data directory (default: central's --data, ./data)")
    .action((cpId: string, flags: AddCpFlags, command: Command) => {
      const parentData = (command.parent?.opts() as { data?: string } | undefined)?.data;
      return addCpCommand(cpId, flags, flags.data ?? parentData ?? './data');
    });

  central
    .command('add-driver <driverId>')
    .description("provision a driver and print its token once (Central may be running or not)")
    .option('--data <dir>', "Central's data directory (default: central's --data, ./data)")
    .action((driverId: string, flags: { data?: string }, command: Command) => {
      const parentData = (command.parent?.opts() as { data?: string } | undefined)?.data;
      return addDriverCommand(driverId, flags.data ?? parentData ?? './data');
    });

  registerAdmin(central);
}

async function centralBusSecurity(flags: CentralFlags): Promise<Pick<RunCentralOptions, 'busSecurity'>> {
  const security = await busSecurity(flags);
  return Object.keys(security).length > 0 ? { busSecurity: security } : {};
}

/** `--hello-rate N`: the per-address token bucket (issue 9), N a second and a burst of 2N. */
function helloLimits(text: string): Pick<RunCentralOptions, 'helloLimits'> {
  const perSecond = numberFlag('--hello-rate', text, (n) => n > 0, 'a number of hellos per second above 0');
  return { helloLimits: { perSecond, burst: Math.max(1, Math.ceil(2 * perSecond)) } };
}

/** `--tls-cert F --tls-key F`: the Monitor port over TLS and mqtts:// on `--mqtts-port` (issue 9). */
async function tlsOptions(flags: CentralFlags): Promise<Pick<RunCentralOptions, 'tls' | 'mqttsPort'>> {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return {};
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) throw new UsageError('--tls-cert and --tls-key go together: give both PEM files');
  const read = async (file: string, flag: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  return {
    tls: { cert: await read(flags.tlsCert, '--tls-cert'), key: await read(flags.tlsKey, '--tls-key') },
    mqttsPort: numberFlag('--mqtts-port', flags.mqttsPort, isPort, PORT),
  };
}

/** `evc central add-driver D1`: prints the driver's token once (DESIGN §4.5, §6). */
async function addDriverCommand(driverId: string, dataDir: string): Promise<void> {
  const result = await addDriver(dataDir, driverId);
  const out = process.stdout;
  out.write(`${pc.green('✔')} driver ${driverId} added in ${path.resolve(dataDir)}\n`);
  if (result.via === 'running-central') out.write(`${pc.dim("the running Central takes it in at once (the driver's first login would too)")}\n`);
  out.write(`token: ${result.token}\n`); // plain: scripts read it
  out.write(`${pc.dim(`Shown once; only a key derived from it is kept. The driver runs: evc driver --id ${driverId} --token <token> …`)}\n`);
}
