import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pc from 'picocolors';
import { EvcError } from '../protocol/index.ts';
import { renderGuide, type DemoLayout } from './guide.ts';
import { evcChild, untilReady } from './launch.ts';
import { describeExit } from '../base/process-exit.ts';
import { Supervisor } from '../base/supervisor.ts';
import { freePort, httpJson, pickPort } from './net.ts';
import type { DemoOptions } from './options.ts';
import { ScriptedDriver } from './scripted-driver.ts';

export interface DemoIo {
  write(text: string): unknown;
  /** Aborted on Ctrl-C or SIGTERM: the demo stops every process and resolves. */
  signal: AbortSignal;
  /** Registers a hook run synchronously as the process exits, whatever the cause; returns its removal. */
  onExit(hook: () => void): () => void;
}

const CENTRAL_READY_MS = 60_000;
const CP_READY_MS = 90_000;
const DRIVER_ID = 'DEMO';
const PRICES = [0.35, 0.42, 0.29, 0.39, 0.31, 0.45, 0.33, 0.37, 0.4];
/** Fast chargers, so a 10 s demo charge shows cents rather than €0.00. */
const POWERS_KW = [50, 150, 22];

interface RunningCp {
  id: string;
  simPort: number;
}

/**
 * `evc demo` (DESIGN §1 "someone new runs `npm start`", §6): Central on its embedded broker
 * with a fresh data folder, N CPs on sim boards (each `evc cp`: Engine + Monitor), and a
 * scripted driver that charges at each CP in turn, plugging the car in through the sim's
 * control API. Every component is a real process in its own process group; on a stop
 * (signal, duration) the demo stops them all and checks no process is left.
 */
export async function runDemo(options: DemoOptions, io: DemoIo): Promise<number> {
  const c = pc.createColors(options.colors);
  const say = (line = ''): void => void io.write(`${line}\n`);
  const startedMs = performance.now();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'evc-demo-'));
  // A crashed component is restarted with backoff while the rest runs on (DESIGN §1: any one part may fail).
  const supervisor = new Supervisor();
  const removeExitHook = io.onExit(() => supervisor.processes.forEach((child) => child.killNow()));
  let failure: unknown;

  say(c.bold(`evc demo: Central, ${options.cps} simulated charging point${options.cps === 1 ? '' : 's'} and a driver, all on this machine`));
  say(`data folder ${c.cyan(dataDir)} ${c.dim('(fresh; logs are there too)')}`);
  try {
    const layout = await pickLayout(options, dataDir, say, c);
    await step(say, c, 'starting Central', async () => {
      const central = supervisor.add(evcChild('central', centralArgs(layout, options), { logFile: layout.centralLog }));
      await untilReady(central, () => probeStatus(`${layout.dashboardUrl}api/cps`), 'its HTTP API answered', {
        timeoutMs: CENTRAL_READY_MS,
        logFile: layout.centralLog,
        signal: io.signal,
      });
      return central;
    });

    say(`starting ${layout.cps.length} charging point${layout.cps.length === 1 ? '' : 's'} ${c.dim('(each an Engine and a Monitor process on a simulated board)')}…`);
    const cps = await Promise.all(
      layout.cps.map((cp) =>
        step(say, c, `  ${cp.id}`, async () => {
          const child = supervisor.add(evcChild(cp.id, cpArgs(cp, layout), { logFile: cp.log, cwd: path.dirname(cp.log), stopTier: 1 }));
          await untilReady(child, () => probeCpReady(layout, cp.id, cp.simPort), `${cp.id} was AVAILABLE at Central`, {
            timeoutMs: CP_READY_MS,
            logFile: cp.log,
            signal: io.signal,
          });
          return { id: cp.id, simPort: cp.simPort } satisfies RunningCp;
        }, 'AVAILABLE'),
      ),
    );

    say(renderGuide(layout, c));
    say(c.dim(`everything up in ${seconds(performance.now() - startedMs)}${options.durationS ? `; running ${options.durationS} s` : ''}`));
    const problem = await runDriverLoop(options, io, layout, supervisor, cps, say, c);
    if (problem !== undefined) failure = new EvcError('DEMO_COMPONENT_FAILED', problem);
  } catch (error) {
    // A Ctrl-C during start-up is a stop like any other, not a failure.
    if (!io.signal.aborted) failure = error;
    if (failure instanceof EvcError) {
      say(c.red(`✖ ${failure.message}`));
      failure = new EvcError(failure.code, 'the demo could not start (see above)');
    }
  } finally {
    await stopAll(supervisor, say, c);
    removeExitHook();
    say(c.dim(`data and logs kept in ${dataDir}`));
  }
  if (failure !== undefined) throw failure;
  return 0;
}

