import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Colors } from './guide.ts';
import { startEvc } from './launch.ts';
import type { ManagedProcess, OutputLine } from './managed-process.ts';
import { httpJson } from './net.ts';

export interface DemoCp {
  id: string;
  /** The sim board's control API, `http://127.0.0.1:PORT`. */
  simUrl: string;
}

export interface ScriptedDriverOptions {
  driverId: string;
  busUrl: string;
  /** The driver's `--data` folder; its log goes next to it. */
  dataDir: string;
  cps: DemoCp[];
  /** How long each car stays plugged in once it charges. */
  chargeMs: number;
  /** Between two services. */
  pauseMs: number;
  say(line: string): void;
  colors: Colors;
}

type DriverRecord = { type: string } & Record<string, unknown>;

/** One charge being served. */
interface Service {
  cp: DemoCp;
  /** The first progress with power was seen: the unplug timer runs. */
  charging: boolean;
  unplugTimer: NodeJS.Timeout | undefined;
}

/**
 * The demo's driver: charges at each CP in turn, forever. Each service is a real
 * `evc driver --json charge CPn` process; the car is plugged in through the CP's sim
 * control API once Central authorizes the charge, left to charge, then unplugged.
 */
export class ScriptedDriver {
  readonly #options: ScriptedDriverOptions;
  /** CPs where this demo's car is plugged in (the plug button toggles, so it must be tracked). */
  readonly #plugged = new Set<string>();
  #tickets = 0;
  #services = 0;

  constructor(options: ScriptedDriverOptions) {
    this.#options = options;
  }

  get tickets(): number {
    return this.#tickets;
  }

  /** Runs services until `signal` aborts; resolves once the current one is wound down. */
  async run(signal: AbortSignal): Promise<void> {
    const { cps, pauseMs } = this.#options;
    for (let turn = 0; !signal.aborted; turn++) {
      await this.#serve(cps[turn % cps.length]!, signal);
      if (signal.aborted) break;
      await delay(pauseMs, undefined, { signal }).catch(() => undefined);
    }
  }

  async #serve(cp: DemoCp, signal: AbortSignal): Promise<void> {
    const { driverId, busUrl, dataDir, colors: c } = this.#options;
    const number = ++this.#services;
    this.#say(`${c.bold(`[${driverId} #${number}]`)} asks to charge at ${c.bold(cp.id)}`);
    const child = startEvc(`driver at ${cp.id}`, ['driver', '--id', driverId, '--bus', busUrl, '--json', '--data', dataDir, 'charge', cp.id], {
      logFile: path.join(dataDir, 'driver.log'),
    });
    const service: Service = { cp, charging: false, unplugTimer: undefined };
    let work: Promise<void> = Promise.resolve();
    const onLine = (line: OutputLine): void => {
      const record = parseRecord(line);
      if (record) work = work.then(() => this.#react(service, record, () => (work = work.then(() => this.#unplug(cp, 'time is up: unplugging')))));
    };
    child.on('line', onLine);
    const onAbort = (): void => void child.stop('SIGTERM', 3000);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const exit = await child.waitForExit();
      await work;
      if (exit.code !== 0 && exit.code !== 1 && !signal.aborted) this.#say(c.red(`  the driver process ended: exit ${exit.code ?? exit.signal}`));
      if (!signal.aborted && this.#plugged.has(cp.id)) await this.#unplug(cp, 'taking the car away');
    } finally {
      clearTimeout(service.unplugTimer);
      child.off('line', onLine);
      signal.removeEventListener('abort', onAbort);
      await child.stop('SIGTERM', 3000);
    }
  }

  async #react(service: Service, record: DriverRecord, unplugLater: () => void): Promise<void> {
    const { colors: c, chargeMs } = this.#options;
    const { cp } = service;
    switch (record.type) {
      case 'authorized':
        this.#say(`  authorized (session ${short(record.sessionId)}): plugging the car in at ${cp.id}`);
        await this.#tapPlug(cp);
        this.#plugged.add(cp.id);
        return;
      case 'progress':
        if (!service.charging && typeof record.kW === 'number' && record.kW > 0) {
          service.charging = true;
          service.unplugTimer = setTimeout(unplugLater, chargeMs);
          this.#say(`  ${c.green('charging')} at ${record.kW.toFixed(1)} kW; the car stays ${Math.round(chargeMs / 1000)} s`);
        }
        return;
      case 'denied':
        this.#say(c.yellow(`  ${cp.id} said no: ${String(record.reason)} (next CP)`));
        return;
      case 'ticket': {
        const kWh = Number(record.kWh);
        const price = Number(record.pricePerKwh);
        const amount = Number(record.amount);
        const reason = String(record.reason);
        const colour = reason === 'unplugged' || reason === 'driver-stop' ? c.green : c.yellow;
        this.#tickets++;
        this.#say(
          colour(`  ✔ ticket ${cp.id}: ${kWh.toFixed(4)} kWh × €${price.toFixed(2)}/kWh = €${amount.toFixed(2)}`) +
            c.dim(` (${reason}, ${Number(record.durationS).toFixed(0)} s)`),
        );
        return;
      }
      case 'result':
        if (record.outcome === 'no-answer' || record.outcome === 'error') this.#say(c.red(`  ${String(record.reason)}`));
        return;
      default:
        return;
    }
  }

  async #unplug(cp: DemoCp, why: string): Promise<void> {
    if (!this.#plugged.has(cp.id)) return;
    this.#say(`  ${why} at ${cp.id}`);
    await this.#tapPlug(cp);
    this.#plugged.delete(cp.id);
  }

  async #tapPlug(cp: DemoCp): Promise<void> {
    try {
      const reply = await httpJson('POST', `${cp.simUrl}/buttons/plug/tap`);
      if (reply.status !== 200) this.#say(this.#options.colors.red(`  the plug button of ${cp.id} answered ${reply.status}: ${JSON.stringify(reply.body)}`));
    } catch (error) {
      this.#say(this.#options.colors.red(`  could not press the plug button of ${cp.id}: ${(error as Error).message}`));
    }
  }

  #say(line: string): void {
    this.#options.say(line);
  }
}

function parseRecord(line: OutputLine): DriverRecord | undefined {
  if (line.stream !== 'stdout' || !line.text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line.text) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as DriverRecord) : undefined;
  } catch {
    return undefined;
  }
}

function short(id: unknown): string {
  return String(id).slice(0, 8);
}
