import { subscribeMessages, type Bus, type Subscription } from '../../../bus/index.ts';
import { driverRequest, encodeMessage, patterns, topics, type DriverEvent } from '../../../protocol/index.ts';
import { channelOwner } from '../channel-owner.ts';
import { handleDriverRequest } from './handlers/index.ts';
import type { DriverContext } from './types.ts';

export interface DriverGatewayOptions extends DriverContext {
  /** Connected; Central's own (privileged) identity. */
  bus: Bus;
  /** A request came from this driver (its channel's owner): it is online now. */
  onDriverSeen?: (driverId: string) => void;
}

/**
 * The driver bus gateway (DESIGN §4.5): requests in on `evc/drivers/+/requests` (Kafka:
 * `evc.drivers.requests`, key driverId), events out on `evc/drivers/{driverId}/events`.
 * A malformed request is dropped and logged by subscribeMessages.
 */
export class DriverGateway {
  readonly #options: DriverGatewayOptions;
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
      const handled = handleDriverRequest(this.#options, channelDriverId, request);
      this.#options.onDriverSeen?.(channelDriverId);
      return handled;
    });
  }

  /** Publishes an event to one driver (QoS 1). Fire-and-forget: the bus keeps the order; a failure is logged. */
  send(driverId: string, event: DriverEvent): void {
    const topic = topics.driverEvents(driverId);
    this.#options.bus.publish(topic, encodeMessage(event)).catch((error: Error) =>
      this.#options.logger.warn({ topic, type: event.type, err: error.message }, 'driver event not published'),
    );
  }

  async stop(): Promise<void> {
    await this.#subscription?.unsubscribe().catch(() => undefined);
    this.#subscription = undefined;
  }
}
