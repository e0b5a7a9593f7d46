import assert from 'node:assert/strict';
import { connectFramedLink, type FramedLink } from '../../../../../bus/tcp/index.ts';
import { centralToMonitor, makeMessage, type Hello } from '../../../../../protocol/index.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from '../../app/central-fixture.ts';

const LAB = { label: 'Lab 1' };

describe('Central: hello rate per address and slower answers after wrong secrets (issue 9)', function () {
  let dataDir: string;
  let central: TestCentral;
  const links: FramedLink<typeof centralToMonitor>[] = [];

  beforeEach(async () => {
    dataDir = await tempDataDir();
    // Dual-stack, so a second client can come from another address (::1) than the flood (127.0.0.1).
    central = await startCentral(dataDir, { registration: 'open', monitorHost: '::', helloLimits: { perSecond: 20, burst: 40, failureDelayMs: 60_000, maxFailureDelayMs: 60_000 } });
  });

  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.close('test over')));
    await central.handle.close();
    await removeDir(dataDir);
  });

  async function hello(host: string, cpId: string, secret: string): Promise<string> {
    const link = await connectFramedLink({ host, port: central.handle.ports.monitor, inbound: centralToMonitor });
    links.push(link);
    try {
      const reply = await link.request(makeMessage<Hello>('hello', { cpId, secret, location: LAB }), { timeoutMs: 5_000 });
      return reply.type === 'reject' ? reply.code : reply.type;
    } catch {
      return 'closed';
    }
  }

  it('does not answer 200 parallel wrong-secret hellos at once, and a right CP from another address still gets in', async () => {
    assert.equal(await hello('127.0.0.1', 'CP1', 'right'), 'welcome');
    await Promise.all(links.splice(0).map((link) => link.close('registered')));
    const outcomes: string[] = [];
    const flood = Array.from({ length: 200 }, () => hello('127.0.0.1', 'CP1', 'wrong').then((outcome) => void outcomes.push(outcome)));

    assert.equal(await hello('::1', 'CP2', 'cp2-secret'), 'welcome');
    const answered = () => outcomes.filter((outcome) => outcome !== 'closed').length;
    assert.ok(answered() < 200, `${answered()} of 200 answered by the time CP2 was welcomed`);
    void flood;
  });
});
