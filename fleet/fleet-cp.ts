import { connectFramedLink, type FramedLink } from '../bus/tcp/index.ts';
import type { BusMessage } from '../bus/index.ts';
import {
  centralToMonitor,
  deviceCommand,
  encodeMessage,
  makeMessage,
  parseMessage,
  topics,
  type DeviceCommand,
  type EngineState,
  type Health,
  type Hello,
  type SessionEndReason,
  type SessionEnded,
  type SessionStarted,
  type StateEvent,
  type Telemetry,
} from '../protocol/index.ts';
import type { Channels, Endpoint } from './channels.ts';
import type { FleetCounters } from './counters.ts';
import type { TelemetryTracker } from './telemetry-tracker.ts';
import { Backoff, type BackoffPolicy } from '../base/backoff.ts';

/** A Monitor's reconnect, as the fleet has always spread it: 125–375 ms at first, doubling up to 2.5–7.5 s. */
const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 375, maxMs: 7500, factor: 2, jitter: 2 / 3 };

export interface FleetCpOptions {
  cpId: string;
  /** A machine-made 256-bit secret (secrets.ts). */
  secret: string;
  central: { host: string; port: number };
  channels: Channels;
  counters: FleetCounters;
  telemetry: TelemetryTracker;
  /** Telemetry per second while charging (DESIGN §4.4 says 1). */
  telemetryHz: number;
  /** How long a session charges before the car is unplugged; Infinity: until the fleet stops. */
  sessionMs: () => number;
  powerKw?: number;
  helloTimeoutMs?: number;
  /** Called when the CP can take a charge again (its session ended, its fault cleared). */
  onIdle?: (cp: FleetCp) => void;
}

interface Session {
  id: string;
  driverId: string;
  startedAtMs: number;
  kWh: number;
  telemetryTimer?: NodeJS.Timeout;
  endTimer?: NodeJS.Timeout;
}

type Link = FramedLink<typeof centralToMonitor>;

/**
 * One simulated CP at the protocol level (no board, no Engine process): a real Monitor link
 * (DESIGN §4.1–4.2: ENQ/ACK, framed hello, health every heartbeat) and a device-bus client
 * (§4.4: commands in, state/session events and telemetry out, session-ended kept until acked).
 */
export class FleetCp {
  readonly id: string;
  readonly #options: FleetCpOptions;
  #link: Link | undefined;
  #endpoint: Endpoint | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #backoff = new Backoff(RECONNECT_BACKOFF);
  #state: EngineState = 'AVAILABLE';
  #session: Session | undefined;
  /** session-ended events Central has not acknowledged yet, by event id. */
  readonly #unacked = new Map<string, { payload: Buffer; sentAtMs: number }>();
  #resendTimer: NodeJS.Timeout | undefined;
  #faulted = false;
  #stopped = false;
  #welcomed = false;

  constructor(options: FleetCpOptions) {
    this.id = options.cpId;
    this.#options = options;
  }

  /** Welcomed by Central and on the device bus. */
  get up(): boolean {
    return this.#welcomed && this.#endpoint?.connected === true;
  }

  /** Up, AVAILABLE and not faulted: a driver may be sent here. */
  get idle(): boolean {
    return this.up && this.#state === 'AVAILABLE' && !this.#faulted;
  }

  get charging(): boolean {
    return this.#session !== undefined;
  }

  get unacknowledgedEnds(): number {
    return this.#unacked.size;
  }

  start(): void {
    void this.#connect();
  }

