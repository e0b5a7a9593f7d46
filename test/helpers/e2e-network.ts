// A whole charging network as real processes for the e2e suites: Central (`evc central`),
// CPs on sim boards (`evc cp`: Engine + Monitor), drivers (`evc driver --json`), and the
// HTTP calls a person would make (dashboard API, the sim boards' buttons).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, httpJson, pollUntil, type ManagedProcess, type ProcessSet } from './processes.ts';
import { DriverProcess } from './e2e-driver.ts';

/** Which bus each part uses (DESIGN §4.6). `embedded` = Central's in-process broker. */
export interface BusPlan {
  /** Central's `--device-bus` and `--driver-bus`. */
  deviceBus: string;
  driverBus: string;
  /** What Engines and drivers pass as `--bus`; `embedded` = mqtt://127.0.0.1:<Central's --mqtt-port>. */
  engineBus: string;
  driverBusForDrivers: string;
}

export interface NetworkOptions {
  /** Unique per setting and run (ids on shared brokers must not collide): `A1b2c`. */
  idPrefix: string;
  buses: BusPlan;
  /** `closed`: the CPs are added with `evc central add-cp` first and run with the secret it printed. */
  registration: 'open' | 'closed';
  /** One CP per price. */
  prices: number[];
  /** A CP's board other than `sim`: `--board` and the control API of its bench (an `evc sim-board`'s). */
  boardFor?: (index: number) => { board: string; simUrl: string } | undefined;
}

export interface NetworkCp {
  id: string;
  pricePerKwh: number;
  location: string;
  simUrl: string;
  process: ManagedProcess;
}

export interface CpRow {
  id: string;
  state: string;
  location: string;
  pricePerKwh: number;
  driverId?: string;
  sessionId?: string;
  kWh?: number;
  /** Why a DISCONNECTED CP is not live. */
  detail?: string;
}

export interface BoardOutputs {
  green: boolean;
  amber: boolean;
  red: boolean;
  relay: boolean;
}

const CENTRAL_READY_MS = 60_000;
const CP_READY_MS = 90_000;
/** State changes cross processes and buses; no push reaches the test, so HTTP is polled up to this. */
export const STATE_WAIT_MS = 15_000;
/** A finger lifts and presses again no faster than this (20 × johnny-five's 7 ms debounce). */
const BUTTON_REST_MS = 150;

export function uniquePrefix(letter: string): string {
  return `${letter}${randomBytes(3).toString('hex')}`;
}

export class ChargingNetwork {
  readonly processes: ProcessSet;
  readonly dataDir: string;
  readonly httpUrl: string;
  readonly adminToken: string;
  readonly driverBusUrl: string;
  #central: ManagedProcess;
  readonly #centralArgs: string[];
  readonly cps: NetworkCp[];
  readonly idPrefix: string;
  readonly #releasedAtMs = new Map<string, number>();
  readonly #registration: 'open' | 'closed';
  readonly #centralData: string;
  /** Tokens `evc central add-driver` printed, under closed registration (DESIGN §4.5: drivers are provisioned). */
  readonly #driverTokens = new Map<string, Promise<string>>();

  private constructor(fields: {
    processes: ProcessSet;
    dataDir: string;
    httpUrl: string;
    adminToken: string;
    driverBusUrl: string;
    central: ManagedProcess;
    centralArgs: string[];
    cps: NetworkCp[];
    idPrefix: string;
    registration: 'open' | 'closed';
    centralData: string;
  }) {
    this.processes = fields.processes;
    this.dataDir = fields.dataDir;
    this.httpUrl = fields.httpUrl;
    this.adminToken = fields.adminToken;
    this.driverBusUrl = fields.driverBusUrl;
    this.#registration = fields.registration;
    this.#centralData = fields.centralData;
    this.#central = fields.central;
    this.#centralArgs = fields.centralArgs;
    this.cps = fields.cps;
    this.idPrefix = fields.idPrefix;
  }

