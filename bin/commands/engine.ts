import type { Command } from 'commander';
import pc from 'picocolors';
import { attachConsoleReport } from '../../firmware-host/engine/console-report.ts';
import { runEngine } from '../../firmware-host/engine/run-engine.ts';
import { defaultCpDataDir, loadOrCreateCpSecret } from '../../firmware-host/cp/cp-secret.ts';
import { cpId as cpIdSchema, UsageError } from '../../protocol/index.ts';
import { addBusSecurityOptions, busSecurity, type BusSecurityFlags } from '../bus-security.ts';
import { cliLogger } from '../cli-logger.ts';
import { onStopSignals } from '../stop-signals.ts';

interface EngineFlags extends BusSecurityFlags {
  id: string;
  bus?: string;
  secret?: string;
  board: string;
  wiring: string;
  engineHost: string;
  enginePort: string;
  powerKw: string;
  simPort: string;
  menu: boolean;
  data?: string;
  logLevel: string;
}

function numberFlag(flag: string, text: string, check: (n: number) => boolean, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} must be ${what}, got "${text}"`);
  return value;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65_535;

/** `evc engine` (DESIGN §6): one Engine process; SIGINT/SIGTERM or the menu's q close it (relay open), then exit 0. */
async function engineCommand(flags: EngineFlags): Promise<void> {
  if (!cpIdSchema.safeParse(flags.id).success) throw new UsageError(`--id "${flags.id}": CP ids are 1-64 letters, digits, _ or -`);
  const enginePort = numberFlag('--engine-port', flags.enginePort, isPort, 'a port number (0-65535)');
  const simPort = numberFlag('--sim-port', flags.simPort, isPort, 'a port number (0-65535)');
  const powerKw = numberFlag('--power-kw', flags.powerKw, (n) => n > 0, 'a power in kW above 0');
  const interactive = process.stdout.isTTY === true;
  // On a terminal the coloured report owns stdout; logs go to stderr and only when they matter.
  const logger = cliLogger('engine', interactive && flags.logLevel === 'info' ? 'warn' : flags.logLevel);
  const dataDir = flags.data ?? defaultCpDataDir(flags.id);
  // No --secret: the CP's own (issue 9), the same one its Monitor says hello with.
  const secret = flags.secret ?? (await loadOrCreateCpSecret(dataDir)).secret;
  const menu = flags.menu && process.stdin.isTTY === true;
  const security = await busSecurity(flags);

  let quit!: () => void;
  const stopped = new Promise<void>((resolve) => (quit = resolve));
  const removeSignals = onStopSignals(() => quit(), { once: true });
  try {
    const handle = await runEngine({
      cpId: flags.id,
      busUrl: flags.bus,
      ...(Object.keys(security).length > 0 ? { busSecurity: security } : {}),
      secret,
      board: flags.board,
      wiring: flags.wiring,
      engineHost: flags.engineHost,
      enginePort,
      powerKw,
      simPort: flags.board === 'sim' || flags.board.startsWith('avr-sim') ? simPort : undefined,
      dataDir,
      menu: menu ? { input: process.stdin, output: process.stdout } : undefined,
      onQuit: quit,
      logger,
    });
    const detachReport = interactive ? attachConsoleReport(flags.id, handle.engine, handle.device, process.stdout) : () => {};
    const sim = handle.board.controlPort ? `, sim control http://127.0.0.1:${handle.board.controlPort}` : '';
    process.stdout.write(`${pc.bold(flags.id)} engine on ${handle.board.description}, socket ${flags.engineHost}:${handle.enginePort}, bus ${flags.bus ?? 'as Central names it'}${sim}\n`);
    await stopped;
    detachReport();
    await handle.close();
  } finally {
    removeSignals();
  }
}

export function register(program: Command): void {
  const command = program
    .command('engine')
    .description("run a CP's Engine: drive the board, run the CP state machine and meter, talk to Central on the device bus")
    .requiredOption('--id <cpId>', 'charging point id, e.g. CP1')
    .option('--bus <url>', 'device bus URL (mqtt://, mqtts://, kafka://); default: the one Central names, passed on by the Monitor')
    .option('--secret <secret>', 'the secret `evc central add-cp` printed for this CP (default: its own, kept in --data)')
    .option('--board <board>', 'sim, avr-sim (real Firmata on a simulated ATmega328P), firmata:/dev/ttyACM0 or raspi', 'sim')
    .option('--wiring <profile>', 'wiring profile name (uno, nano, raspberry-pi) or a .json path', 'uno')
    .option('--engine-host <host>', 'address of the local socket the Monitor connects to', '127.0.0.1')
    .option('--engine-port <port>', 'port of that socket', '7100')
    .option('--power-kw <kW>', 'power drawn while charging', '7.4')
    .option('--sim-port <port>', 'sim and avr-sim boards only: port of their HTTP control API', '7101')
    .option('--no-menu', 'no keyboard menu, even on a terminal')
    .option('--data <dir>', 'where the secret and outbox are kept (default ./data/engine-<id>)')
    .option('--log-level <level>', 'pino log level', 'info');
  addBusSecurityOptions(command).action((flags: EngineFlags) => engineCommand(flags));
}
