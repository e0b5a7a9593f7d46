import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Bus, BusMessage, Subscription } from '../../bus/bus.ts';
import { deviceCommand, encodeMessage, parseMessage, topics, type DeviceCommand, type DeviceEvent, type EventAck, type Telemetry } from '../../protocol/index.ts';
import type { Outbox } from './outbox.ts';
import { RecentIds } from '../../base/recent-ids.ts';

/** Commands the Engine acts on; `ack` is the client's own business (it clears the outbox). */
export type EngineCommand = Exclude<DeviceCommand, EventAck>;

export interface DeviceClientEvents {
  command: [command: EngineCommand];
  /** Connected and subscribed; the outbox has been replayed. */
  online: [];
  /** An outbox event Central acknowledged. */
  acknowledged: [eventId: string];
}

export interface DeviceClientOptions {
  cpId: string;
  /** Not yet connected; the client connects it. Give it the will `online` → `false` (see `deviceBusOptions`). */
  bus: Bus;
  outbox: Outbox;
  logger: Logger;
  /** Pending outbox events unacknowledged this long are sent again. Default 10 000 ms. */
  resendMs?: number;
}

/** Bus options an Engine needs (DESIGN §4.4): its own login, a persistent session, the last will. */
export function deviceBusOptions(cpId: string, secret: string | undefined) {
  return {
    // The broker's ACL takes only the CP's own id, or that id with a `.suffix`, as the session key.
    clientId: `${cpId}.engine`,
    username: cpId,
    ...(secret ? { password: secret } : {}),
    will: { topic: topics.cpOnline(cpId), payload: 'false', retain: true },
  };
}

/**
 * Events kept in the outbox until Central acknowledges them (DESIGN §4.4). A session-ended
 * supersedes its session's session-started: the end carries everything Central bills, and
 * Central acknowledges only ends, so a start is otherwise dropped when its session ends.
 */
function mustArrive(event: DeviceEvent): boolean {
  return event.type === 'session-started' || event.type === 'session-ended';
}

function startOf(ended: DeviceEvent): (pending: DeviceEvent) => boolean {
  return (pending) => ended.type === 'session-ended' && pending.type === 'session-started' && pending.sessionId === ended.sessionId;
}

/**
 * The Engine's side of the device bus (DESIGN §4.4): commands in (validated, deduplicated),
 * events and telemetry out, `online` retained, the outbox replayed on every (re)connect.
 */
export class DeviceClient extends EventEmitter<DeviceClientEvents> {
  readonly #options: DeviceClientOptions;
  readonly #seen = new RecentIds(1024);
  /** Outbox event id → when it was last sent (Date.now), for the resend sweep. */
  readonly #sentAtMs = new Map<string, number>();
  #lastState: DeviceEvent | undefined;
  #subscription: Subscription | undefined;
  #resendTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #wakeRetry: (() => void) | undefined;
  #closed = false;

  constructor(options: DeviceClientOptions) {
    super();
    this.#options = options;
  }

  get pendingEvents(): number {
    return this.#options.outbox.pending.length;
  }

  /** True when a session-ended for `sessionId` still waits in the outbox. */
  pendingSessionEnd(sessionId: string): boolean {
    return this.#options.outbox.pending.some((event) => event.type === 'session-ended' && event.sessionId === sessionId);
  }