  /** Starts Central, then every CP, and resolves once Central shows each CP AVAILABLE. */
  static async start(processes: ProcessSet, options: NetworkOptions): Promise<ChargingNetwork> {
    const dataDir = await mkdtemp(path.join(tmpdir(), `evc-e2e-${options.idPrefix}-`));
    const [monitorPort, httpPort, mqttPort] = await distinctFreePorts(3);
    const adminToken = randomBytes(12).toString('hex');
    const centralData = path.join(dataDir, 'central');
    const embeddedUrl = `mqtt://127.0.0.1:${mqttPort}`;
    const resolve = (url: string): string => (url === 'embedded' ? embeddedUrl : url);
    const planned = options.prices.map((pricePerKwh, index) => ({
      id: `${options.idPrefix}-CP${index + 1}`,
      pricePerKwh,
      location: `E2E bay ${index + 1}`,
    }));

    const secrets = new Map<string, string>();
    if (options.registration === 'closed') {
      for (const cp of planned) secrets.set(cp.id, await addCp(processes, centralData, cp));
    }

    const centralArgs = [
      'central',
      '--port', String(monitorPort),
      '--http', String(httpPort),
      '--device-bus', options.buses.deviceBus,
      '--driver-bus', options.buses.driverBus,
      '--mqtt-port', String(mqttPort),
      '--data', centralData,
      '--registration', options.registration,
      '--admin-token', adminToken,
      '--no-panel',
    ];
    const central = processes.start('central', centralArgs);
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    await untilOrExit(central, () => httpJson('GET', `${httpUrl}/api/cps`, { timeoutMs: 2000 }).then((r) => (r.status === 200 ? true : undefined)), {
      what: "Central's HTTP API",
      timeoutMs: CENTRAL_READY_MS,
    });

    const simPorts = await distinctFreePorts(planned.length * 2, new Set([monitorPort!, httpPort!, mqttPort!]));
    const cps = planned.map((cp, index): NetworkCp => {
      const [enginePort, simPort] = [simPorts[index * 2]!, simPorts[index * 2 + 1]!];
      const secret = secrets.get(cp.id);
      const own = options.boardFor?.(index);
      const child = processes.start(cp.id, [
        'cp',
        '--id', cp.id,
        '--central', `127.0.0.1:${monitorPort}`,
        '--bus', resolve(options.buses.engineBus),
        '--board', own?.board ?? 'sim',
        '--engine-port', String(enginePort),
        '--sim-port', String(simPort),
        '--price', String(cp.pricePerKwh),
        '--location', cp.location,
        '--data', path.join(dataDir, cp.id),
        '--no-menu',
        ...(secret ? ['--secret', secret] : []),
      ]);
      return { ...cp, simUrl: own?.simUrl ?? `http://127.0.0.1:${simPort}`, process: child };
    });
    const network = new ChargingNetwork({
      processes,
      dataDir,
      httpUrl,
      adminToken,
      driverBusUrl: resolve(options.buses.driverBusForDrivers),
      central,
      centralArgs,
      cps,
      idPrefix: options.idPrefix,
      registration: options.registration,
      centralData,
    });
    await Promise.all(
      cps.map((cp) =>
        untilOrExit(cp.process, async () => ((await network.cpState(cp.id)) === 'AVAILABLE' && (await network.outputs(cp.id)).green ? true : undefined), {
          what: `${cp.id} AVAILABLE at Central with its green LED on`,
          timeoutMs: CP_READY_MS,
          alsoWatch: central,
        }),
      ),
    );
    return network;
  }

  /** Central's process (a new one after `restartCentral`). */
  get central(): ManagedProcess {
    return this.#central;
  }

