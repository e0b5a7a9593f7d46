import type { Bus, BusOptions } from './bus.ts';
import { BusUrlError } from './errors.ts';
import { KafkaBus } from './kafka/kafka-bus.ts';
import type { Logger } from '../base/logger.ts';
import { MqttBus, type MqttBusOptions } from './mqtt/mqtt-bus.ts';
import { parseBusUrl } from './url.ts';

export interface CreateBusOptions extends BusOptions {
  logger?: Logger;
  /** TLS options for mqtts:// (ca, cert, key, rejectUnauthorized). */
  tls?: MqttBusOptions['tls'];
}

/**
 * A bus for a DESIGN §4.6 URL (`mqtt://`, `mqtts://`, `kafka://`), not yet connected.
 * `embedded` is not a client URL: Central starts createEmbeddedBroker() and connects to its `url`.
 * Credentials may be in an MQTT URL (`mqtt://user:pass@host:1883`); options win over them.
 */
export function createBus(url: string, options: CreateBusOptions): Bus {
  const endpoint = parseBusUrl(url);
  switch (endpoint.kind) {
    case 'mqtt':
      return new MqttBus(url, options);
    case 'kafka':
      return new KafkaBus(url, options);
    case 'embedded':
      throw new BusUrlError(url, 'it names Central\'s in-process broker; start it with createEmbeddedBroker() and connect to its url');
  }
}

/** createBus + connect(); rejects (and releases the bus) when no broker answers. */
export async function connectBus(url: string, options: CreateBusOptions): Promise<Bus> {
  const bus = createBus(url, options);
  try {
    await bus.connect();
  } catch (error) {
    await bus.close();
    throw error;
  }
  return bus;
}
