import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { pino } from 'pino';
import { connectFramedLink } from '../../../../../bus/tcp/index.ts';
import type { SubmitInput } from '../../../../../central/core/index.ts';
import { MonitorGateway } from '../../../../../central/gateways/monitor/monitor-gateway.ts';
import { centralToMonitor, makeMessage, type Health, type Hello } from '../../../../../protocol/index.ts';

const HEARTBEAT_MS = 100;

describe('central/gateways/monitor: liveness does not wait behind the input queue (issue 11)', function () {
  let gateway: MonitorGateway;
  let release: () => void;
  let submitted: string[];
  let helloSubmitted: Promise<void>;
  const inputs = new EventEmitter();

  beforeEach(async () => {
    submitted = [];
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let onHello!: () => void;
    helloSubmitted = new Promise((resolve) => (onHello = resolve));
    // The core's queue: the hello is answered at once, then everything waits behind a slow write.
    const submit: SubmitInput = async (_input, label) => {
      submitted.push(label);
      inputs.emit('input', label);
      if (label.startsWith('hello')) return onHello();
      await stuck;
    };
    gateway = new MonitorGateway({
      host: '127.0.0.1',
      port: 0,
      heartbeatMs: HEARTBEAT_MS,
      missedHeartbeats: 3,
      submit,
      secrets: {
        check: async () => ({ result: 'match', stillValid: () => true }),
        recheck: async () => ({ result: 'match', stillValid: () => true }),
        storedConfig: () => undefined,
      },
      logger: pino({ level: process.env.EVC_TEST_LOG ?? 'silent' }),
      onLinkClosed: () => undefined,
      onRejected: () => undefined,
    });
    await gateway.listen();
  });

  afterEach(async () => {
    release();
    await gateway.stop();
  });

  /** When the Monitor last spoke (its hello): Central's silence clock starts there. */
  let helloSentMs = 0;

  async function welcomedMonitor() {
    const link = await connectFramedLink({ host: '127.0.0.1', port: gateway.port, inbound: centralToMonitor });
    const hello = makeMessage<Hello>('hello', { cpId: 'CP1', secret: 's', location: { label: 'L' } });
    helloSentMs = Date.now();
    const answered = link.request(hello);
    await helloSubmitted;
    gateway.send('link-1', { type: 'welcome', id: 'w', ts: Date.now(), cpId: 'CP1', heartbeatMs: HEARTBEAT_MS });
    await answered;
    return link;
  }

  it('keeps a link whose heartbeats arrive while the queue is stuck, and forwards only news', async () => {
    const link = await welcomedMonitor();
    const beat = (engine: Health['engine']) => link.send(makeMessage<Health>('health', { cpId: 'CP1', engine }));
    await beat('ok');
    const heartbeat = setInterval(() => void beat('ok').catch(() => undefined), HEARTBEAT_MS);
    try {
      // 10 heartbeat periods, over 3 times the silence limit, with the queue stuck all along.
      const until = Date.now() + HEARTBEAT_MS * 10;
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS));
        assert.equal(link.closed, false, `dropped: ${link.closeReason}`);
      }
    } finally {
      clearInterval(heartbeat);
    }
    assert.deepEqual(submitted.filter((label) => label.startsWith('health')), ['health CP1 ok on link-1'], 'repeats of the same verdict never queued');
    const koQueued = once(inputs, 'input');
    await beat('ko');
    release(); // the queue catches up: the change reaches the core
    assert.deepEqual(await koQueued, ['health CP1 ko on link-1']);
    await link.close();
  });

  it('drops a welcomed link once its peer goes silent for 3 heartbeats', async () => {
    const link = await welcomedMonitor();
    const [reason] = (await once(link, 'close')) as [string];
    assert.match(reason, /peer sent EOT/);
    // Silence is counted from the Monitor's last frame, its hello (not from the welcome, which
    // may leave later under load: measured from there the drop looked early).
    const silentMs = Date.now() - helloSentMs;
    assert.ok(silentMs >= HEARTBEAT_MS * 3, `dropped after ${silentMs} ms, before 3 heartbeats of silence`);
  });
});