  /** Starts Central again on the same data and ports (after it was killed); resolves once its HTTP API answers. */
  async restartCentral(): Promise<void> {
    if (this.#central.running) throw new Error('Central still runs: kill it first');
    const central = this.processes.start('central', this.#centralArgs);
    this.#central = central;
    await untilOrExit(central, () => httpJson('GET', `${this.httpUrl}/api/cps`, { timeoutMs: 2000 }).then((r) => (r.status === 200 ? true : undefined)), {
      what: "Central's HTTP API after a restart",
      timeoutMs: CENTRAL_READY_MS,
    });
  }

  /** Removes the data folder (the processes are stopped by the ProcessSet). */
  async removeData(): Promise<void> {
    await rm(this.dataDir, { recursive: true, force: true });
  }

  cp(index: number): NetworkCp {
    return this.cps[index]!;
  }

  async cpRows(): Promise<CpRow[]> {
    const reply = await httpJson<CpRow[]>('GET', `${this.httpUrl}/api/cps`);
    assert.equal(reply.status, 200, `GET /api/cps answered ${reply.status}`);
    return reply.body;
  }

  async cpState(cpId: string): Promise<string | undefined> {
    return (await this.cpRows()).find((row) => row.id === cpId)?.state;
  }

  /** Waits until Central's GET /api/cps shows `cpId` in `state`. */
  async waitForState(cpId: string, state: string): Promise<void> {
    let last: string | undefined;
    await pollUntil(
      async () => {
        last = await this.cpState(cpId);
        return last === state ? true : undefined;
      },
      { timeoutMs: STATE_WAIT_MS, what: `${cpId} ${state} in GET /api/cps`, lastSeen: () => String(last) },
    );
  }

  async sessions(): Promise<Array<Record<string, unknown>>> {
    const reply = await httpJson<Array<Record<string, unknown>>>('GET', `${this.httpUrl}/api/sessions`);
    assert.equal(reply.status, 200);
    return reply.body;
  }

  /**
   * Puts a finger on a button of the CP's sim board (DESIGN §6 POST /buttons/{ko|plug}/press).
   * A button released a moment ago rests first: johnny-five drops a release and a press that
   * reach the Engine within its 7 ms debounce (contact bounce, to it), and nothing the Engine
   * shows tells when it has read a release, so the finger rests as a hand does.
   */
  async press(cpId: string, button: 'ko' | 'plug'): Promise<void> {
    const releasedAtMs = this.#releasedAtMs.get(`${cpId}/${button}`);
    if (releasedAtMs !== undefined) {
      const restMs = releasedAtMs + BUTTON_REST_MS - Date.now();
      if (restMs > 0) await delay(restMs);
    }
    await this.#button(cpId, button, 'press');
  }

  async release(cpId: string, button: 'ko' | 'plug'): Promise<void> {
    await this.#button(cpId, button, 'release');
    this.#releasedAtMs.set(`${cpId}/${button}`, Date.now());
  }

  /**
   * Presses `button` and holds it until `reaction` (something the press causes) is seen, then
   * lets go, as a person watching the CP would. A fixed-length tap can be lost when the Engine
   * is busy: johnny-five keeps only a level that held for 7 ms after the Engine read it.
   */
  async pressUntil<T>(cpId: string, button: 'ko' | 'plug', reaction: () => Promise<T>): Promise<T> {
    await this.press(cpId, button);
    try {
      return await reaction();
    } finally {
      await this.release(cpId, button);
    }
  }

  async #button(cpId: string, button: 'ko' | 'plug', action: 'press' | 'release'): Promise<void> {
    const reply = await httpJson('POST', `${this.#cp(cpId).simUrl}/buttons/${button}/${action}`);
    assert.equal(reply.status, 200, `${action} ${button} at ${cpId}: ${JSON.stringify(reply.body)}`);
  }

  /** What the board's pins show (DESIGN §6 GET /outputs). */
  async outputs(cpId: string): Promise<BoardOutputs> {
    const reply = await httpJson<BoardOutputs>('GET', `${this.#cp(cpId).simUrl}/outputs`, { timeoutMs: 2000 });
    assert.equal(reply.status, 200);
    return reply.body;
  }

  /** Waits until the board's outputs are exactly `expected` (pins are written over Firmata, a moment after the state). */
  async waitForOutputs(cpId: string, expected: BoardOutputs): Promise<void> {
    let last: BoardOutputs | undefined;
    await pollUntil(
      async () => {
        last = await this.outputs(cpId);
        return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
      },
      { timeoutMs: STATE_WAIT_MS, what: `${cpId} outputs ${JSON.stringify(expected)}`, lastSeen: () => JSON.stringify(last) },
    );
  }

  /** `POST /api/cps/stop|resume` (all CPs), with the admin token unless `token` says otherwise. */
  async operator(action: 'stop' | 'resume', token: string | null = this.adminToken): Promise<number> {
    const reply = await httpJson('POST', `${this.httpUrl}/api/cps/${action}`, token === null ? {} : { token });
    return reply.status;
  }

  /**
   * `evc driver --id ID --bus <driver bus> --json --data <dir> …command`. Under closed registration the driver
   * is first provisioned with `evc central add-driver` (while Central runs) and started with its `--token`.
   */
  async driver(driverId: string, command: string[]): Promise<DriverProcess> {
    const token = this.#registration === 'closed' ? await this.#driverToken(driverId) : undefined;
    const child = this.processes.start(`driver ${driverId} ${command.join(' ')}`, [
      'driver',
      '--id', driverId,
      '--bus', this.driverBusUrl,
      '--json',
      '--data', path.join(this.dataDir, 'drivers'),
      ...(token ? ['--token', token] : []),
      ...command,
    ]);
    return new DriverProcess(child);
  }

  #driverToken(driverId: string): Promise<string> {
    let token = this.#driverTokens.get(driverId);
    if (!token) {
      token = addDriver(this.processes, this.#centralData, driverId);
      this.#driverTokens.set(driverId, token);
    }
    return token;
  }

  /** A run file in the data folder, one CP id per line. */
  async runFile(name: string, cpIds: string[]): Promise<string> {
    const file = path.join(this.dataDir, name);
    await writeFile(file, `# e2e services\n${cpIds.join('\n')}\n`);
    return file;
  }

  #cp(cpId: string): NetworkCp {
    const cp = this.cps.find((candidate) => candidate.id === cpId);
    if (!cp) throw new Error(`no CP ${cpId} in this network`);
    return cp;
  }
}