async function pickLayout(options: DemoOptions, dataDir: string, say: (line: string) => void, c: ReturnType<typeof pc.createColors>): Promise<DemoLayout> {
  const taken = new Set<number>();
  const pick = async (preferred: number, what: string): Promise<number> => {
    const port = await pickPort(preferred, taken);
    taken.add(port);
    if (port !== preferred) say(c.yellow(`port ${preferred} is taken${what}: using ${port}`));
    return port;
  };
  const monitorPort = await pick(options.monitorPort, '');
  const httpPort = await pick(options.httpPort, '');
  const mqttPort = await pick(options.mqttPort, ' (another MQTT broker, such as Mosquitto?)');
  const cps: DemoLayout['cps'] = [];
  for (let index = 1; index <= options.cps; index++) {
    const [enginePort, simPort] = [await freeUnused(taken), await freeUnused(taken)];
    const folder = path.join(dataDir, `cp${index}`);
    await mkdir(folder, { recursive: true });
    cps.push({
      id: `CP${index}`,
      enginePort,
      simPort,
      pricePerKwh: PRICES[(index - 1) % PRICES.length]!,
      powerKw: POWERS_KW[(index - 1) % POWERS_KW.length]!,
      location: `Demo car park, bay ${index}`,
      log: path.join(folder, 'cp.log'),
    });
  }
  await mkdir(path.join(dataDir, 'driver'), { recursive: true });
  return {
    dataDir,
    centralLog: path.join(dataDir, 'central.log'),
    dashboardUrl: `http://localhost:${httpPort}/`,
    adminToken: randomBytes(9).toString('base64url'),
    monitorPort,
    mqttPort,
    driverId: DRIVER_ID,
    cps,
  };
}

