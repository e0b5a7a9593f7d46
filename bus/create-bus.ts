import type { Bus, BusOptions } from './bus.ts';
import { BusUrlError } from './errors.ts';
import { KafkaBus } from './kafka/kafka-bus.ts';
import type { KafkaLogin } from './kafka/kafka-client.ts';
import type { Logger } from '../base/logger.ts';
import { MqttBus, type MqttBusOptions } from './mqtt/mqtt-bus.ts';
import { parseBusUrl } from './url.ts';

export interface CreateBusOptions extends BusOptions {
  logger?: Logger;
  /** TLS options (ca, cert, key, rejectUnauthorized) for mqtts:// and for kafka://…?tls=true. */
  tls?: MqttBusOptions['tls'];
  /**
   * The SASL login for a kafka:// URL that names `?sasl=` (it wins over a login in the URL).
   * Not `username`/`password`: those are the MQTT identity of a CP or driver.
   */
  kafkaLogin?: KafkaLogin;
}

/** A client's TLS trust and Kafka login (DESIGN §4.6): the secrets a bus URL never carries safely. */
export type BusSecurity = Pick<CreateBusOptions, 'tls' | 'kafkaLogin'>;

/**
 * A bus for a DESIGN §4.6 URL (`mqtt://`, `mqtts://`, `kafka://`), not yet connected.
 * `embedded` is not a client URL: Central starts createEmbeddedBroker() and connects to its `url`.
 * Credentials may be in the URL (`mqtt://user:pass@host:1883`, `kafka://user:pass@host:9092?sasl=plain`);
 * options win over them.
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
