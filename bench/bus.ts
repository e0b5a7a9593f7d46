// Bus benchmark: round-trip latency and throughput on each broker, side by side (DESIGN §4.4–4.6).
// Reproduce: node --import tsx bench/bus.ts   (EVC_KAFKA=kafka://host:port to use a running Kafka)
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createEmbeddedBroker, KafkaBus, MqttBus, type Bus } from '../bus/index.ts';
import { startLocalKafka } from '../bus/kafka-local/index.ts';

const WARM_UP = 200;
const ROUND_TRIPS = 2000;
const THROUGHPUT_MESSAGES = 20_000;
const PAYLOAD_BYTES = 200;
const WINDOW = 500;
const RESULTS_FILE = fileURLToPath(new URL('./results/bus.md', import.meta.url));
const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883';

interface Row {
  broker: string;
  p50Ms?: number;
  p99Ms?: number;
  messagesPerS?: number;
  note: string;
}

interface Target {
  broker: string;
  note: string;
  makeBus(clientId: string): Bus;
  stop(): Promise<void>;
}

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)]!;
}

/** Publisher and subscriber on separate connections, as an Engine and Central are. */
async function measure(target: Target): Promise<Row> {
  const run = randomBytes(3).toString('hex');
  const publisher = target.makeBus(`bench-pub-${run}`);
  const subscriber = target.makeBus(`bench-sub-${run}`);
  await Promise.all([publisher.connect(), subscriber.connect()]);
  try {
    const topic = `evc/cp/bench${run}/telemetry`;
    let onMessage: () => void = () => {};
    await subscriber.subscribe(topic, () => onMessage());
    const payload = Buffer.alloc(PAYLOAD_BYTES, 120);

    const roundTrip = async (): Promise<number> => {
      const start = process.hrtime.bigint();
      const received = new Promise<void>((resolve) => (onMessage = resolve));
      await Promise.all([publisher.publish(topic, payload), received]);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let i = 0; i < WARM_UP; i++) await roundTrip();
    const timesMs: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) timesMs.push(await roundTrip());
    timesMs.sort((a, b) => a - b);

    // At most WINDOW messages between publisher and subscriber: a broker queues only so much
    // per subscriber (Mosquitto drops QoS 1 past max_queued_messages, default 1000).
    let sent = 0;
    let received = 0;
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const pump = (): void => {
        while (sent < THROUGHPUT_MESSAGES && sent - received < WINDOW) {
          sent++;
          publisher.publish(topic, payload).catch(reject);
        }
      };
      onMessage = () => {
        if (++received === THROUGHPUT_MESSAGES) resolve();
        else pump();
      };
      pump();
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;

    const row: Row = {
      broker: target.broker,
      p50Ms: percentile(timesMs, 50),
      p99Ms: percentile(timesMs, 99),
      messagesPerS: Math.round(THROUGHPUT_MESSAGES / seconds),
      note: target.note,
    };
    console.log(
      `${row.broker.padEnd(28)} p50 ${row.p50Ms!.toFixed(2)} ms  p99 ${row.p99Ms!.toFixed(2)} ms  ${row.messagesPerS} msgs/s`,
    );
    return row;
  } finally {
    await Promise.all([publisher.close(), subscriber.close()]);
  }
}

async function embeddedTarget(): Promise<Target> {
  const central = { username: 'central', password: randomBytes(8).toString('hex') };
  const broker = await createEmbeddedBroker({ host: '127.0.0.1', port: 0, central });
  return {
    broker: 'embedded aedes',
    note: 'aedes 1.x in the benchmark process, in-memory persistence',
    makeBus: (clientId) => new MqttBus(broker.url, { clientId, ...central }),
    stop: () => broker.close(),
  };
}

async function mosquittoTarget(): Promise<Target | string> {
  const probe = new MqttBus(MOSQUITTO_URL, { clientId: `bench-probe-${randomBytes(3).toString('hex')}`, connectTimeoutMs: 1000 });
  try {
    await probe.connect();
  } catch (error) {
    return `no MQTT broker at ${MOSQUITTO_URL}: ${(error as Error).message}`;
  } finally {
    await probe.close();
  }
  return {
    broker: 'Mosquitto',
    note: `the Mosquitto at ${MOSQUITTO_URL}, separate process`,
    makeBus: (clientId) => new MqttBus(MOSQUITTO_URL, { clientId }),
    stop: async () => {},
  };
}

async function kafkaTarget(): Promise<Target | string> {
  let url = process.env.EVC_KAFKA;
  let stop = async (): Promise<void> => {};
  if (!url) {
    try {
      const kafka = await startLocalKafka();
      url = kafka.url;
      stop = () => kafka.stop();
    } catch (error) {
      return `no Kafka: ${(error as Error).message}`;
    }
  }
  const kafkaUrl = url;
  return {
    broker: 'Apache Kafka',
    note: process.env.EVC_KAFKA ? `EVC_KAFKA=${kafkaUrl}` : 'single-node KRaft from bus/kafka-local, acks=all, idempotent',
    makeBus: (clientId) => new KafkaBus(kafkaUrl, { clientId }),
    stop,
  };
}

function report(rows: Row[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const table = [
    '| broker | round trip p50 | round trip p99 | throughput | setup |',
    '|---|---:|---:|---:|---|',
    ...rows.map((row) =>
      row.p50Ms === undefined
        ? `| ${row.broker} | — | — | — | skipped: ${row.note} |`
        : `| ${row.broker} | ${row.p50Ms.toFixed(2)} ms | ${row.p99Ms!.toFixed(2)} ms | ${row.messagesPerS!.toLocaleString('en')} msgs/s | ${row.note} |`,
    ),
  ];
  return [
    '# Bus: round-trip latency and throughput',
    '',
    `Reproduce: \`node --import tsx bench/bus.ts\` (set \`EVC_KAFKA=kafka://host:port\` to use a running Kafka).`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; the machine was shared with other work.`,
    '',
    `- Round trip: publish (QoS 1, ${PAYLOAD_BYTES} B) on one connection until a subscriber on another connection`,
    `  has it and the publish is acknowledged; ${ROUND_TRIPS} sequential after ${WARM_UP} warm-up.`,
    `- Throughput: ${THROUGHPUT_MESSAGES.toLocaleString('en')} messages of ${PAYLOAD_BYTES} B, at most ${WINDOW} in flight between publisher`,
    '  and subscriber, until the subscriber has them all.',
    '- One key (one CP), so Kafka uses one partition: the per-key order case.',
    '',
    ...table,
    '',
  ].join('\n');
}

export async function main(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const makeTarget of [embeddedTarget, mosquittoTarget, kafkaTarget]) {
    const target = await makeTarget();
    if (typeof target === 'string') {
      const broker = makeTarget === mosquittoTarget ? 'Mosquitto' : 'Apache Kafka';
      console.log(`${broker.padEnd(28)} skipped: ${target}`);
      rows.push({ broker, note: target });
      continue;
    }
    try {
      rows.push(await measure(target));
    } finally {
      await target.stop();
    }
  }
  await writeFile(RESULTS_FILE, report(rows));
  console.log(`\n${report(rows)}\nwritten to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
