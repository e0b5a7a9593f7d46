import { setTimeout as delay } from 'node:timers/promises';
import { channelsFor, type Channels } from './channels.ts';
import { CentralView } from './central-view.ts';
import { zeroCounters, type FleetCounters } from './counters.ts';
import { FleetCp } from './fleet-cp.ts';
import { FleetDriver } from './fleet-driver.ts';
import { cpIdOf, driverIdOf, type FleetOptions } from './options.ts';
import { fleetSecret } from './secrets.ts';
import { Latencies, monotonicMs, summarize } from './stats.ts';
import { TelemetryTracker } from './telemetry-tracker.ts';

/** A live look at one shard, for the progress line. */
export interface ShardProgress {
  elapsedMs: number;
  phase: 'ramp' | 'window' | 'stopping' | 'done';
  cpsTarget: number;
  cpsUp: number;
  /** Our CPs Central shows in a live state (not DISCONNECTED), from its SSE stream; null without it. */
  liveAtCentral: number | null;
  charging: number;
  counters: FleetCounters;
  authorizeP99Ms: number | null;
  telemetryP99Ms: number | null;
}

/** What a shard measured; shards' results merge exactly (raw samples). */
export interface ShardResult {
  cpsTarget: number;
  cpsUpAtEnd: number;
  /** From start until every CP of the shard was up; null if that never happened. */
  allUpMs: number | null;
  /** From start until Central showed every CP of the shard live; null if never (or no SSE). */
  allLiveAtCentralMs: number | null;
  windowMs: number;
  counters: FleetCounters;
  /** Counters that grew during the measured window only. */
  windowDrops: { monitorLinks: number; bus: number };
  authorizeSamplesMs: number[];
  telemetrySamplesMs: number[];
  telemetryLost: number | null;
  unacknowledgedEnds: number;
}

/** Telemetry not on the stream this long after it was sent counts as lost. */
const TELEMETRY_GRACE_MS = 3000;
const TICK_MS = 20;

/**
 * One process's part of a fleet: every `shards`-th CP and driver, starting at `shard`.
 * Ramps its CPs up, runs the load for the window, stops cleanly and reports.
 */
export class FleetShard {
  readonly #options: FleetOptions;
  readonly #counters = zeroCounters();
  readonly #telemetry = new TelemetryTracker();
  readonly #authorize = new Latencies();
  readonly #cps: FleetCp[] = [];
  readonly #drivers: FleetDriver[] = [];
  readonly #longSession = new Set<FleetCp>();
  readonly #idleCps = new Set<FleetCp>();
  readonly #cpsById = new Map<string, FleetCp>();
  /**
   * CPs a driver was sent to, until that driver is free again (denied, unanswered, or its
   * ticket came): Central has not said the CP is free before then, so it is not offered twice.
   */
  readonly #claimed = new Set<FleetCp>();
  readonly #freeDrivers = new Set<FleetDriver>();
  readonly #deviceChannels: Channels;
  readonly #driverChannels: Channels;
  readonly #view: CentralView | undefined;
  readonly #startedAtMs = monotonicMs();
  readonly #shares: { requestRate: number; koPerMin: number };
  #phase: ShardProgress['phase'] = 'ramp';
  #allUpMs: number | null = null;
  #allLiveMs: number | null = null;

