// The files a single-node KRaft broker needs in its run dir. Pure: no I/O here.
import { randomBytes } from 'node:crypto';

export interface BrokerPorts {
  /** The client listener (`kafka://127.0.0.1:<brokerPort>`): PLAINTEXT, or SASL_PLAINTEXT with `sasl`. */
  brokerPort: number;
  /** CONTROLLER listener of the single KRaft voter. */
  controllerPort: number;
}

export interface BrokerLayout extends BrokerPorts {
  dataDir: string;
  /** Clients must log in: the client listener is SASL_PLAINTEXT instead of PLAINTEXT. */
  sasl?: SaslSettings;
  /** A second client listener speaking TLS (SSL, or SASL_SSL with `sasl`) on its own port. */
  tls?: TlsListener;
}

/** PEM files in the run dir (Kafka reads PEM since 2.7, KIP-651): no Java keystore to make. */
export interface TlsListener {
  port: number;
  /** The broker's private key (PKCS#8) followed by its certificate. */
  keystoreFile: string;
  /** The CA its own inter-broker client trusts. */
  truststoreFile: string;
}

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/**
 * A SASL listener for tests of Kafka logins (issue 9). PLAIN users live in the listener's JAAS
 * line; SCRAM users are written into the metadata log when the storage is formatted
 * (`--add-scram`, the KRaft way: there is no ZooKeeper to add them to later).
 */
export interface SaslSettings {
  mechanism: SaslMechanism;
  /** Name → password of every client login. */
  users: Record<string, string>;
  /** The broker's own login on its inter-broker listener (also what the readiness probe uses). */
  broker: { username: string; password: string };
}

/** Names and passwords go into a JAAS line or a `--add-scram` spec unquoted: keep them plain. */
const PLAIN_CREDENTIAL = /^[A-Za-z0-9_-]{1,64}$/;

export function checkSaslSettings(sasl: SaslSettings): void {
  for (const [name, password] of [...Object.entries(sasl.users), [sasl.broker.username, sasl.broker.password]]) {
    if (!PLAIN_CREDENTIAL.test(name!) || !PLAIN_CREDENTIAL.test(password!)) {
      throw new Error(`local Kafka SASL user "${name}": names and passwords are 1-64 letters, digits, _ or -`);
    }
  }
}

/** `--add-scram` arguments of the storage format for a SCRAM listener; none for PLAIN or no SASL. */
export function scramFormatArgs(sasl: SaslSettings | undefined): string[] {
  if (!sasl || sasl.mechanism === 'PLAIN') return [];
  const logins = [[sasl.broker.username, sasl.broker.password], ...Object.entries(sasl.users)];
  return logins.flatMap(([name, password]) => ['--add-scram', `${sasl.mechanism}=[name=${name},password=${password}]`]);
}

/**
 * The client listeners: PLAINTEXT or SASL_PLAINTEXT on `brokerPort` (also the inter-broker one),
 * and with `tls` SSL or SASL_SSL on its own port. Listeners are named for their protocol.
 */
function listenerSettings({ brokerPort, controllerPort, sasl, tls }: BrokerLayout): Record<string, string> {
  const plain = sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  const secure = sasl ? 'SASL_SSL' : 'SSL';
  const clients = [`${plain}://127.0.0.1:${brokerPort}`, ...(tls ? [`${secure}://127.0.0.1:${tls.port}`] : [])];
  const protocols = [plain, ...(tls ? [secure] : [])];
  const settings: Record<string, string> = {
    listeners: [...clients, `CONTROLLER://127.0.0.1:${controllerPort}`].join(','),
    'advertised.listeners': clients.join(','),
    'inter.broker.listener.name': plain,
    'listener.security.protocol.map': [...protocols.map((name) => `${name}:${name}`), 'CONTROLLER:PLAINTEXT'].join(','),
  };
  if (tls) {
    Object.assign(settings, {
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': tls.keystoreFile,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': tls.truststoreFile,
    });
  }
  if (sasl) {
    const { mechanism, users, broker } = sasl;
    const login = `username="${broker.username}" password="${broker.password}"`;
    const jaas = mechanism === 'PLAIN'
      ? `org.apache.kafka.common.security.plain.PlainLoginModule required ${login} ${[[broker.username, broker.password], ...Object.entries(users)].map(([name, password]) => `user_${name}="${password}"`).join(' ')};`
      : `org.apache.kafka.common.security.scram.ScramLoginModule required ${login};`;
    settings['sasl.enabled.mechanisms'] = mechanism;
    settings['sasl.mechanism.inter.broker.protocol'] = mechanism;
    for (const name of protocols) settings[`listener.name.${name.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`] = jaas;
  }
  return settings;
}

/**
 * server.properties for one node acting as broker and controller on loopback.
 * Replication factors are 1 (there is one broker) and the internal topics get one partition
 * each, so the first consumer group and first transaction do not wait for 50 partitions to be
 * created. A static voter list (not `--standalone`) formats the same way on 3.9 and 4.x.
 */
export function serverProperties(layout: BrokerLayout): string {
  const { controllerPort, dataDir } = layout;
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    ...listenerSettings(layout),
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': dataDir,
    'num.partitions': 3,
    'auto.create.topics.enable': true,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    // A development broker: small segments, a day of history, no unbounded disk use.
    'log.segment.bytes': 16 * 1024 * 1024,
    'log.retention.hours': 24,
    'log.retention.bytes': 256 * 1024 * 1024,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by bus/kafka-local (DESIGN §4.6); this run dir is deleted on stop.\n${lines.join('\n')}\n`;
}

/** log4j2 config sending every broker log line to one file, nothing to the console. */
export function log4jProperties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile.replaceAll('\\', '/')}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    // The state-change and request loggers repeat every partition move at INFO.
    'logger.stateChange.name = state.change.logger',
    'logger.stateChange.level = warn',
    '',
  ].join('\n');
}

/** A Kafka cluster id: 16 random bytes, base64url without padding, never starting with '-'. */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** JVM flags for a quick-starting, small development broker. */
export function jvmOptions(runDir: string, log4jFile: string): string[] {
  return [
    '-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
    // C1 only: the broker starts faster and burns less CPU on small CI machines.
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${runDir}`,
    `-Dlog4j2.configurationFile=${log4jFile}`,
  ];
}