  /** KO pressed (DESIGN §1): health `ko` at once, a running session ends with `fault`. */
  raiseFault(): void {
    if (this.#faulted || !this.up) return;
    this.#faulted = true;
    this.#options.counters.koRaised++;
    this.#sendHealth();
    if (this.#session) this.#endSession('fault');
    this.#setState('FAULTED');
  }

  clearFault(): void {
    if (!this.#faulted) return;
    this.#faulted = false;
    this.#sendHealth();
    this.#setState('AVAILABLE');
    this.#options.onIdle?.(this);
  }

  /** The car is unplugged: a running session ends as `unplugged`. */
  stopCharging(): void {
    if (this.#session) this.#endSession('unplugged');
  }

  /** Unplugs (a running session ends as `unplugged`) and closes both links cleanly. */
  async stop(): Promise<void> {
    if (this.#session) this.#endSession('unplugged');
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeat);
    clearInterval(this.#resendTimer);
    await Promise.all([this.#link?.close('fleet stopping'), this.#endpoint?.close()]);
  }

  async #connect(): Promise<void> {
    const { central, counters } = this.#options;
    let link: Link | undefined;
    try {
      link = await connectFramedLink({ host: central.host, port: central.port, inbound: centralToMonitor, connectTimeoutMs: 10_000 });
      const hello = makeMessage<Hello>('hello', { cpId: this.id, secret: this.#options.secret, location: { label: `fleet ${this.id}` }, pricePerKwh: 0.3 });
      const reply = await link.request(hello, { timeoutMs: this.#options.helloTimeoutMs ?? 5000 }).catch((error: Error) => {
        if (/within|timed out|timeout/i.test(error.message)) counters.helloTimeouts++;
        throw error;
      });
      if (reply.type === 'reject') throw new Error(`rejected: ${reply.code}`);
      if (this.#stopped) return void link.close('fleet stopping');
      this.#onWelcome(link, reply.heartbeatMs);
      this.#endpoint ??= await this.#attachDevice();
      this.#setState(this.#faulted ? 'FAULTED' : this.#state, true);
      this.#backoff.reset();
      if (this.idle) this.#options.onIdle?.(this);
    } catch {
      void link?.close('hello failed');
      this.#retry();
    }
  }

  #retry(): void {
    if (this.#stopped || this.#retryTimer) return;
    this.#options.counters.connectRetries++;
    const delayMs = this.#backoff.next();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, delayMs);
  }

  #onWelcome(link: Link, heartbeatMs: number): void {
    this.#link = link;
    this.#welcomed = true;
    link.on('message', () => undefined); // a later reject closes the link; 'close' below handles it
    link.once('close', () => {
      this.#welcomed = false;
      clearInterval(this.#heartbeat);
      if (this.#stopped) return;
      this.#options.counters.monitorLinksDropped++;
      this.#retry();
    });
    this.#sendHealth();
    this.#heartbeat = setInterval(() => this.#sendHealth(), heartbeatMs);
  }

  async #attachDevice(): Promise<Endpoint> {
    const endpoint = await this.#options.channels.attach({
      id: this.id,
      secret: this.#options.secret,
      onMessage: (message) => this.#onCommand(message),
      onDrop: () => {
        if (!this.#stopped) this.#options.counters.busDrops++;
      },
    });
    void endpoint.publish(topics.cpOnline(this.id), 'true', { retain: true }).catch(() => undefined);
    this.#resendTimer = setInterval(() => this.#resendUnacked(), 5000);
    return endpoint;
  }

  #sendHealth(): void {
    const link = this.#link;
    if (!link || link.closed) return;
    const message = makeMessage<Health>('health', { cpId: this.id, engine: this.#faulted ? 'ko' : 'ok' });
    link.send(message).catch(() => undefined);
  }

  #onCommand(delivery: BusMessage): void {
    const parsed = parseMessage(deviceCommand, delivery.payload);
    if (!parsed.ok || this.#stopped) return;
    const command: DeviceCommand = parsed.message;
    switch (command.type) {
      case 'authorize':
        // The car is plugged in at once: a fleet measures Central, not a driver's walk.
        if (this.#state === 'AVAILABLE' && !this.#faulted && !this.#session) this.#startSession(command.sessionId, command.driverId);
        return;
      case 'cancel':
        if (this.#state === 'RESERVED') this.#setState('AVAILABLE');
        return;
      case 'end-session':
        if (this.#session?.id === command.sessionId) this.#endSession(command.reason);
        return;
      case 'stop':
        if (this.#session) this.#endSession('stopped');
        this.#setState('STOPPED');
        return;
      case 'resume':
        if (this.#state === 'STOPPED') this.#setState(this.#faulted ? 'FAULTED' : 'AVAILABLE');
        if (this.idle) this.#options.onIdle?.(this);
        return;
      case 'ack': {
        const re = (command as { re?: string }).re;
        if (re !== undefined && this.#unacked.delete(re)) this.#options.counters.endsAcknowledged++;
        return;
      }
    }
  }

  #startSession(sessionId: string, driverId: string): void {
    const session: Session = { id: sessionId, driverId, startedAtMs: Date.now(), kWh: 0 };
    this.#session = session;
    this.#options.counters.sessionsStarted++;
    this.#setState('CHARGING', false, sessionId);
    this.#publishEvent(makeMessage<SessionStarted>('session-started', { sessionId, driverId }));
    const periodMs = 1000 / this.#options.telemetryHz;
    const kW = this.#options.powerKw ?? 7.4;
    session.telemetryTimer = setInterval(() => {
      session.kWh = Math.round((session.kWh + (kW * periodMs) / 3_600_000) * 1e6) / 1e6;
      this.#options.telemetry.sent(this.id, sessionId, session.kWh);
      this.#options.counters.telemetrySent++;
      const message = makeMessage<Telemetry>('telemetry', { sessionId, kW, kWh: session.kWh });
      void this.#endpoint?.publish(topics.cpTelemetry(this.id), encodeMessage(message), { qos: 0 }).catch(() => undefined);
    }, periodMs);
    const chargeMs = this.#options.sessionMs();
    if (Number.isFinite(chargeMs)) session.endTimer = setTimeout(() => this.#endSession('unplugged'), chargeMs);
  }

  #endSession(reason: SessionEndReason): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    clearInterval(session.telemetryTimer);
    clearTimeout(session.endTimer);
    this.#options.counters.sessionsEnded++;
    this.#options.telemetry.ended(this.id, session.id);
    const durationS = Math.round((Date.now() - session.startedAtMs) / 100) / 10;
    const ended = makeMessage<SessionEnded>('session-ended', { sessionId: session.id, kWh: session.kWh, durationS, reason });
    const payload = encodeMessage(ended);
    this.#unacked.set(ended.id, { payload, sentAtMs: Date.now() });
    this.#publishRaw(payload);
    this.#setState(this.#faulted ? 'FAULTED' : 'AVAILABLE');
    if (this.idle) setImmediate(() => this.#options.onIdle?.(this));
  }

  #resendUnacked(): void {
    const now = Date.now();
    for (const entry of this.#unacked.values()) {
      if (now - entry.sentAtMs < 10_000) continue;
      entry.sentAtMs = now;
      this.#publishRaw(entry.payload);
    }
  }

  #setState(state: EngineState, force = false, sessionId?: string): void {
    if (state === this.#state && !force) return;
    this.#state = state;
    this.#publishEvent(makeMessage<StateEvent>('state', { state, ...(sessionId ? { sessionId } : {}) }));
  }

  #publishEvent(message: object): void {
    this.#publishRaw(encodeMessage(message));
  }

  #publishRaw(payload: Buffer): void {
    if (!this.#endpoint?.connected) return;
    this.#endpoint.publish(topics.cpEvents(this.id), payload).catch(() => undefined);
  }
}