async function freeUnused(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await freePort('127.0.0.1');
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

function centralArgs(layout: DemoLayout, options: DemoOptions): string[] {
  void options;
  return [
    'central',
    '--port', String(layout.monitorPort),
    '--http', String(new URL(layout.dashboardUrl).port),
    '--device-bus', 'embedded',
    '--driver-bus', 'embedded',
    '--mqtt-port', String(layout.mqttPort),
    '--data', path.join(layout.dataDir, 'central'),
    '--registration', 'open',
    '--admin-token', layout.adminToken,
    '--no-panel',
  ];
}

function cpArgs(cp: DemoLayout['cps'][number], layout: DemoLayout): string[] {
  return [
    'cp',
    '--id', cp.id,
    '--central', `127.0.0.1:${layout.monitorPort}`,
    '--bus', `mqtt://127.0.0.1:${layout.mqttPort}`,
    '--board', 'sim',
    '--engine-port', String(cp.enginePort),
    '--sim-port', String(cp.simPort),
    '--price', String(cp.pricePerKwh),
    '--power-kw', String(cp.powerKw),
    '--location', cp.location,
    '--data', path.dirname(cp.log),
    '--no-menu',
  ];
}

async function probeStatus(url: string): Promise<true | undefined> {
  const reply = await httpJson('GET', url, { timeoutMs: 2000 });
  return reply.status === 200 ? true : undefined;
}

/** Ready = Central shows the CP AVAILABLE (its Monitor and Engine are both through) and its buttons answer. */
async function probeCpReady(layout: DemoLayout, cpId: string, simPort: number): Promise<true | undefined> {
  const reply = await httpJson<Array<{ id: string; state: string }>>('GET', `${layout.dashboardUrl}api/cps`, { timeoutMs: 2000 });
  const state = Array.isArray(reply.body) ? reply.body.find((cp) => cp.id === cpId)?.state : undefined;
  if (state !== 'AVAILABLE') return undefined;
  const outputs = await httpJson('GET', `http://127.0.0.1:${simPort}/outputs`, { timeoutMs: 2000 });
  return outputs.status === 200 ? true : undefined;
}

/**
 * Runs the scripted driver until a stop or the duration; reports a component that dies
 * meanwhile. Resolves with why the demo must end in failure (Central died), if it must.
 */
async function runDriverLoop(
  options: DemoOptions,
  io: DemoIo,
  layout: DemoLayout,
  supervisor: Supervisor,
  cps: RunningCp[],
  say: (line: string) => void,
  c: ReturnType<typeof pc.createColors>,
): Promise<string | undefined> {
  const stop = new AbortController();
  const signals = [io.signal, stop.signal];
  if (options.durationS !== undefined) signals.push(AbortSignal.timeout(options.durationS * 1000));
  const signal = AbortSignal.any(signals);
  let failure: string | undefined;
  const logOf = (name: string): string => (name === 'central' ? layout.centralLog : layout.cps.find((cp) => cp.id === name)!.log);
  const what = (name: string): string => (name === 'central' ? 'Central' : name);
  supervisor.on('restarting', (name, delayMs, exit) => {
    if (!signal.aborted) say(c.yellow(`✖ ${what(name)} stopped on its own (${describeExit(exit)}); restarting it in ${seconds(delayMs)}, the others go on. Log: ${logOf(name)}`));
  });
  supervisor.on('spawn', (name) => {
    if (!signal.aborted) say(c.dim(`${what(name)} restarted`));
  });
  void supervisor.done.then((result) => {
    if (signal.aborted || result.code === 0) return;
    failure = `${result.reason}; see the logs in ${layout.dataDir}`;
    say(c.red(`✖ ${failure}`));
    stop.abort();
  });
  const driver = new ScriptedDriver({
    driverId: layout.driverId,
    busUrl: `mqtt://127.0.0.1:${layout.mqttPort}`,
    dataDir: path.join(layout.dataDir, 'driver'),
    cps: cps.map((cp) => ({ id: cp.id, simUrl: `http://127.0.0.1:${cp.simPort}` })),
    chargeMs: options.chargeS * 1000,
    pauseMs: 2000,
    say,
    colors: c,
  });
  await driver.run(signal);
  if (io.signal.aborted) say('\nstopping (Ctrl-C)…');
  else if (failure === undefined) say(`\n${options.durationS} s are up: stopping…`);
  say(c.dim(`tickets issued during the demo: ${driver.tickets}`));
  return failure;
}

/** CPs first, Central last, each as a whole process group; then checks nothing is left. */
async function stopAll(supervisor: Supervisor, say: (line: string) => void, c: ReturnType<typeof pc.createColors>): Promise<void> {
  const processes = supervisor.processes;
  if (processes.length === 0) return;
  const startedMs = performance.now();
  await supervisor.stop('SIGTERM');
  const left = processes.flatMap((child) => child.liveGroupMembers());
  if (left.length > 0) {
    processes.forEach((child) => child.killNow());
    say(c.red(`killed processes that did not stop: ${left.join(', ')}`));
    return;
  }
  const cps = processes.length - 1;
  say(`stopped Central and ${cps} charging point${cps === 1 ? '' : 's'} ${c.dim(`(${seconds(performance.now() - startedMs)}; no process left)`)}`);
}

/** Prints `label… ok (1.2 s)` around `work`, or `failed` before rethrowing. */
async function step<T>(say: (line: string) => void, c: ReturnType<typeof pc.createColors>, label: string, work: () => Promise<T>, okText = 'ok'): Promise<T> {
  const startedMs = performance.now();
  try {
    const result = await work();
    say(`${label}… ${c.green(okText)} ${c.dim(`(${seconds(performance.now() - startedMs)})`)}`);
    return result;
  } catch (error) {
    say(`${label}… ${(error as Error).name === 'AbortError' ? c.yellow('stopped') : c.red('failed')}`);
    throw error;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
