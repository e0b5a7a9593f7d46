import type { Admin, Kafka, KafkaConfig, Producer, SASLOptions } from 'kafkajs';
import { loadKafkaJs } from './kafkajs.ts';
import type { Logger } from '../../base/logger.ts';
import { kafkaLogCreator } from './kafka-log.ts';
import type { ConnectionOptions } from 'node:tls';
import { BusUrlError } from '../errors.ts';
import type { KafkaEndpoint } from '../url.ts';

/** A Kafka SASL login (DESIGN §4.6): the client's account on the brokers, not a CP's or driver's identity. */
export interface KafkaLogin {
  username: string;
  password: string;
}

/** What a TLS client may be given: the CA to trust (`ca`), a client certificate (`cert`, `key`). */
export type KafkaTls = ConnectionOptions;

/**
 * kafkajs' `ssl` and `sasl` for an endpoint: the URL says what the brokers speak
 * (`?tls=true`, `?sasl=scram-sha-256`), the options hold the secrets. A login in the
 * options wins over one in the URL; a mechanism with no login at all is bad usage.
 */
function kafkaSecurity(url: string, endpoint: KafkaEndpoint, options: { kafkaLogin?: KafkaLogin; tls?: KafkaTls }): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = endpoint.tls ? { ssl: options.tls ?? true } : {};
  if (!endpoint.sasl) return ssl;
  const login = options.kafkaLogin ?? (endpoint.username !== undefined && endpoint.password !== undefined ? { username: endpoint.username, password: endpoint.password } : undefined);
  if (!login) {
    throw new BusUrlError(url, `sasl=${endpoint.sasl} needs a user and password: kafka://USER:PASSWORD@host:port?sasl=${endpoint.sasl}, or --kafka-user and --kafka-password`);
  }
  return { ...ssl, sasl: saslOptions(endpoint.sasl, login) };
}

function saslOptions(mechanism: NonNullable<KafkaEndpoint['sasl']>, { username, password }: KafkaLogin): SASLOptions {
  switch (mechanism) {
    case 'plain': return { mechanism, username, password };
    case 'scram-sha-256': return { mechanism, username, password };
    case 'scram-sha-512': return { mechanism, username, password };
  }
}

export interface KafkaClientOptions {
  clientId: string;
  kafkaLogin?: KafkaLogin;
  tls?: KafkaTls;
  logger: Logger;
}

/** The kafkajs client, admin and producer of one bus, with its security and retry settings. */
export function createKafkaClient(url: string, endpoint: KafkaEndpoint, options: KafkaClientOptions): { kafka: Kafka; admin: Admin; producer: Producer } {
  const { Kafka, logLevel, Partitioners } = loadKafkaJs();
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: endpoint.brokers,
    ...kafkaSecurity(url, endpoint, options),
    // Short first-connection retries so connect() can answer within its timeout; a refused
    // login is not retried at all (kafkajs: KafkaJSSASLAuthenticationError is not retriable).
    connectionTimeout: 2000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 3 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(options.logger),
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Bounded (about 20 s): a publish during an outage fails rather than hangs.
    retry: { initialRetryTime: 200, maxRetryTime: 3000, retries: 8 },
  });
  return { kafka, admin: kafka.admin(), producer };
}
