import { FramedServer, type FramedLink } from '../../../bus/tcp/index.ts';
import { EvcError, monitorToCentral, type Reject, type Welcome } from '../../../protocol/index.ts';
import { handleMonitorMessage } from './handlers/index.ts';
import { LinkLiveness } from './liveness.ts';
import { HelloGuard, type HelloLimits } from './hello-guard.ts';
import type { MonitorContext, MonitorLinkRef } from './types.ts';

type MonitorLink = FramedLink<typeof monitorToCentral>;

export interface MonitorGatewayOptions extends MonitorContext {
  /** Default 0.0.0.0: Monitors connect from other hosts. */
  host?: string;
  /** DESIGN §6 default 7070; 0 picks a free port. */
  port: number;
  /** Links past which a new Monitor is answered NACK (DESIGN §4.1 "full"). */
  maxMonitors?: number;
  /** A link that is not welcomed within this time is closed, so it cannot hold a slot. Default 10 000. */
  helloTimeoutMs?: number;
  /** DESIGN §4.2: the heartbeat told in `welcome`; a welcomed link silent for `missedHeartbeats` of them is dropped. */
  heartbeatMs: number;
  missedHeartbeats: number;
  /** Epoch-ms clock. Default Date.now. */
  now?: () => number;
  /** The core must hear of every closed link (DESIGN §4.2: the CP goes DISCONNECTED), with when it was last heard. */
  onLinkClosed: (linkId: string, lastHeardMs: number | undefined) => void;
  /** Serve the Monitor port over TLS (DESIGN §6 `--tls-cert`, `--tls-key`). */
  tls?: { cert: string; key: string };
  /** Hello rate per remote address and slowing after wrong secrets (issue 9); defaults in hello-guard.ts. */
  helloLimits?: Partial<HelloLimits>;
  /** A refused link or frame, counted (issue 9). */
  onRejected: (reason: string) => void;
}

interface LinkEntry extends MonitorLinkRef {
  link: MonitorLink;
  /** The peer's IP alone: hello limits are per address, and each connection has its own port. */
  remoteHost: string;
  /** The hello being answered: welcome/reject carry its id as `re` (DESIGN §4.1 replies). */
  helloId?: string;
  helloCpId?: string;
  welcomed: boolean;
  helloTimer?: NodeJS.Timeout;
  /** Inbound messages of one link are handled one after another, in order. */
  inbound: Promise<void>;
  /** Outbound work (sends, then a close) of one link, in order. */
  outbound: Promise<void>;
}

/** The Monitor TCP gateway (DESIGN §4.1–4.2): framed links in, messages to the handlers. */
export class MonitorGateway {
  readonly #options: MonitorGatewayOptions;
  readonly #server: FramedServer<typeof monitorToCentral>;
  readonly #links = new Map<string, LinkEntry>();
  readonly #liveness = new LinkLiveness();
  readonly #guard: HelloGuard;
  readonly #now: () => number;
  #livenessTimer: NodeJS.Timeout | undefined;
  #nextId = 1;

