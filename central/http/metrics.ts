import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { CP_STATES } from '../../protocol/index.ts';
import type { SessionView } from '../core/index.ts';
import type { CentralOperations } from '../operations.ts';

/**
 * Central's Prometheus metrics on a private registry, so several Centrals in one process
 * (tests, the demo) never collide on the global one. Gauges are read from the operations
 * on scrape; counters follow `session-ended` from the moment the server starts.
 */
export class CentralMetrics {
  readonly #registry = new Registry();
  readonly #operations: CentralOperations;
  readonly #sessionsEnded: Counter<'reason'>;
  readonly #energyKwh: Counter;
  readonly #revenue: Counter<'currency'>;
  readonly #httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly #rejected: Counter<'source' | 'reason'>;
  readonly #onSessionEnded = (view: SessionView) => this.#countSession(view);
  readonly #onRejected = (source: string, reason: string) => this.#rejected.inc({ source, reason });

  constructor(operations: CentralOperations) {
    this.#operations = operations;
    const registers = [this.#registry];
    new Gauge({
      name: 'evc_cps',
      help: 'Charging points by state (DESIGN §2).',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = new Map<string, number>(CP_STATES.map((state) => [state, 0]));
        for (const cp of operations.cpViews()) counts.set(cp.state, (counts.get(cp.state) ?? 0) + 1);
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'evc_monitor_links',
      help: 'Monitors connected over TCP.',
      registers,
      collect() {
        this.set(operations.status().monitorLinks);
      },
    });
    this.#sessionsEnded = new Counter({ name: 'evc_sessions_ended_total', help: 'Sessions ended, by reason.', labelNames: ['reason'], registers });
    this.#energyKwh = new Counter({ name: 'evc_energy_delivered_kwh_total', help: 'Energy delivered by ended sessions, kWh.', registers });
    this.#revenue = new Counter({ name: 'evc_revenue_total', help: 'Amount billed for ended sessions.', labelNames: ['currency'], registers });
    this.#httpRequests = new Counter({
      name: 'evc_http_requests_total',
      help: 'HTTP requests served, by route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#rejected = new Counter({
      name: 'evc_rejected_total',
      help: 'Refused frames, bus messages, logins and requests, by source and reason (issue 9).',
      labelNames: ['source', 'reason'],
      registers,
    });
    for (const { source, reason, count } of operations.rejectionCounts()) this.#rejected.inc({ source, reason }, count);
    collectDefaultMetrics({ register: this.#registry });
    operations.on('session-ended', this.#onSessionEnded);
    operations.on('rejected', this.#onRejected);
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.#registry.metrics();
  }

  /** `route` is the pattern (`/api/cps/:id/stop`), never the raw path, so labels stay bounded. */
  countRequest(method: string, route: string, status: number): void {
    this.#httpRequests.inc({ method, route, status: String(status) });
  }

  close(): void {
    this.#operations.off('session-ended', this.#onSessionEnded);
    this.#operations.off('rejected', this.#onRejected);
    this.#registry.clear();
  }

  #countSession(view: SessionView): void {
    this.#sessionsEnded.inc({ reason: view.reason ?? 'unknown' });
    // Counters refuse negative increments; a bad figure must not throw inside an emitter.
    if (Number.isFinite(view.kWh) && view.kWh > 0) this.#energyKwh.inc(view.kWh);
    if (Number.isFinite(view.amount) && view.amount > 0) this.#revenue.inc({ currency: view.currency }, view.amount);
  }
}