  /**
   * Starts connecting in the background and keeps trying (the CP works without Central:
   * events wait in the outbox). Use `whenOnline()` to wait for the first connection.
   */
  start(): void {
    const { bus, logger } = this.#options;
    bus.on('connect', () => this.#onConnect());
    bus.on('disconnect', (reason) => {
      if (!this.#closed) logger.warn({ reason }, 'device bus lost; events wait in the outbox');
    });
    bus.on('error', (error) => logger.warn({ err: error.message }, 'device bus problem'));
    const resendMs = this.#options.resendMs ?? 10_000;
    this.#resendTimer = setInterval(() => this.#resendStale(resendMs), Math.min(resendMs, 1_000));
    this.#resendTimer.unref();
    void this.#connectUntilClosed();
  }

  /** True once subscribed and while the bus is connected. */
  get online(): boolean {
    return this.#subscription !== undefined && this.#options.bus.connected;
  }

  /** Resolves when connected and subscribed (at once if already). */
  whenOnline(): Promise<void> {
    if (this.online) return Promise.resolve();
    return new Promise((resolve) => this.once('online', resolve));
  }

  async #connectUntilClosed(): Promise<void> {
    const { bus, cpId, logger } = this.#options;
    let delayMs = 500;
    while (!this.#closed) {
      try {
        await bus.connect();
        this.#subscription = await bus.subscribe(topics.cpCommands(cpId), (message) => this.#onCommand(message));
        break;
      } catch (error) {
        if (this.#closed) return;
        logger.warn({ url: bus.url, err: (error as Error).message, retryMs: delayMs }, 'device bus not reachable yet; retrying');
        await new Promise<void>((resolve) => {
          this.#retryTimer = setTimeout(resolve, delayMs);
          this.#wakeRetry = resolve;
        });
        delayMs = Math.min(delayMs * 2, 5_000);
      }
    }
    if (!this.#closed) this.#onConnect();
  }

  /** Publishes an event; session events are on disk first and stay until Central acknowledges them. */
  send(event: DeviceEvent): void {
    if (event.type === 'state') this.#lastState = event;
    if (mustArrive(event)) this.#options.outbox.add(event, startOf(event));
    this.#publish(topics.cpEvents(this.#options.cpId), event);
  }

  /** Telemetry is a live figure: best effort, a lost one is replaced a second later. */
  sendTelemetry(telemetry: Telemetry): void {
    if (!this.#options.bus.connected) return;
    this.#publish(topics.cpTelemetry(this.#options.cpId), telemetry, 0);
  }

  /**
   * Waits up to `timeoutMs` for Central to acknowledge every session end in the outbox (a
   * clean stop, DESIGN §4.4); at once when none waits or the bus is down. What is left
   * stays in the outbox for the next start.
   */
  async settle(timeoutMs: number): Promise<boolean> {
    const done = (): boolean => !this.#options.outbox.pending.some((event) => event.type === 'session-ended');
    if (done()) return true;
    if (!this.online) return false;
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.off('acknowledged', onAck);
        resolve(result);
      };
      const onAck = (): void => {
        if (done()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.on('acknowledged', onAck);
    });
  }

  /** Says goodbye (`online` false, retained) and closes the bus. The outbox stays on disk. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#resendTimer);
    clearTimeout(this.#retryTimer);
    this.#wakeRetry?.();
    const { bus, cpId } = this.#options;
    if (bus.connected) {
      await bus.publish(topics.cpOnline(cpId), 'false', { retain: true }).catch(() => {});
    }
    await this.#subscription?.unsubscribe().catch(() => {});
    await bus.close();
  }

  #onConnect(): void {
    // Before the first subscribe the connect loop calls this itself, once the commands are flowing.
    if (this.#closed || !this.online) return;
    const { cpId, outbox } = this.#options;
    this.#publishRaw(topics.cpOnline(cpId), 'true', true);
    const pending = outbox.pending;
    if (pending.length > 0) this.#options.logger.info({ events: pending.length }, 'replaying the outbox');
    for (const event of pending) this.#publish(topics.cpEvents(cpId), event);
    if (this.#lastState) this.#publish(topics.cpEvents(cpId), this.#lastState);
    this.emit('online');
  }

  #resendStale(resendMs: number): void {
    if (!this.#options.bus.connected) return;
    const nowMs = Date.now();
    for (const id of this.#sentAtMs.keys()) if (!this.#options.outbox.has(id)) this.#sentAtMs.delete(id);
    // Only ends are re-sent on a timer: Central acknowledges those, and a start goes with its end.
    for (const event of this.#options.outbox.pending) {
      if (event.type !== 'session-ended') continue;
      if (nowMs - (this.#sentAtMs.get(event.id) ?? 0) >= resendMs) this.#publish(topics.cpEvents(this.#options.cpId), event);
    }
  }

  #onCommand(message: BusMessage): void {
    this.#options.logger.debug({ topic: message.topic, bytes: message.payload.length }, 'command received');
    const parsed = parseMessage(deviceCommand, message.payload);
    if (!parsed.ok) {
      this.#options.logger.warn({ topic: message.topic, reason: parsed.reason }, 'malformed command ignored');
      return;
    }
    const command = parsed.message;
    if (command.type === 'ack') {
      // The schema requires `re` on an ack; its inferred type loses that, hence the check.
      const re: unknown = (command as { re?: unknown }).re;
      if (typeof re === 'string') this.#onAck(re);
      return;
    }
    if (this.#seen.seen(command.id)) {
      this.#options.logger.debug({ id: command.id, type: command.type }, 'duplicate command dropped');
      return;
    }
    this.#options.logger.info({ type: command.type, id: command.id }, 'command');
    this.emit('command', command);
  }

  #onAck(eventId: string): void {
    this.#sentAtMs.delete(eventId);
    if (this.#options.outbox.ack(eventId)) this.emit('acknowledged', eventId);
  }

  #publish(topic: string, message: DeviceEvent | Telemetry, qos: 0 | 1 = 1): void {
    if (mustArrive(message as DeviceEvent)) this.#sentAtMs.set(message.id, Date.now());
    this.#publishRaw(topic, encodeMessage(message), false, qos, message.type);
  }

  #publishRaw(topic: string, payload: Buffer | string, retain: boolean, qos: 0 | 1 = 1, what = 'online'): void {
    // While offline nothing is handed to the client library: its offline queue would flush before
    // our subscription is back, and grow without bound in a long outage. Outbox events are
    // replayed and the last state republished on reconnect instead.
    if (!this.#options.bus.connected) return;
    this.#options.bus.publish(topic, payload, { retain, qos }).catch((error: Error) => {
      if (!this.#closed) this.#options.logger.warn({ topic, what, err: error.message }, 'publish failed');
    });
  }
}
