// Local Apache Kafka for development, tests and CI (DESIGN §4.6). No Docker: Maven fetches
// the broker jars once into the user cache and Java runs a single KRaft node on loopback.
export { fetchKafka } from './fetch.ts';
export { javaAvailable } from './java.ts';
export { startLocalKafka, type LocalKafka } from './local.ts';
export { kafkaDown, kafkaUp, readSharedState, saslUsers } from './shared.ts';

