import { subscribeMessages, type Bus, type BusMessage, type Subscription } from '../../../bus/index.ts';
import { deviceEvent, deviceTelemetry, encodeMessage, patterns, topics, type DeviceCommand } from '../../../protocol/index.ts';
import { channelOwner } from '../channel-owner.ts';
import { handleDeviceMessage } from './handlers/index.ts';
import type { DeviceContext, DeviceInbound } from './types.ts';

export interface DeviceGatewayOptions extends DeviceContext {
  /** Connected; Central's own (privileged) identity. */
  bus: Bus;
}

/**
 * The device bus gateway (DESIGN §4.4): Engine events, telemetry and online flags in,
 * commands out on `evc/cp/{cpId}/cmd`. A malformed payload is dropped and logged by
 * subscribeMessages; it never reaches a handler or stops the subscription.
 */
export class DeviceGateway {
  readonly #options: DeviceGatewayOptions;
  readonly #subscriptions: Subscription[] = [];

  constructor(options: DeviceGatewayOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { bus } = this.#options;
    this.#subscriptions.push(
      await subscribeMessages(bus, patterns.allCpEvents, deviceEvent, (message, delivery) => this.#dispatch(delivery, message)),
      await subscribeMessages(bus, patterns.allCpTelemetry, deviceTelemetry, (message, delivery) => this.#dispatch(delivery, message)),
      await bus.subscribe(patterns.allCpOnline, (delivery) => this.#onOnline(delivery)),
    );
  }

  /** Publishes a command (QoS 1). Fire-and-forget: the bus keeps the order; a failure is logged. */
  send(cpId: string, command: DeviceCommand): void {
    const topic = topics.cpCommands(cpId);
    this.#options.bus.publish(topic, encodeMessage(command)).catch((error: Error) =>
      this.#options.logger.warn({ topic, type: command.type, err: error.message }, 'command not published'),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.#subscriptions.splice(0).map((subscription) => subscription.unsubscribe().catch(() => undefined)));
  }

  #dispatch(delivery: BusMessage, message: DeviceInbound): Promise<void> {
    const cpId = channelOwner(delivery, 'cp');
    if (cpId === undefined) {
      this.#options.logger.warn({ topic: delivery.topic, type: message.type }, 'device message without a CP in its channel; dropped');
      return Promise.resolve();
    }
    return handleDeviceMessage(this.#options, cpId, message);
  }

  #onOnline(delivery: BusMessage): Promise<void> {
    const cpId = channelOwner(delivery, 'cp');
    const text = delivery.payload.toString('utf8').trim();
    if (cpId === undefined || (text !== 'true' && text !== 'false')) {
      this.#options.logger.warn({ topic: delivery.topic, payload: text.slice(0, 40) }, 'malformed online flag dropped');
      return Promise.resolve();
    }
    return handleDeviceMessage(this.#options, cpId, { type: 'online', online: text === 'true', retained: delivery.retained === true });
  }
}
