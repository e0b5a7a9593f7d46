// Public surface of the bus layer (DESIGN §4.4–4.6). Apps import from here only.
export type { Bus, BusMessage, Subscription } from './bus.ts';
export { createBus, connectBus, type BusSecurity, type CreateBusOptions } from './create-bus.ts';
export { parseBusUrl } from './url.ts';
export { subscribeMessages } from './typed-subscribe.ts';
export { MqttBus, type MqttBusOptions } from './mqtt/mqtt-bus.ts';
export { KafkaBus } from './kafka/kafka-bus.ts';
export type { KafkaLogin } from './kafka/kafka-client.ts';
export { UnmappablePatternError } from './kafka/topic-map.ts';
export { createEmbeddedBroker, EmbeddedBroker, type EmbeddedBrokerOptions } from './broker/embedded-broker.ts';
export type { Authenticate, CentralCredentials, OnRejected } from './broker/security-hooks.ts';
export { isValidRoleId, type Role } from './broker/acl.ts';
export {
  BusClosedError,
  BusNotConnectedError,
  BusRefusedError,
  BusUnreachableError,
  BusUrlError,
  HandlerError,
  MalformedPayloadError,
  PayloadTooLargeError,
  SubscribeRefusedError,
} from './errors.ts';
