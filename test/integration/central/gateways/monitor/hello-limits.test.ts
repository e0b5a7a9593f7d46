import assert from 'node:assert/strict';
import { connectFramedLink, LinkError, type FramedLink } from '../../../../../bus/tcp/index.ts';
import { centralToMonitor, makeMessage, type Hello } from '../../../../../protocol/index.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from '../../app/central-fixture.ts';

const LAB = { label: 'Lab 1' };

/** The value of one Prometheus sample line, e.g. `evc_rejected_total{source="monitor",reason="hello-rate"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Central: hello rate per address and slower answers after wrong secrets (issue 9)', function () {
  let dataDir: string;
  let central: TestCentral;
  const links: FramedLink<typeof centralToMonitor>[] = [];

  beforeEach(async () => {
    dataDir = await tempDataDir();
    // Dual-stack, so a second client can come from another address (::1) than the flood (127.0.0.1).
    central = await startCentral(dataDir, {
      registration: 'open',
      monitorHost: '::',
      httpPort: 0,
      httpHost: '127.0.0.1',
      // One hello a second refilled: however slowly the flood's links open, most are over the rate.
      helloLimits: { perSecond: 1, burst: 40, failureDelayMs: 60_000, maxFailureDelayMs: 60_000 },
    });
  });

  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.close('test over')));
    await central.handle.close();
    await removeDir(dataDir);
  });

  /** `welcome`, a reject code, `closed` (Central closed the link unanswered) or `no-answer` (still held when the wait ran out). */
  async function hello(host: string, cpId: string, secret: string, timeoutMs = 5_000): Promise<string> {
    const link = await connectFramedLink({ host, port: central.handle.ports.monitor, inbound: centralToMonitor });
    links.push(link);
    try {
      const reply = await link.request(makeMessage<Hello>('hello', { cpId, secret, location: LAB }), { timeoutMs });
      return reply.type === 'reject' ? reply.code : reply.type;
    } catch (error) {
      return error instanceof LinkError && error.code === 'TIMEOUT' ? 'no-answer' : 'closed';
    }
  }

  it('does not answer 200 parallel wrong-secret hellos at once, and a right CP from another address still gets in', async () => {
    assert.equal(await hello('127.0.0.1', 'CP1', 'right'), 'welcome');
    await Promise.all(links.splice(0).map((link) => link.close('registered')));
    const outcomes: string[] = [];
    const flood = Promise.all(Array.from({ length: 200 }, () => hello('127.0.0.1', 'CP1', 'wrong', 2_000).then((outcome) => void outcomes.push(outcome))));

    assert.equal(await hello('::1', 'CP2', 'cp2-secret'), 'welcome');
    const answered = () => outcomes.filter((outcome) => outcome !== 'closed' && outcome !== 'no-answer').length;
    assert.ok(answered() < 200, `${answered()} of 200 answered by the time CP2 was welcomed`);

    // Every link over the address's rate was closed unanswered, and each one is on /metrics.
    await flood;
    const closedUnanswered = outcomes.filter((outcome) => outcome === 'closed').length;
    assert.ok(closedUnanswered >= 100, `only ${closedUnanswered} of 200 hellos from one address were over its rate (burst 40, 1/s)`);
    const metrics = await (await fetch(`${central.handle.httpUrl!}/metrics`)).text();
    assert.equal(sample(metrics, 'evc_rejected_total{source="monitor",reason="hello-rate"}'), closedUnanswered);
  });
});