/** `evc central add-cp` with Central stopped: returns the secret it printed once. */
async function addCp(processes: ProcessSet, dataDir: string, cp: { id: string; pricePerKwh: number; location: string }): Promise<string> {
  const run = await processes.run(`add-cp ${cp.id}`, ['central', 'add-cp', cp.id, '--price', String(cp.pricePerKwh), '--location', cp.location, '--data', dataDir], {
    timeoutMs: 30_000,
  });
  assert.equal(run.exit.code, 0, `evc central add-cp ${cp.id} failed: ${run.stderr.join('\n')}`);
  const secret = secretIn(run.stdout);
  assert.ok(secret, `no secret in the output of add-cp:\n${run.stdout.join('\n')}`);
  return secret;
}

/** `evc central add-driver` (Central running or not): returns the token it printed once. */
async function addDriver(processes: ProcessSet, dataDir: string, driverId: string): Promise<string> {
  const run = await processes.run(`add-driver ${driverId}`, ['central', 'add-driver', driverId, '--data', dataDir], { timeoutMs: 30_000 });
  assert.equal(run.exit.code, 0, `evc central add-driver ${driverId} failed: ${run.stderr.join('\n')}`);
  const token = run.stdout.map((line) => /^token:\s*(\S+)\s*$/.exec(line)?.[1]).find((found) => found !== undefined);
  assert.ok(token, `no token in the output of add-driver:\n${run.stdout.join('\n')}`);
  return token;
}

/** The secret add-cp printed: the token after "secret" on its line, or a line that is only the secret. */
export function secretIn(lines: string[]): string | undefined {
  for (const line of lines) {
    const labelled = /secret\b[^A-Za-z0-9_-]*\s*[:=]?\s*([A-Za-z0-9_\-+/=]{12,})/i.exec(line);
    if (labelled) return labelled[1];
  }
  return lines.map((line) => line.trim()).find((line) => /^[A-Za-z0-9_\-+/=]{16,}$/.test(line));
}

/** Polls `probe` until ready; fails at once when `child` (or `alsoWatch`) exits first. */
async function untilOrExit(
  child: ManagedProcess,
  probe: () => Promise<true | undefined>,
  options: { what: string; timeoutMs: number; alsoWatch?: ManagedProcess },
): Promise<void> {
  const stop = new AbortController();
  const exited = (watched: ManagedProcess): Promise<never> =>
    watched.waitForExit().then((exit) => {
      throw new Error(`${watched.name} exited (code ${exit.code}, signal ${exit.signal}) before ${options.what}`);
    });
  const watchers = [exited(child), ...(options.alsoWatch ? [exited(options.alsoWatch)] : [])];
  try {
    await Promise.race([pollUntil(probe, { timeoutMs: options.timeoutMs, what: options.what, signal: stop.signal }), ...watchers]);
  } finally {
    stop.abort();
    for (const watcher of watchers) watcher.catch(() => undefined);
  }
}

async function distinctFreePorts(count: number, taken = new Set<number>()): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort('127.0.0.1');
    if (taken.has(port)) continue;
    taken.add(port);
    ports.push(port);
  }
  return ports;
}
