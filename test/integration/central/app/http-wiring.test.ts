import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { connectCp, type CpRig } from './cp-rig.ts';

/** The value of one Prometheus sample line. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Central: HTTP API and panel wired to the running app (DESIGN §6)', function () {
  let dataDir: string;
  let central: TestCentral;
  let cp1: CpRig;

  beforeEach(async () => {
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    await cp1?.close();
    await central?.handle.close();
    await removeDir(dataDir);
  });

  it('serves the live CPs and takes an operator stop with the admin token', async () => {
    central = await startCentral(dataDir, { httpPort: 0, httpHost: '127.0.0.1', adminToken: 'T0k' });
    cp1 = await connectCp(central, 'CP1');
    const base = central.handle.httpUrl!;
    assert.match(central.handle.banner.join('\n'), new RegExp(`dashboard: +${base}`));
    assert.equal(central.operations.status().httpUrl, base);
    const cps = (await (await fetch(`${base}/api/cps`)).json()) as Array<{ id: string; state: string }>;
    assert.deepEqual(cps.map((cp) => [cp.id, cp.state]), [['CP1', 'AVAILABLE']]);

    const refused = await fetch(`${base}/api/cps/CP1/stop`, { method: 'POST' });
    assert.equal(refused.status, 401);
    const stopped = await fetch(`${base}/api/cps/CP1/stop`, { method: 'POST', headers: { authorization: 'Bearer T0k' } });
    assert.equal(stopped.ok, true);
    await cpReaches(central.operations, 'CP1', 'STOPPED');
    await cp1.engine.commands.next((c) => c.type === 'stop', 'stop to the Engine');
  });

  it('counts every request refused for its token on /metrics and in the status the panel shows (issue 9)', async () => {
    central = await startCentral(dataDir, { httpPort: 0, httpHost: '127.0.0.1', adminToken: 'adm1n', viewerToken: 'look' });
    const base = central.handle.httpUrl!;
    const answers = [
      await fetch(`${base}/api/cps`),
      await fetch(`${base}/api/sessions`, { headers: { authorization: 'Bearer guess' } }),
      await fetch(`${base}/api/cps/CP1/stop`, { method: 'POST', headers: { authorization: 'Bearer look' } }),
      await fetch(`${base}/?token=guess`),
      await fetch(`${base}/api/cps`, { headers: { authorization: 'Bearer look' } }),
    ];
    await Promise.all(answers.map((answer) => answer.text()));
    assert.deepEqual(answers.map((answer) => answer.status), [401, 401, 403, 401, 200]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.equal(sample(metrics, 'evc_rejected_total{source="http",reason="no-token"}'), 1);
    assert.equal(sample(metrics, 'evc_rejected_total{source="http",reason="bad-token"}'), 2);
    assert.equal(sample(metrics, 'evc_rejected_total{source="http",reason="viewer-token"}'), 1);
    assert.equal(central.operations.status().rejected, 4);
  });

  it('counts operator commands refused while no admin token is set (403 admin-disabled)', async () => {
    central = await startCentral(dataDir, { httpPort: 0, httpHost: '127.0.0.1' });
    const base = central.handle.httpUrl!;
    const refused = await fetch(`${base}/api/cps/stop`, { method: 'POST', headers: { authorization: 'Bearer anything' } });
    await refused.text();
    assert.equal(refused.status, 403);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.equal(sample(metrics, 'evc_rejected_total{source="http",reason="admin-disabled"}'), 1);
  });

  it('draws the panel on the given streams and quits on q', async () => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 100, rows: 30 });
    let quit!: () => void;
    const quitPressed = new Promise<void>((resolve) => (quit = resolve));
    central = await startCentral(dataDir, { panel: { input, output, onQuit: () => quit() } });
    let drawn = '';
    output.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    cp1 = await connectCp(central, 'CP1');
    while (!drawn.includes('CP1')) await once(output, 'data');
    input.write('q');
    await quitPressed;
  });
});
