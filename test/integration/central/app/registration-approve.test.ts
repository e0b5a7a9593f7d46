import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { removeDir, startCentral, tempDataDir, cpReaches, type TestCentral } from './central-fixture.ts';
import { TestMonitor } from './test-monitor.ts';

const run = promisify(execFile);
const evc = fileURLToPath(new URL('../../../../bin/evc', import.meta.url));
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_')));
const LAB = { label: 'Lab 9' };
const TOKEN = 'admin-token-for-approve';

describe('Central: registration approve (DESIGN §2 PENDING, §4.2)', function () {
  let dataDir: string;
  let central: TestCentral;
  const monitors: TestMonitor[] = [];

  beforeEach(async () => {
    dataDir = await tempDataDir();
    central = await startCentral(dataDir, { registration: 'approve', httpPort: 0, httpHost: '127.0.0.1', adminToken: TOKEN });
  });

  afterEach(async () => {
    await Promise.all(monitors.splice(0).map((monitor) => monitor.close()));
    await central.handle.close();
    await removeDir(dataDir);
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${central.handle.ports.http}${path}`, init);
  const admin = { authorization: `Bearer ${TOKEN}` };

  async function hello(cpId: string, secret: string) {
    const monitor = await TestMonitor.connect(central.handle.ports.monitor);
    monitors.push(monitor);
    return monitor.hello({ cpId, secret, location: LAB, pricePerKwh: 0.3 });
  }

  it('holds an unknown CP as PENDING, lists it, and welcomes it after an admin accepts it, pinning its secret', async () => {
    const first = await hello('CP9', 'cp9-secret');
    assert.equal(first.type, 'reject');
    assert.equal(first.type === 'reject' && first.code, 'PENDING');
    assert.match(first.type === 'reject' ? first.message : '', /evc central accept CP9/);
    await hello('CP9', 'cp9-secret');

    const listed = (await (await api('/api/cps', { headers: admin })).json()) as Array<{ id: string; state: string; attempts?: number }>;
    const pending = listed.find((cp) => cp.id === 'CP9');
    assert.equal(pending?.state, 'PENDING');
    assert.equal(pending?.attempts, 2);

    assert.equal((await api('/api/cps/CP9/accept', { method: 'POST' })).status, 401);
    assert.equal((await api('/api/cps/NOPE/accept', { method: 'POST', headers: admin })).status, 404);
    assert.equal((await api('/api/cps/CP9/accept', { method: 'POST', headers: admin })).status, 200);

    assert.equal((await hello('CP9', 'cp9-secret')).type, 'welcome');
    await cpReaches(central.operations, 'CP9', 'AVAILABLE');
    assert.equal(central.operations.pendingViews().length, 0);
    await Promise.all(monitors.splice(0).map((monitor) => monitor.close()));
    await cpReaches(central.operations, 'CP9', 'DISCONNECTED');
    const impostor = await hello('CP9', 'another-secret');
    assert.equal(impostor.type === 'reject' && impostor.code, 'BAD_SECRET');
  });

  it('`evc central accept CP7` accepts a pending CP through the running Central', async () => {
    assert.equal((await hello('CP7', 's7')).type, 'reject');
    const accepted = await run(process.execPath, [evc, 'central', 'accept', 'CP7', '--url', `http://127.0.0.1:${central.handle.ports.http}`, '--admin-token', TOKEN], { env: { ...ENV, NO_COLOR: '1' } });
    assert.match(accepted.stdout, /CP7 accepted/);
    assert.equal((await hello('CP7', 's7')).type, 'welcome');
    await assert.rejects(
      run(process.execPath, [evc, 'central', 'accept', 'CP8', '--url', `http://127.0.0.1:${central.handle.ports.http}`, '--admin-token', TOKEN], { env: { ...ENV, NO_COLOR: '1' } }),
      (error: { code?: number; stderr?: string }) => error.code === 1 && /pending/i.test(error.stderr ?? ''),
    );
  });
});
