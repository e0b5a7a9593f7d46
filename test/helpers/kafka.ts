// The Apache Kafka every Kafka test talks to (DESIGN §4.6): EVC_KAFKA when set, else one
// private broker started on first use and stopped after the whole mocha run.
import { randomBytes } from 'node:crypto';
import { javaAvailable, startLocalKafka, type LocalKafka } from '../../bus/kafka-local/index.ts';
import { makeTestCertificates } from './certificates.ts';
import { onRunEnd } from './root-hooks.ts';

/** The first fetch downloads ~45 MB and startup takes a few seconds: more than a test's 20 s. */
const START_TIMEOUT_MS = 300_000;

let started: Promise<string> | undefined;
let owned: LocalKafka | undefined;
let skipReason: string | undefined;

async function startShared(): Promise<string> {
  const kafka = await startLocalKafka({ onProgress: (line) => process.stderr.write(`    [kafka] ${line}\n`) });
  owned = kafka;
  onRunEnd(() => kafka.stop());
  return kafka.url;
}

/**
 * Restarts the test Kafka on the same port and data (its topics, offsets, consumer groups),
 * when this run started it; undefined for a broker given by EVC_KAFKA (not ours to restart).
 * Call after `kafkaForTests`.
 */
export function kafkaRestarter(): ((signal?: 'SIGTERM' | 'SIGKILL') => Promise<void>) | undefined {
  if (process.env.EVC_KAFKA || !owned) return undefined;
  const kafka = owned;
  return (signal) => kafka.restart(signal);
}

/**
 * Java and Maven (or cached jars) are there, else the calling test skips with the reason
 * printed, except under CI=true where it fails: Kafka suites must run there.
 */
export async function requireKafkaTooling(ctx: Mocha.Context): Promise<void> {
  const availability = await javaAvailable();
  if (availability.ok) return;
  if (process.env.CI === 'true') throw new Error(`Kafka tests must run in CI: ${availability.reason}`);
  if (skipReason === undefined) console.log(`    Kafka tests skipped: ${availability.reason}`);
  skipReason = availability.reason;
  ctx.skip();
}

/** A `kafka://127.0.0.1:PORT` URL for a running broker (see requireKafkaTooling for skips). */
export async function kafkaForTests(ctx: Mocha.Context): Promise<string> {
  const external = process.env.EVC_KAFKA;
  if (external) return external;
  const timeoutMs = ctx.timeout();
  if (timeoutMs !== 0) ctx.timeout(Math.max(timeoutMs, START_TIMEOUT_MS)); // 0: timeouts are off
  if (!started) {
    await requireKafkaTooling(ctx);
    started ??= startShared();
  }
  return started;
}

/** A second private broker whose clients must log in (SASL SCRAM-SHA-256, issue 9), in plain text or over TLS. */
export interface SaslKafka {
  /** `kafka://127.0.0.1:PORT?sasl=scram-sha-256` (SASL_PLAINTEXT): no login in it. */
  url: string;
  /** `kafka://127.0.0.1:PORT2?sasl=scram-sha-256&tls=true` (SASL_SSL), its certificate signed by `caFile`. */
  tlsUrl: string;
  /** The test CA (PEM file) to trust on `tlsUrl`. */
  caFile: string;
  /** Two accounts, so Central and a driver each use their own. */
  logins: { central: { username: string; password: string }; driver: { username: string; password: string } };
}

let saslStarted: Promise<SaslKafka> | undefined;

/**
 * A SASL Kafka of its own (free ports, its own data dir), started on first use and stopped
 * after the run; the PLAINTEXT broker of `kafkaForTests` is not touched. Never EVC_KAFKA:
 * the logins are made here.
 */
export async function saslKafkaForTests(ctx: Mocha.Context): Promise<SaslKafka> {
  const timeoutMs = ctx.timeout();
  if (timeoutMs !== 0) ctx.timeout(Math.max(timeoutMs, START_TIMEOUT_MS));
  await requireKafkaTooling(ctx);
  saslStarted ??= (async () => {
    const logins = {
      central: { username: 'evc-central', password: randomBytes(12).toString('hex') },
      driver: { username: 'evc-driver', password: randomBytes(12).toString('hex') },
    };
    const users = Object.fromEntries(Object.values(logins).map(({ username, password }) => [username, password]));
    const certs = await makeTestCertificates();
    onRunEnd(() => certs.remove());
    const kafka = await startLocalKafka({
      sasl: { mechanism: 'SCRAM-SHA-256', users },
      tls: { cert: certs.cert, key: certs.key, ca: certs.ca },
      onProgress: (line) => process.stderr.write(`    [kafka sasl] ${line}\n`),
    });
    onRunEnd(() => kafka.stop());
    return { url: kafka.url, tlsUrl: kafka.tlsUrl!, caFile: certs.files.ca, logins };
  })();
  return saslStarted;
}

/** kafkajs `brokers` from a DESIGN §4.6 URL: `kafka://a:1,b:2` → ['a:1', 'b:2']. */
export function kafkaBrokers(url: string): string[] {
  const parsed = /^kafka:\/\/([^/?#]+)\/?$/.exec(url);
  if (!parsed) throw new Error(`not a kafka:// URL: ${url}`);
  return parsed[1].split(',').map((broker) => broker.trim()).filter(Boolean);
}
