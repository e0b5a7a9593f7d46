import type { DriverEvent, Ticket } from '../../protocol/index.ts';

/**
 * Where one charge stands, from the driver's side (DESIGN §4.5):
 * requested → accepted → reserved → charging → ended, or denied at the start.
 */
export type ChargePhase =
  | { kind: 'requested'; cpId: string }
  | { kind: 'accepted'; cpId: string; sessionId?: string }
  | { kind: 'reserved'; cpId: string; sessionId: string; plugInByMs: number }
  | { kind: 'charging'; cpId: string; sessionId: string; powerKw: number; energyKwh: number; amount: number; chargingSinceMs: number }
  | { kind: 'ended'; cpId: string; sessionId: string; ticket: Ticket }
  | { kind: 'denied'; cpId: string; reason: string };

/** What a stop request of this driver came to (`undefined`: none sent). */
export type StopStatus = { kind: 'sent'; requestId: string } | { kind: 'accepted' } | { kind: 'refused'; reason: string };

/** The charging phase with the elapsed time worked out for display. */
export type ChargeView = ChargePhase & { elapsedS?: number; stop?: StopStatus };

/**
 * Turns the driver's events into the phase of ONE charge. Pure: the receive time is passed
 * in. Events answering another request (`re`) or about another session are ignored, so a
 * persistent session's backlog or a second terminal's traffic cannot confuse it.
 */
export class ChargeTracker {
  readonly #requestId: string | undefined;
  #phase: ChargePhase;
  #stop: StopStatus | undefined;

  private constructor(phase: ChargePhase, requestId: string | undefined) {
    this.#phase = phase;
    this.#requestId = requestId;
  }

  /** A charge this driver just requested with request id `requestId`. */
  static forRequest(requestId: string, cpId: string): ChargeTracker {
    return new ChargeTracker({ kind: 'requested', cpId }, requestId);
  }

  /** A session already known by id (watch, stop): reserved or charging, not yet told which. */
  static forSession(sessionId: string, cpId: string): ChargeTracker {
    return new ChargeTracker({ kind: 'accepted', cpId, sessionId }, undefined);
  }

  get phase(): ChargePhase {
    return this.#phase;
  }

  get sessionId(): string | undefined {
    return 'sessionId' in this.#phase ? this.#phase.sessionId : undefined;
  }

  get finished(): boolean {
    return this.#phase.kind === 'ended' || this.#phase.kind === 'denied';
  }

  get stop(): StopStatus | undefined {
    return this.#stop;
  }

  /** Records that a stop request went out, so its answer is recognised. */
  stopRequested(requestId: string): void {
    this.#stop = { kind: 'sent', requestId };
  }

  /** Applies one event received at `nowMs`; true when it concerned this charge. */
  apply(event: DriverEvent, nowMs: number): boolean {
    if (this.finished) return false;
    const phase = this.#phase;
    switch (event.type) {
      case 'accepted':
      case 'denied':
        return this.#answer(event);
      case 'authorized':
        if (!this.#isOurs(event.sessionId, event.cpId)) return false;
        this.#phase = { kind: 'reserved', cpId: phase.cpId, sessionId: event.sessionId, plugInByMs: event.plugInBy };
        return true;
      case 'progress': {
        if (this.sessionId === undefined || event.sessionId !== this.sessionId) return false;
        const chargingSinceMs = phase.kind === 'charging' ? phase.chargingSinceMs : nowMs;
        this.#phase = {
          kind: 'charging',
          cpId: phase.cpId,
          sessionId: event.sessionId,
          powerKw: event.kW,
          energyKwh: event.kWh,
          amount: event.amount,
          chargingSinceMs,
        };
        return true;
      }
      case 'ticket':
        if (this.sessionId === undefined || event.sessionId !== this.sessionId) return false;
        this.#phase = { kind: 'ended', cpId: event.cpId, sessionId: event.sessionId, ticket: event };
        return true;
      default:
        return false;
    }
  }

  view(nowMs: number): ChargeView {
    const phase = this.#phase;
    const stop = this.#stop === undefined ? {} : { stop: this.#stop };
    if (phase.kind === 'charging') return { ...phase, ...stop, elapsedS: Math.max(0, (nowMs - phase.chargingSinceMs) / 1000) };
    return { ...phase, ...stop };
  }

  #answer(event: Extract<DriverEvent, { type: 'accepted' | 'denied' }>): boolean {
    const phase = this.#phase;
    if (this.#stop?.kind === 'sent' && event.re === this.#stop.requestId) {
      this.#stop = event.type === 'accepted' ? { kind: 'accepted' } : { kind: 'refused', reason: event.reason };
      return true;
    }
    if (phase.kind !== 'requested' || event.re !== this.#requestId) return false;
    this.#phase =
      event.type === 'denied'
        ? { kind: 'denied', cpId: phase.cpId, reason: event.reason }
        : { kind: 'accepted', cpId: phase.cpId, ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }) };
    return true;
  }

  /** An `authorized` is ours when it names our session, or our CP while the session id is still unknown. */
  #isOurs(sessionId: string, cpId: string): boolean {
    const phase = this.#phase;
    if (phase.kind !== 'accepted' && phase.kind !== 'reserved') return false;
    return phase.sessionId === undefined ? cpId === phase.cpId : sessionId === phase.sessionId;
  }
}
