import type { Ticket } from '../../protocol/index.ts';

export interface HeldTicketView {
  driverId: string;
  ticket: Ticket;
}

export interface TicketRedeliveryOptions {
  /** Tickets not yet acknowledged (the store's outbox), all or one driver's. */
  pending(driverId?: string): HeldTicketView[];
  send(driverId: string, ticket: Ticket): void;
  /** Runs `work` as one core input, so a sweep never falls between a ticket's hold and its ledger line. */
  serialize(work: () => void, label: string): void;
  now?: () => number;
  /** First redelivery this long after a ticket was sent; doubles up to `maxDelayMs`. Defaults 2 s and 30 s. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** How often due tickets are looked for. Default 1000 ms. */
  periodMs?: number;
}

/**
 * Sends each held ticket again until its driver acknowledges it (DESIGN §4.5): all at once
 * when Central starts (the embedded broker forgot its sessions; a driver may have missed the
 * ticket while Central was down), then on a backoff, and at once to a driver who sends any
 * request (it is back). The same bytes on every bus: aedes, Mosquitto and Kafka alike.
 */
export class TicketRedelivery {
  readonly #options: Required<Omit<TicketRedeliveryOptions, 'now'>> & { now: () => number };
  readonly #schedule = new Map<string, { nextMs: number; delayMs: number }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: TicketRedeliveryOptions) {
    this.#options = { firstDelayMs: 2000, maxDelayMs: 30_000, periodMs: 1000, now: Date.now, ...options };
  }

  /** Sends every held ticket now, then keeps sweeping. */
  start(): void {
    this.#options.serialize(() => {
      for (const held of this.#options.pending()) this.#send(held);
    }, 'redeliver held tickets at start');
    this.#timer = setInterval(() => this.#options.serialize(() => this.sweep(), 'redeliver due tickets'), this.#options.periodMs);
    this.#timer.unref();
  }

  /** The driver is back (it sent a request): its held tickets go now. */
  nudge(driverId: string): void {
    this.#options.serialize(() => {
      for (const held of this.#options.pending(driverId)) this.#send(held);
    }, `redeliver ${driverId}'s tickets`);
  }

  /** Sends the tickets whose redelivery is due; forgets the acknowledged ones. */
  sweep(): void {
    const now = this.#options.now();
    const held = this.#options.pending();
    const live = new Set(held.map((entry) => entry.ticket.sessionId));
    for (const sessionId of this.#schedule.keys()) if (!live.has(sessionId)) this.#schedule.delete(sessionId);
    for (const entry of held) {
      const due = this.#schedule.get(entry.ticket.sessionId);
      if (!due) this.#schedule.set(entry.ticket.sessionId, { nextMs: now + this.#options.firstDelayMs, delayMs: this.#options.firstDelayMs });
      else if (now >= due.nextMs) this.#send(entry);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #send(entry: HeldTicketView): void {
    const previous = this.#schedule.get(entry.ticket.sessionId);
    const delayMs = previous ? Math.min(previous.delayMs * 2, this.#options.maxDelayMs) : this.#options.firstDelayMs;
    this.#schedule.set(entry.ticket.sessionId, { nextMs: this.#options.now() + delayMs, delayMs });
    this.#options.send(entry.driverId, entry.ticket);
  }
}
