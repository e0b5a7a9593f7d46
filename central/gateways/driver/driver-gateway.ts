import { subscribeMessages, type Bus, type Subscription } from '../../../bus/index.ts';
import {
  driverRequest,
  encodeMessage,
  makeMessage,
  patterns,
  PROOF_WINDOW_MS,
  sealEvent,
  topics,
  verifyRequest,
  type DriverEvent,
  type DriverKeys,
  type DriverRequest,
} from '../../../protocol/index.ts';
import { channelOwner } from '../channel-owner.ts';
import { handleDriverRequest } from './handlers/index.ts';
import type { DriverContext } from './types.ts';

export interface DriverGatewayOptions extends DriverContext {
  /** Connected; Central's own (privileged) identity. */
  bus: Bus;
  /** A request came from this driver (its channel's owner): it is online now. */
  onDriverSeen?: (driverId: string) => void;
  /** Kafka (no broker login): who the drivers are, for request proofs and sealed events (DESIGN §4.5). */
  drivers: DriverKeyring;
  /** A refused request, counted (issue 9). */
  onRejected: (reason: string) => void;
  now: () => number;
}

/** What the gateway needs of the driver registry (central/app/driver-registry.ts). */
export interface DriverKeyring {
  keysFor(driverId: string, enroll?: string): Promise<DriverKeys | undefined>;
  knownKeys(driverId: string): DriverKeys | undefined;
}

/**
 * The driver bus gateway (DESIGN §4.5): requests in on `evc/drivers/+/requests` (Kafka:
 * `evc.drivers.requests`, key driverId), events out on `evc/drivers/{driverId}/events`.
 * A malformed request is dropped and logged by subscribeMessages.
 */
export class DriverGateway {
  readonly #options: DriverGatewayOptions;
  /** Kafka: proofs accepted within the time window, so a replay is refused even past the id dedup's capacity. */
  readonly #recentProofs = new Map<string, number>();
  #subscription: Subscription | undefined;

  constructor(options: DriverGatewayOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#subscription = await subscribeMessages(this.#options.bus, patterns.allDriverRequests, driverRequest, (request, delivery) => {
      const channelDriverId = channelOwner(delivery, 'drivers');
      if (channelDriverId === undefined) {
        this.#options.logger.warn({ topic: delivery.topic, requestId: request.id }, 'driver request without a driver in its channel; dropped');
        return;
      }
      const run = (): Promise<void> => {
        const handled = handleDriverRequest(this.#options, channelDriverId, request);
        this.#options.onDriverSeen?.(channelDriverId);
        return handled;
      };
      if (this.#options.bus.kind !== 'kafka') return run();
      return this.#proven(channelDriverId, request).then((ok) => (ok ? run() : undefined));
    });
  }

  /**
   * Kafka carries no login: a request must prove its driver (DESIGN §4.5) — an HMAC with the
   * driver's key over the whole request, a `ts` within PROOF_WINDOW_MS, not seen before.
   */
  async #proven(driverId: string, request: DriverRequest): Promise<boolean> {
    const { logger, drivers, now } = this.#options;
    const keys = await drivers.keysFor(driverId, request.enroll);
    const refuse = (reason: string, text: string, sealed: boolean): false => {
      logger.warn({ driverId, requestId: request.id, reason }, `driver request refused: ${text}`);
      this.#options.onRejected(reason);
      const denial = makeMessage<DriverEvent>('denied', { re: request.id, reason: text });
      // Sealed when we hold the key; a driver Central does not know can only be told in clear.
      if (sealed) this.send(driverId, denial);
      else this.#publish(driverId, denial);
      return false;
    };
    if (!keys) return refuse('unknown-driver', `driver ${driverId} is not provisioned here (or its token was revoked); ask the operator to run: evc central add-driver ${driverId}`, false);
    const verdict = verifyRequest(request, keys, now());
    if (!verdict.ok) {
      const text = verdict.reason === 'stale' ? 'request too old or from the future (check your clock)' : verdict.reason === 'no-proof' ? 'request carries no proof of its driver' : 'request proof does not match your token';
      return refuse(verdict.reason, text, verdict.reason === 'stale');
    }
    const key = `${driverId}\0${request.proof}`;
    if (this.#recentProofs.has(key)) return refuse('replay', 'request already seen (replay)', false);
    this.#recentProofs.set(key, request.ts);
    for (const [seen, ts] of this.#recentProofs) {
      if (ts >= now() - 2 * PROOF_WINDOW_MS) break;
      this.#recentProofs.delete(seen);
    }
    return true;
  }

  /** Publishes an event to one driver (QoS 1). Fire-and-forget: the bus keeps the order; a failure is logged. */
  send(driverId: string, event: DriverEvent): void {
    if (this.#options.bus.kind === 'kafka') {
      // Every driver reads the one events topic: seal each event for its driver alone (DESIGN §4.5).
      const keys = this.#options.drivers.knownKeys(driverId);
      if (!keys) return this.#options.logger.warn({ driverId, type: event.type }, 'no key for this driver; event not sent in clear');
      return this.#publish(driverId, sealEvent(driverId, event, keys), event.type);
    }
    this.#publish(driverId, event);
  }

  #publish(driverId: string, payload: object, type = (payload as { type: string }).type): void {
    const topic = topics.driverEvents(driverId);
    this.#options.bus.publish(topic, encodeMessage(payload)).catch((error: Error) =>
      this.#options.logger.warn({ topic, type, err: error.message }, 'driver event not published'),
    );
  }

  async stop(): Promise<void> {
    await this.#subscription?.unsubscribe().catch(() => undefined);
    this.#subscription = undefined;
  }
}