  constructor(options: FleetOptions, shard = 0, shards = 1) {
    this.#options = options;
    this.#shares = { requestRate: options.requestRate / shards, koPerMin: options.koPerMin / shards };
    const group = `evc-fleet-${options.prefix}-${shard}`;
    this.#deviceChannels = channelsFor('cp', options.deviceBus, group, options.busSecurity);
    this.#driverChannels = channelsFor('driver', options.driverBus, group, options.busSecurity);
    const longCount = Math.ceil(options.chargingShare * options.cps);
    for (let i = shard; i < options.cps; i += shards) {
      const cp: FleetCp = new FleetCp({
        cpId: cpIdOf(options, i),
        secret: fleetSecret(options.seed, cpIdOf(options, i)),
        central: options.central,
        channels: this.#deviceChannels,
        counters: this.#counters,
        telemetry: this.#telemetry,
        telemetryHz: options.telemetryHz,
        sessionMs: (): number => (this.#longSession.has(cp) ? Infinity : options.sessionS * 1000),
        helloTimeoutMs: options.helloTimeoutMs,
        onIdle: (idle) => this.#onCpIdle(idle),
      });
      if (i < longCount) this.#longSession.add(cp);
      this.#cps.push(cp);
      this.#cpsById.set(cp.id, cp);
    }
    for (let i = shard; i < options.drivers; i += shards) {
      this.#drivers.push(
        new FleetDriver({
          driverId: driverIdOf(options, i),
          token: fleetSecret(options.seed, driverIdOf(options, i)),
          channels: this.#driverChannels,
          busUrl: options.driverBus,
          counters: this.#counters,
          authorizeLatencies: this.#authorize,
          answerTimeoutMs: options.answerTimeoutMs,
          onFree: (driver, cpId) => this.#onDriverFree(driver, cpId),
        }),
      );
    }
    const ours = new Set(this.#cps.map((cp) => cp.id));
    this.#view = options.httpUrl
      ? new CentralView({ httpUrl: options.httpUrl, isOurs: (id) => ours.has(id), onCp: (view) => this.#telemetry.seen(view.id, view) })
      : undefined;
  }

  progress(): ShardProgress {
    const counters = { ...this.#counters, telemetrySent: this.#telemetry.sentCount, telemetrySeen: this.#telemetry.seenCount };
    return {
      elapsedMs: Math.round(monotonicMs() - this.#startedAtMs),
      phase: this.#phase,
      cpsTarget: this.#cps.length,
      cpsUp: this.#cps.filter((cp) => cp.up).length,
      liveAtCentral: this.#view ? this.#liveAtCentral() : null,
      charging: this.#cps.filter((cp) => cp.charging).length,
      counters,
      authorizeP99Ms: summarize(this.#authorize.samples.slice(-5000)).p99Ms,
      telemetryP99Ms: summarize(this.#telemetry.latencies.samples.slice(-5000)).p99Ms,
    };
  }

  /** Runs the whole shard; `signal` ends the window early (Ctrl-C). */
  async run(signal?: AbortSignal): Promise<ShardResult> {
    const { durationS, rampTimeoutS } = this.#options;
    await this.#view?.start();
    await inBatches(this.#drivers, 100, (driver) => driver.start().then(() => void this.#freeDrivers.add(driver)));
    const watch = setInterval(() => this.#watchUp(), 100);
    try {
      await this.#ramp(signal);
      const rampDeadline = this.#startedAtMs + rampTimeoutS * 1000;
      while (this.#allUpMs === null && monotonicMs() < rampDeadline && !signal?.aborted) await delay(100);
      const windowStart = monotonicMs();
      const before = { monitorLinks: this.#counters.monitorLinksDropped, bus: this.#counters.busDrops };
      this.#phase = 'window';
      for (const cp of this.#cps) if (cp.idle) this.#onCpIdle(cp);
      await this.#load(durationS * 1000, signal);
      const windowMs = monotonicMs() - windowStart;
      const windowDrops = { monitorLinks: this.#counters.monitorLinksDropped - before.monitorLinks, bus: this.#counters.busDrops - before.bus };
      this.#phase = 'stopping';
      return await this.#finish(windowMs, windowDrops);
    } finally {
      clearInterval(watch);
      this.#phase = 'done';
    }
  }

  async #ramp(signal?: AbortSignal): Promise<void> {
    const perTick = (this.#options.rampPerS * TICK_MS) / 1000 / Math.max(1, this.#options.processes);
    let due = 0;
    let next = 0;
    while (next < this.#cps.length && !signal?.aborted) {
      due += perTick;
      while (due >= 1 && next < this.#cps.length) {
        this.#cps[next++]!.start();
        due--;
      }
      await delay(TICK_MS);
    }
  }

  async #load(windowMs: number, signal?: AbortSignal): Promise<void> {
    const end = monotonicMs() + windowMs;
    let requestsDue = 0;
    let koDue = 0;
    let last = monotonicMs();
    while (monotonicMs() < end && !signal?.aborted) {
      await delay(TICK_MS);
      const now = monotonicMs();
      const dtS = (now - last) / 1000;
      last = now;
      requestsDue += this.#shares.requestRate * dtS;
      for (; requestsDue >= 1; requestsDue--) this.#offerRequest();
      koDue += (this.#shares.koPerMin / 60) * dtS;
      for (; koDue >= 1; koDue--) this.#pressKo();
    }
  }

  #offerRequest(): void {
    this.#counters.requestsOffered++;
    const cp = takeFirst(this.#idleCps, (candidate) => candidate.idle && !this.#claimed.has(candidate));
    const driver = cp && takeFirst(this.#freeDrivers, (candidate) => candidate.free);
    if (!cp || !driver) {
      if (cp) this.#idleCps.add(cp);
      this.#counters.requestsSkipped++;
      return;
    }
    this.#claimed.add(cp);
    driver.charge(cp.id);
  }

  #pressKo(): void {
    for (let attempt = 0; attempt < 10; attempt++) {
      const cp = this.#cps[Math.floor(Math.random() * this.#cps.length)]!;
      if (!cp.up) continue;
      cp.raiseFault();
      setTimeout(() => cp.clearFault(), this.#options.koHoldS * 1000).unref();
      return;
    }
  }

  #onCpIdle(cp: FleetCp): void {
    if (this.#phase !== 'window' || !cp.idle || this.#claimed.has(cp)) return;
    if (!this.#longSession.has(cp)) return void this.#idleCps.add(cp);
    this.#counters.requestsOffered++;
    const driver = takeFirst(this.#freeDrivers, (candidate) => candidate.free);
    if (!driver) return void this.#counters.requestsSkipped++;
    this.#claimed.add(cp);
    driver.charge(cp.id);
  }

  #onDriverFree(driver: FleetDriver, cpId: string | undefined): void {
    this.#freeDrivers.add(driver);
    const cp = cpId === undefined ? undefined : this.#cpsById.get(cpId);
    if (cp) this.#claimed.delete(cp);
    if (cp?.idle) this.#onCpIdle(cp);
  }

  #watchUp(): void {
    const now = monotonicMs() - this.#startedAtMs;
    if (this.#allUpMs === null && this.#cps.every((cp) => cp.up)) this.#allUpMs = Math.round(now);
    if (this.#allLiveMs === null && this.#view && this.#liveAtCentral() === this.#cps.length) this.#allLiveMs = Math.round(now);
  }

  #liveAtCentral(): number {
    const view = this.#view!;
    return view.count('AVAILABLE') + view.count('RESERVED') + view.count('CHARGING') + view.count('FAULTED') + view.count('STOPPED');
  }

  async #finish(windowMs: number, windowDrops: ShardResult['windowDrops']): Promise<ShardResult> {
    const cpsUpAtEnd = this.#cps.filter((cp) => cp.up).length;
    // Unplug every car, then give Central a moment for the acks and tickets (DESIGN §4.4–4.5).
    for (const cp of this.#cps) if (cp.charging) cp.stopCharging();
    const deadline = monotonicMs() + 10_000;
    const settled = (): boolean => this.#cps.every((cp) => cp.unacknowledgedEnds === 0) && this.#drivers.every((driver) => !driver.inSession && !driver.waitingForAnswer);
    while (!settled() && monotonicMs() < deadline) await delay(100);
    await delay(Math.min(TELEMETRY_GRACE_MS, 500));
    const telemetryLost = this.#view ? this.#telemetry.lost(TELEMETRY_GRACE_MS) : null;
    const unacknowledgedEnds = this.#cps.reduce((sum, cp) => sum + cp.unacknowledgedEnds, 0);
    await inBatches(this.#cps, 500, (cp) => cp.stop());
    await inBatches(this.#drivers, 500, (driver) => driver.stop());
    await Promise.all([this.#deviceChannels.close(), this.#driverChannels.close()]);
    this.#view?.close();
    return {
      cpsTarget: this.#cps.length,
      cpsUpAtEnd,
      allUpMs: this.#allUpMs,
      allLiveAtCentralMs: this.#allLiveMs,
      windowMs: Math.round(windowMs),
      counters: { ...this.#counters, telemetrySent: this.#telemetry.sentCount, telemetrySeen: this.#telemetry.seenCount },
      windowDrops,
      authorizeSamplesMs: [...this.#authorize.samples],
      telemetrySamplesMs: [...this.#telemetry.latencies.samples],
      telemetryLost,
      unacknowledgedEnds,
    };
  }
}

function takeFirst<T>(set: Set<T>, usable: (item: T) => boolean): T | undefined {
  for (const item of set) {
    set.delete(item);
    if (usable(item)) return item;
  }
  return undefined;
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map((item) => run(item).catch(() => undefined)));
  }
}
