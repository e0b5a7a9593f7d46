import assert from 'node:assert/strict';
import { startHttpServer, type HttpServerHandle } from '../../../../central/http/index.ts';
import { toCsv } from '../../../../central/http/routes/sessions.ts';
import { FakeOperations, T0_MS, aChargingCpView, aCpView, aSessionView } from '../../../helpers/fake-operations.ts';
import { ADMIN_TOKEN, bearer } from './http-fixture.ts';

const VIEWER_TOKEN = 'test-viewer-token';

describe('central/http admin: CP remove/reset, session filters and CSV, viewer token (issue 14)', () => {
  let operations: FakeOperations;
  let server: HttpServerHandle;
  const url = (path: string) => `${server.url}${path}`;

  beforeEach(async () => {
    operations = new FakeOperations({
      cps: [aChargingCpView({ id: 'CP1' }), aCpView({ id: 'CP2' })],
      sessions: [
        aSessionView({ id: 'S3', cpId: 'CP2', driverId: 'D2', startedAt: T0_MS + 86_400_000 }),
        aSessionView({ id: 'S2', cpId: 'CP1', driverId: 'D2', reason: 'fault' }),
        aSessionView({ id: 'S1', cpId: 'CP1', driverId: 'D1' }),
      ],
    });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, operations, adminToken: ADMIN_TOKEN, viewerToken: VIEWER_TOKEN });
  });
  afterEach(() => server.close());

  it('with a viewer token, the page, the API reads and /events need it; the admin token reads too', async () => {
    for (const path of ['/api/cps', '/api/sessions', '/api/cps/CP1', '/events']) {
      assert.equal((await fetch(url(path))).status, 401, path);
    }
    const page = await fetch(url('/'));
    assert.equal(page.status, 401);
    assert.match(await page.text(), /viewer token/);
    assert.equal((await fetch(url('/api/cps'), { headers: bearer('wrong') })).status, 401);
    assert.equal((await fetch(url('/api/cps'), { headers: bearer(VIEWER_TOKEN) })).status, 200);
    assert.equal((await fetch(url('/api/sessions'), { headers: bearer(ADMIN_TOKEN) })).status, 200);
  });

  it('/?token= sets an HttpOnly cookie the page and the API then accept; a wrong one is refused', async () => {
    const wrong = await fetch(url('/?token=nope'), { redirect: 'manual' });
    assert.equal(wrong.status, 401);
    const login = await fetch(url(`/?token=${VIEWER_TOKEN}`), { redirect: 'manual' });
    assert.equal(login.status, 303);
    const cookie = login.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    assert.equal((await fetch(url('/api/cps'), { headers: { cookie: jar } })).status, 200);
    const page = await fetch(url('/'), { headers: { cookie: jar } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'sha256-/);
  });

  it('the viewer token cannot run operator commands; a cookie never counts for them', async () => {
    const viewer = await fetch(url('/api/cps/CP1/stop'), { method: 'POST', headers: bearer(VIEWER_TOKEN) });
    assert.equal(viewer.status, 403);
    assert.deepEqual(await viewer.json(), {
      error: 'viewer_token',
      message: 'That is the viewer token: it can only look. Operator commands need the admin token (--admin-token); nothing was changed.',
    });
    const jar = (await fetch(url(`/?token=${ADMIN_TOKEN}`), { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await fetch(url('/api/cps/CP1'), { method: 'DELETE', headers: { cookie: jar } })).status, 401);
    assert.deepEqual(operations.calls, []);
  });

  it('DELETE /api/cps/:id removes the CP; an unknown CP is a 404', async () => {
    assert.equal((await fetch(url('/api/cps/CP9'), { method: 'DELETE', headers: bearer(ADMIN_TOKEN) })).status, 404);
    const response = await fetch(url('/api/cps/CP2'), { method: 'DELETE', headers: bearer(ADMIN_TOKEN) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, removed: 'CP2' });
    assert.deepEqual(operations.cpViews().map((cp) => cp.id), ['CP1']);
  });

  it('POST /api/cps/:id/reset-secret answers the new secret once', async () => {
    const response = await fetch(url('/api/cps/CP1/reset-secret'), { method: 'POST', headers: bearer(ADMIN_TOKEN) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, cpId: 'CP1', secret: 'secret-of-CP1' });
    assert.equal((await fetch(url('/api/cps/CP1/reset-secret'), { method: 'POST', headers: bearer('wrong') })).status, 401);
    assert.deepEqual(operations.calls, [{ op: 'resetSecret', cpId: 'CP1' }]);
  });

  it('filters sessions by CP, driver and day; refuses a malformed day', async () => {
    const ids = async (query: string) => ((await (await fetch(url(`/api/sessions?${query}`), { headers: bearer(VIEWER_TOKEN) })).json()) as { id: string }[]).map((s) => s.id);
    assert.deepEqual(await ids('cp=CP1'), ['S2', 'S1']);
    assert.deepEqual(await ids('driver=D2'), ['S3', 'S2']);
    const day = new Date(T0_MS);
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    assert.deepEqual(await ids(`day=${iso}`), ['S2', 'S1']);
    assert.deepEqual(await ids(`day=${iso}&driver=D2&cp=CP1`), ['S2']);
    assert.equal((await fetch(url('/api/sessions?day=2026-02-30'), { headers: bearer(VIEWER_TOKEN) })).status, 400);
  });

  it('GET /api/sessions.csv downloads the filtered sessions as CSV', async () => {
    const response = await fetch(url('/api/sessions.csv?cp=CP1'), { headers: bearer(VIEWER_TOKEN) });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="sessions.csv"/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'sessionId,cpId,driverId,state,startedAt,endedAt,durationS,kWh,pricePerKwh,amount,currency,reason');
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), ['S2', 'S1']);
    assert.match(lines[1]!, /,600,7\.400,0\.35,2\.59,EUR,fault$/);
  });

  it('GET /api/drivers lists the drivers (viewer token needed)', async () => {
    operations.drivers = [{ id: 'D1', blocked: false, firstSeenMs: T0_MS, sessionId: 'S9', cpId: 'CP1' }, { id: 'D2', blocked: false, firstSeenMs: T0_MS }];
    assert.equal((await fetch(url('/api/drivers'))).status, 401);
    const drivers = (await (await fetch(url('/api/drivers'), { headers: bearer(VIEWER_TOKEN) })).json()) as { id: string; cpId?: string }[];
    assert.deepEqual(drivers.map((d) => [d.id, d.cpId ?? null]), [['D1', 'CP1'], ['D2', null]]);
  });

  it('GET /api/cps/:id/detail: the CP, its sessions, totals and warnings', async () => {
    operations.log('CP1 engine ko', { cpId: 'CP1', level: 'warn' });
    operations.log('CP2 fine', { cpId: 'CP2' });
    const detail = (await (await fetch(url('/api/cps/CP1/detail'), { headers: bearer(VIEWER_TOKEN) })).json()) as {
      cp: { id: string };
      sessions: { id: string }[];
      totals: { sessions: number; kWh: number; faults: number };
      notices: { text: string }[];
    };
    assert.equal(detail.cp.id, 'CP1');
    assert.deepEqual(detail.sessions.map((s) => s.id), ['S2', 'S1']);
    assert.deepEqual([detail.totals.sessions, detail.totals.kWh, detail.totals.faults], [2, 14.8, 1]);
    assert.deepEqual(detail.notices.map((n) => n.text), ['CP1 engine ko']);
  });
});

describe('central/http sessions CSV', () => {
  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = toCsv([aSessionView({ id: 'S1', driverId: '=HYPERLINK("x")', cpId: 'CP,1' })]);
    const row = csv.split('\r\n')[1]!;
    assert.ok(row.startsWith('S1,"CP,1","\'=HYPERLINK(""x"")"'), row);
  });
});
