// Local Apache Kafka for development, tests and CI (DESIGN §4.6). No Docker: Maven fetches
// the broker jars once into the user cache and Java runs a single KRaft node on loopback.
export { fetchKafka, type FetchOptions } from './fetch.ts';
export { javaAvailable, type Availability } from './java.ts';
export { startLocalKafka, type LocalKafka, type StartOptions } from './local.ts';
export { kafkaDown, kafkaUp, readSharedState, type SharedOptions, type SharedState } from './shared.ts';
export { DEFAULT_KAFKA_VERSION, kafkaVersion, libsDir } from './paths.ts';
