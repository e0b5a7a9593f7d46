// Where the local Kafka keeps its jars and its shared-instance state (DESIGN §4.6).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Broker version fetched from Maven Central. 4.3.1 is the newest 4.x fully published there
 * (4.4.0 lacks kafka-tools-api). kafkajs 2.2.4 was checked against it: produce, auto-created
 * topics, consumer groups, admin and transactions all work, because kafkajs negotiates the
 * highest API versions both sides share and none of those was removed by KIP-896 in 4.0.
 * EVC_KAFKA_VERSION picks another release (3.9.x also works with these settings).
 */
export const DEFAULT_KAFKA_VERSION = '4.3.1';

export function kafkaVersion(): string {
  return process.env.EVC_KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
}

/** `${XDG_CACHE_HOME:-~/.cache}/evc` */
export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'evc');
}

/** `<cacheRoot>/kafka-<version>/libs`: every jar the broker needs, filled by fetchKafka. */
export function libsDir(version = kafkaVersion()): string {
  return join(cacheRoot(), `kafka-${version}`, 'libs');
}

/** Written after a complete copy: the jar names, one a line. Its absence means "fetch again". */
export function libsManifest(version = kafkaVersion()): string {
  return join(cacheRoot(), `kafka-${version}`, 'libs.complete');
}

export const POM_PATH = fileURLToPath(new URL('./pom.xml', import.meta.url));

/** The shared instance of `npm run kafka:up` records itself here. */
export function stateFile(stateDir = cacheRoot()): string {
  return join(stateDir, 'kafka-run.json');
}