  constructor(options: MonitorGatewayOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#guard = new HelloGuard(options.helloLimits);
    const logger = options.logger.child({ part: 'monitor-tcp' });
    this.#server = new FramedServer({
      inbound: monitorToCentral,
      host: options.host ?? '0.0.0.0',
      port: options.port,
      logger,
      ...(options.maxMonitors === undefined ? {} : { maxConnections: options.maxMonitors }),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    this.#server.on('link', (link) => this.#accept(link));
    this.#server.on('refused', (peer, reason) => {
      logger.info({ peer, reason }, 'Monitor refused');
      options.onRejected(/TLS/.test(reason) ? 'tls-handshake' : /full/.test(reason) ? 'too-many-links' : 'link-refused');
    });
    this.#server.on('error', (error) => logger.error({ err: error }, 'Monitor listener failed'));
  }

  /** Listens; a port in use (or not allowed) becomes a one-line EvcError naming the flag to change. */
  async listen(): Promise<number> {
    const { port, host = '0.0.0.0' } = this.#options;
    try {
      const listening = (await this.#server.listen()).port;
      this.#livenessTimer = setInterval(() => this.#dropSilentLinks(), Math.max(50, this.#options.heartbeatMs / 2));
      this.#livenessTimer.unref();
      return listening;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = (error as Error).message;
      if (code === 'EADDRINUSE' || /in use/.test(message)) {
        throw new EvcError('PORT_IN_USE', `Monitor port ${port} on ${host} is already in use; pick another (--port)`);
      }
      throw new EvcError('LISTEN_FAILED', `cannot listen for Monitors on ${host}:${port} (${message}); pick another port (--port)`);
    }
  }

  get port(): number {
    return this.#server.port;
  }

  /** When a frame last arrived on `linkId` (undefined for an unknown link). */
  lastHeard(linkId: string): number | undefined {
    return this.#liveness.lastHeard(linkId);
  }

  /** Monitor links currently open (welcomed or not). */
  get linkCount(): number {
    return this.#links.size;
  }

  send(linkId: string, message: Welcome | Reject): void {
    const entry = this.#links.get(linkId);
    if (!entry) return this.#options.logger.debug({ linkId, type: message.type }, 'Monitor link gone; reply dropped');
    if (entry.helloCpId !== undefined && (message.type === 'welcome' || message.code === 'BAD_SECRET')) {
      if (message.type === 'welcome') this.#guard.succeeded(entry.remoteHost, entry.helloCpId);
      else this.#guard.failed(entry.remoteHost, entry.helloCpId);
    }
    if (message.type === 'welcome') {
      entry.welcomed = true;
      clearTimeout(entry.helloTimer);
      this.#liveness.welcomed(linkId, message.cpId);
    }
    const reply = entry.helloId === undefined ? message : { ...message, re: entry.helloId };
    entry.outbound = entry.outbound.then(() =>
      entry.link.send(reply).catch((error: Error) => this.#options.logger.debug({ linkId, err: error.message }, 'reply not delivered')),
    );
  }

  /** Closes after whatever was sent before (a reject reaches the Monitor first). */
  close(linkId: string, reason: string): void {
    const entry = this.#links.get(linkId);
    if (!entry) return;
    entry.outbound = entry.outbound.then(() => entry.link.close(reason));
  }

  /** Stops listening and closes every link (EOT). */
  async stop(): Promise<void> {
    clearInterval(this.#livenessTimer);
    for (const entry of this.#links.values()) clearTimeout(entry.helloTimer);
    await this.#server.close();
  }

  #accept(link: MonitorLink): void {
    const id = `link-${this.#nextId++}`;
    const entry: LinkEntry = { id, remoteAddress: link.remoteAddress, remoteHost: link.remoteHost, link, welcomed: false, inbound: Promise.resolve(), outbound: Promise.resolve() };
    this.#links.set(id, entry);
    const logger = this.#options.logger;
    entry.helloTimer = setTimeout(() => {
      if (!entry.welcomed) void link.close('no welcome-worthy hello in time');
    }, this.#options.helloTimeoutMs ?? 10_000);
    this.#liveness.heard(id, this.#now());
    link.on('message', (message) => {
      // Liveness first, on its own path: stamped now, whatever waits in the input queue.
      this.#liveness.heard(id, this.#now());
      if (message.type === 'health' && !this.#liveness.mustForward(id, message)) return;
      let delayMs = 0;
      if (message.type === 'hello') {
        const address = entry.remoteHost;
        if (!this.#guard.admit(address, this.#now())) {
          // Over the address's hello rate: closed unanswered; a Monitor retries with backoff.
          logger.warn({ linkId: id, peer: address }, 'hello rate exceeded; link closed');
          this.#options.onRejected('hello-rate');
          void link.close('too many hellos from this address');
          return;
        }
        entry.helloId = message.id;
        entry.helloCpId = message.cpId;
        delayMs = this.#guard.delayMs(address, message.cpId);
      }
      entry.inbound = entry.inbound.then(() => (delayMs > 0 ? sleepUnlessClosed(link, delayMs) : undefined)).then(() =>
        handleMonitorMessage(this.#options, entry, message).catch((error: unknown) =>
          logger.error({ err: error, linkId: id, type: message.type }, 'Monitor message handler failed'),
        ),
      );
    });
    link.on('invalid', (reason) => {
      logger.warn({ linkId: id, peer: link.remoteAddress, reason }, 'NACKed a bad frame from a Monitor');
      this.#options.onRejected('bad-frame');
    });
    link.once('close', (reason) => {
      clearTimeout(entry.helloTimer);
      this.#links.delete(id);
      const lastHeardMs = this.#liveness.lastHeard(id);
      this.#liveness.forget(id);
      logger.info({ linkId: id, peer: link.remoteAddress, reason }, 'Monitor link closed');
      this.#options.onLinkClosed(id, lastHeardMs);
    });
    logger.info({ linkId: id, peer: link.remoteAddress }, 'Monitor link open');
  }

  /** DESIGN §4.2: a welcomed link silent for `missedHeartbeats` heartbeats is dropped; only silence counts. */
  #dropSilentLinks(): void {
    const { heartbeatMs, missedHeartbeats } = this.#options;
    for (const linkId of this.#liveness.silent(this.#now(), heartbeatMs * missedHeartbeats)) {
      void this.#links.get(linkId)?.link.close(`no heartbeat for ${missedHeartbeats} × ${heartbeatMs} ms`);
    }
  }
}

/** Wrong secrets slow the next answer (issue 9): a timer on this link only, cut short if it closes. */
function sleepUnlessClosed(link: MonitorLink, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    link.once('close', done);
    function done(): void {
      clearTimeout(timer);
      link.off('close', done);
      resolve();
    }
  });
}
