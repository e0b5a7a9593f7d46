// The drivers admin API (issue 14) against a real Central: its store, input queue, embedded
// broker and driver gateway, with drivers as real MQTT clients and the CLI as a process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { DriverView } from '../../../../../central/core/index.ts';
import type { CentralEventLine } from '../../../../../central/operations.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from '../../app/central-fixture.ts';
import { connectCp, isEvent, reserve } from '../../app/cp-rig.ts';
import { TestDriver } from '../../app/test-clients.ts';

const run = promisify(execFile);
const evc = fileURLToPath(new URL('../../../../../bin/evc', import.meta.url));
const ENV = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_'))), NO_COLOR: '1' };
const ADMIN = 'drivers-admin-token';
const VIEWER = 'drivers-viewer-token';

describe('central/http drivers admin: POST /api/drivers, DELETE /api/drivers/:id (issue 14)', function () {
  let dataDir: string;
  let central: TestCentral;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    dataDir = await tempDataDir();
    // Open registration: a driver with no token pins one at first use, so a revoke must also stop that.
    central = await startCentral(dataDir, { registration: 'open', httpPort: 0, httpHost: '127.0.0.1', adminToken: ADMIN, viewerToken: VIEWER, reservationMs: 60_000 });
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await central.handle.close();
    await removeDir(dataDir);
  });

  const baseUrl = () => `http://127.0.0.1:${central.handle.ports.http}`;
  const api = (path: string, init: RequestInit = {}) => fetch(`${baseUrl()}${path}`, init);
  const as = (token: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const add = (driverId: unknown, token = ADMIN) => api('/api/drivers', as(token, { method: 'POST', body: JSON.stringify({ driverId }) }));
  const revoke = (driverId: string, token = ADMIN) => api(`/api/drivers/${driverId}`, as(token, { method: 'DELETE' }));
  const drivers = async () => (await (await api('/api/drivers', as(VIEWER))).json()) as DriverView[];
  const tokenOf = async (response: Response) => ((await response.json()) as { token: string }).token;

  async function connect(driverId: string, token: string): Promise<TestDriver> {
    const driver = await TestDriver.connect(central.mqttUrl, driverId, token);
    closers.push(() => driver.close());
    return driver;
  }

  /** list-cps answers `cps` to a driver that may use Central, `denied` to one that may not. */
  async function listCps(driver: TestDriver): Promise<string> {
    const request = await driver.request({ type: 'list-cps', driverId: driver.driverId });
    const answer = await driver.events.next((event) => ('re' in event && event.re === request.id) || (event.type === 'cps' && event.re === request.id), `the answer to list-cps ${request.id}`);
    return answer.type === 'denied' ? `denied: ${answer.reason}` : answer.type;
  }

  it('adds a driver with the admin token and answers its token once; the driver logs in with it; the same id again is a 409', async () => {
    assert.equal((await api('/api/drivers', { method: 'POST', body: '{"driverId":"D1"}' })).status, 401);
    assert.equal((await add('D1', 'wrong')).status, 401);
    const viewer = await add('D1', VIEWER);
    assert.equal(viewer.status, 403);
    assert.match(((await viewer.json()) as { message: string }).message, /viewer token: it can only look/);
    for (const body of ['{}', '{"driverId":"bad id!"}', '{"driverId":7}', 'not json', '[]']) {
      const refused = await api('/api/drivers', as(ADMIN, { method: 'POST', body }));
      assert.equal(refused.status, 400, body);
      assert.match(((await refused.json()) as { message: string }).message, /driverId/, body);
    }
    assert.deepEqual(await drivers(), [], 'nothing was added by a refused request');

    const added = await add('D1');
    assert.equal(added.status, 201);
    const body = (await added.json()) as { ok: boolean; driverId: string; token: string };
    assert.equal(body.driverId, 'D1');
    assert.match(body.token, /^\S{20,}$/);
    const [listed] = await drivers();
    assert.deepEqual([listed?.id, listed?.provisioned, listed?.blocked], ['D1', true, false]);

    assert.equal(await listCps(await connect('D1', body.token)), 'cps');
    await assert.rejects(TestDriver.connect(central.mqttUrl, 'D1', 'not-its-token'), /refused|bad user/i);
    const again = await add('D1');
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { message: string }).message, /already has a token.*revoke it first/);
  });

  it("revokes: the connected driver is disconnected at once and its login refused, a new token is not pinned; adding it again gives a new token", async () => {
    const token = await tokenOf(await add('D1'));
    const driver = await connect('D1', token);
    assert.equal(await listCps(driver), 'cps');

    assert.equal((await revoke('D1', VIEWER)).status, 403);
    assert.equal(await listCps(driver), 'cps', 'the viewer token changed nothing');
    const dropped = once(driver.bus, 'disconnect');
    const refused = once(driver.bus, 'error');
    const revoked = await revoke('D1');
    assert.equal(revoked.status, 200);
    assert.deepEqual(await revoked.json(), { ok: true, revoked: 'D1' });

    await dropped;
    const [error] = (await refused) as [Error];
    assert.match(error.message, /refused the connection: bad username or password/);
    await assert.rejects(TestDriver.connect(central.mqttUrl, 'D1', token), /refused|bad user/i);
    await assert.rejects(TestDriver.connect(central.mqttUrl, 'D1'), /refused|bad user/i, 'open registration does not pin a revoked driver again');
    const [listed] = await drivers();
    assert.deepEqual([listed?.id, listed?.provisioned, listed?.blocked], ['D1', false, true]);
    assert.deepEqual(await (await revoke('D1')).json(), { ok: true, revoked: 'D1', already: true });
    assert.equal((await revoke('D9')).status, 404);

    const fresh = await tokenOf(await add('D1'));
    assert.notEqual(fresh, token);
    assert.equal(await listCps(await connect('D1', fresh)), 'cps', 'the driver is no longer blocked');
  });

  it('refuses to revoke a driver with a session (409 naming the CP); once the operator stops the CP it goes through', async () => {
    const cp = await connectCp(central, 'CP1');
    closers.push(() => cp.close());
    const driver = await connect('D1', await tokenOf(await add('D1')));
    const sessionId = await reserve(driver, 'CP1');

    const refused = await revoke('D1');
    assert.equal(refused.status, 409);
    const { message } = (await refused.json()) as { message: string };
    assert.match(message, new RegExp(`session ${sessionId} at CP1.*Stop CP1`));
    assert.equal((await drivers())[0]?.blocked, false);

    const ended = once(central.operations, 'session-ended');
    assert.equal((await api('/api/cps/CP1/stop', as(ADMIN, { method: 'POST' }))).status, 200);
    await ended;
    assert.equal((await revoke('D1')).status, 200);
    await driver.events.next(isEvent('ticket', (ticket) => ticket.sessionId === sessionId), 'the ticket of the stopped session');
  });

  it('`evc central revoke-driver` revokes through the API; `evc central add-driver` gives the revoked driver a new token, taken in by the running Central at once', async () => {
    const token = await tokenOf(await add('D2'));
    const cli = (...args: string[]) => run(process.execPath, [evc, 'central', ...args, '--url', baseUrl(), '--admin-token', ADMIN], { env: ENV });
    assert.match((await cli('revoke-driver', 'D2')).stdout, /D2 revoked; its token no longer works/);
    await assert.rejects(TestDriver.connect(central.mqttUrl, 'D2', token), /refused|bad user/i);
    await assert.rejects(cli('revoke-driver', 'D404'), (error: { code?: number; stderr?: string }) => error.code === 1 && /No driver "D404"/.test(error.stderr ?? ''));

    // Taken in as soon as the file lands (fs.watch), not only at the driver's first login: the API lists it at once.
    const takenIn = new Promise<void>((resolve) => {
      const onLine = (line: CentralEventLine) => {
        if (!/D2 has a new token from evc central add-driver/.test(line.text)) return;
        central.operations.off('event', onLine);
        resolve();
      };
      central.operations.on('event', onLine);
    });
    const addDriver = await run(process.execPath, [evc, 'central', 'add-driver', 'D2', '--data', dataDir], { env: ENV });
    const fresh = /^token: (\S+)$/m.exec(addDriver.stdout)?.[1];
    assert.ok(fresh, addDriver.stdout);
    await takenIn;
    const listed = (await drivers()).find((driver) => driver.id === 'D2');
    assert.deepEqual([listed?.provisioned, listed?.blocked], [true, false]);
    assert.equal(await listCps(await connect('D2', fresh)), 'cps', 'add-driver unblocked it in the running Central');
  });
});
