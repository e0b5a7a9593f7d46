// Public surface of the bus layer (DESIGN §4.4–4.6). Apps import from here only.
export type { Bus, BusEvents, BusHandler, BusKind, BusMessage, BusOptions, PublishOptions, Subscription } from './bus.ts';
export { createBus, connectBus, type CreateBusOptions } from './create-bus.ts';
export { parseBusUrl, type BusEndpoint } from './url.ts';
export { subscribeMessages, type MessageHandler } from './typed-subscribe.ts';
export { MqttBus, type MqttBusOptions } from './mqtt/mqtt-bus.ts';
export { KafkaBus, type KafkaBusOptions } from './kafka/kafka-bus.ts';
export { BUS_TOPICS, kafkaTopicsFor, UnmappablePatternError } from './kafka/topic-map.ts';
export { createEmbeddedBroker, EmbeddedBroker, type EmbeddedBrokerOptions } from './broker/embedded-broker.ts';
export type { Authenticate, CentralCredentials, OnRejected } from './broker/security-hooks.ts';
export { mayPublish, maySubscribe, mayUseClientId, isValidRoleId, type Role, type RoleKind } from './broker/acl.ts';
export { silentLogger, type BusLogger } from './logger.ts';
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
