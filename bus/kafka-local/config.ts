// The files a single-node KRaft broker needs in its run dir. Pure: no I/O here.
import { randomBytes } from 'node:crypto';

export interface BrokerPorts {
  /** PLAINTEXT listener: what clients use (`kafka://127.0.0.1:<brokerPort>`). */
  brokerPort: number;
  /** CONTROLLER listener of the single KRaft voter. */
  controllerPort: number;
}

export interface BrokerLayout extends BrokerPorts {
  dataDir: string;
}

/**
 * server.properties for one node acting as broker and controller on loopback.
 * Replication factors are 1 (there is one broker) and the internal topics get one partition
 * each, so the first consumer group and first transaction do not wait for 50 partitions to be
 * created. A static voter list (not `--standalone`) formats the same way on 3.9 and 4.x.
 */
export function serverProperties(layout: BrokerLayout): string {
  const { brokerPort, controllerPort, dataDir } = layout;
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
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
