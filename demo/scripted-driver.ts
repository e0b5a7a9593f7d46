import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Colors } from './guide.ts';
import { evcChild } from './launch.ts';
import { ManagedProcess, type OutputLine } from '../base/managed-process.ts';
import { httpJson } from './net.ts';
import { driverRecordOf, type DriverRecord } from './driver-records.ts';

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

type Action = 'press' | 'release';

/** One charge being served. */
interface Service {
  cp: DemoCp;
  /** The first progress with power was seen: the unplug timer runs. */
  charging: boolean;
  unplugTimer: NodeJS.Timeout | undefined;
  /** The plug button is held down, waiting for the CP to react. */
  holding: boolean;
}

/**
 * A car leaving a CP that ended the session on its own (fault, stop) changes nothing the
 * board shows, so there is nothing to wait for: the button is held this long, like a hand would.
 */
const LEAVE_HOLD_MS = 500;
/** A finger lifts and presses again no faster than this (20 × johnny-five's 7 ms debounce). */
const BUTTON_REST_MS = 150;

/**
 * The demo's driver: charges at each CP in turn, forever. Each service is a real
 * `evc driver --json charge CPn` process; the car is plugged in through the CP's sim
 * control API once Central authorizes the charge, left to charge, then unplugged. The plug
 * button is held until the CP reacts (a fixed-length tap can be lost on a busy Engine:
 * johnny-five keeps only a level that held 7 ms after the Engine read it).
 */
export class ScriptedDriver {
  readonly #options: ScriptedDriverOptions;
  /** CPs where this demo's car is plugged in (the plug button toggles, so it must be tracked). */
  readonly #plugged = new Set<string>();
  readonly #releasedAtMs = new Map<string, number>();
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
    const child = ManagedProcess.start(evcChild(`driver at ${cp.id}`, ['driver', '--id', driverId, '--bus', busUrl, '--json', '--data', dataDir, 'charge', cp.id], {
      logFile: path.join(dataDir, 'driver.log'),
    }));
    const service: Service = { cp, charging: false, unplugTimer: undefined, holding: false };
    // Records are handled one at a time, in order; the unplug timer queues behind them.
    let work: Promise<void> = Promise.resolve();
    const queue = (task: () => Promise<void>): void => void (work = work.then(task));
    const onLine = (line: OutputLine): void => {
      const record = driverRecordOf(line);
      if (record) queue(() => this.#react(service, record, () => queue(() => this.#startUnplug(service))));
    };
    child.on('line', onLine);
    const onAbort = (): void => void child.stop('SIGTERM', 3000);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const exit = await child.waitForExit();
      await work;
      if (exit.code !== 0 && exit.code !== 1 && !signal.aborted) this.#say(c.red(`  the driver process ended: exit ${exit.code ?? exit.signal}`));
    } finally {
      clearTimeout(service.unplugTimer);
      child.off('line', onLine);
      signal.removeEventListener('abort', onAbort);
      await child.stop('SIGTERM', 3000);
      if (service.holding) await this.#plug(cp, 'release');
    }
  }

  async #react(service: Service, record: DriverRecord, unplugLater: () => void): Promise<void> {
    const { colors: c, chargeMs } = this.#options;
    const { cp } = service;
    switch (record.type) {
      case 'authorized':
        this.#say(`  authorized (session ${short(record.sessionId)}): plugging the car in at ${cp.id}`);
        service.holding = await this.#plug(cp, 'press');
        this.#plugged.add(cp.id);
        return;
      case 'progress':
        if (!service.charging && typeof record.kW === 'number' && record.kW > 0) {
          service.charging = true;
          if (service.holding) service.holding = !(await this.#plug(cp, 'release'));
          service.unplugTimer = setTimeout(unplugLater, chargeMs);
          this.#say(`  ${c.green('charging')} at ${record.kW.toFixed(1)} kW; the car stays ${Math.round(chargeMs / 1000)} s`);
        }
        return;
      case 'denied':
        this.#say(c.yellow(`  ${cp.id} said no: ${String(record.reason)} (next CP)`));
        return;
      case 'ticket':
        if (service.holding) service.holding = !(await this.#plug(cp, 'release'));
        this.#printTicket(cp, record);
        // Ended by the CP (fault, stop, expiry) with the car still there: it drives off.
        if (this.#plugged.has(cp.id)) await this.#leave(cp);
        return;
      case 'result':
        if (record.outcome === 'no-answer' || record.outcome === 'error') this.#say(c.red(`  ${String(record.reason)}`));
        return;
      default:
        return;
    }
  }

  /** Time is up: the plug is pressed and held until the ticket shows the CP saw it. */
  async #startUnplug(service: Service): Promise<void> {
    const { cp } = service;
    if (!this.#plugged.has(cp.id)) return;
    this.#say(`  time is up: unplugging at ${cp.id}`);
    service.holding = await this.#plug(cp, 'press');
    this.#plugged.delete(cp.id);
  }

  async #leave(cp: DemoCp): Promise<void> {
    this.#say(this.#options.colors.dim(`  the car leaves ${cp.id}`));
    if (await this.#plug(cp, 'press')) {
      await delay(LEAVE_HOLD_MS);
      await this.#plug(cp, 'release');
    }
    this.#plugged.delete(cp.id);
  }

  #printTicket(cp: DemoCp, record: DriverRecord): void {
    const c = this.#options.colors;
    const reason = String(record.reason);
    const colour = reason === 'unplugged' || reason === 'driver-stop' ? c.green : c.yellow;
    this.#tickets++;
    this.#say(
      colour(`  ✔ ticket ${cp.id}: ${Number(record.kWh).toFixed(4)} kWh × €${Number(record.pricePerKwh).toFixed(2)}/kWh = €${Number(record.amount).toFixed(2)}`) +
        c.dim(` (${reason}, ${Number(record.durationS).toFixed(0)} s)`),
    );
  }

  /**
   * POST /buttons/plug/{press|release}; false (and a red line) when the board did not take it.
   * A press right after a release rests first: johnny-five drops the pair as contact bounce
   * when both reach the Engine within its 7 ms debounce.
   */
  async #plug(cp: DemoCp, action: Action): Promise<boolean> {
    const restMs = (this.#releasedAtMs.get(cp.id) ?? 0) + BUTTON_REST_MS - Date.now();
    if (action === 'press' && restMs > 0) await delay(restMs);
    try {
      const reply = await httpJson('POST', `${cp.simUrl}/buttons/plug/${action}`);
      if (action === 'release') this.#releasedAtMs.set(cp.id, Date.now());
      if (reply.status === 200) return true;
      this.#say(this.#options.colors.red(`  the plug button of ${cp.id} answered ${reply.status}: ${JSON.stringify(reply.body)}`));
    } catch (error) {
      this.#say(this.#options.colors.red(`  could not ${action} the plug button of ${cp.id}: ${(error as Error).message}`));
    }
    return false;
  }

  #say(line: string): void {
    this.#options.say(line);
  }
}


function short(id: unknown): string {
  return String(id).slice(0, 8);
}
