import assert from 'node:assert/strict';
import type { CpView } from '../../../../../central/core/index.ts';
import { ADMIN_TOKEN, anHttpFixture, bearer, type HttpFixture } from '../http-fixture.ts';

describe('central/http /api/cps (real HTTP, fake operations)', () => {
  let fixture: HttpFixture;
  beforeEach(async () => {
    fixture = await anHttpFixture({ adminToken: ADMIN_TOKEN });
  });
  afterEach(() => fixture.close());

  const post = (path: string, headers: Record<string, string> = bearer(ADMIN_TOKEN), body?: string) =>
    fetch(fixture.url(path), { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

  describe('GET /api/cps', () => {
    it('lists every CP with the DESIGN §6 fields', async () => {
      const response = await fetch(fixture.url('/api/cps'));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const cps = (await response.json()) as CpView[];
      assert.deepEqual(
        cps.map((cp) => [cp.id, cp.state, cp.location]),
        [
          ['CP1', 'CHARGING', 'Lab 1'],
          ['CP2', 'AVAILABLE', 'Lab 1'],
          ['CP3', 'FAULTED', 'Lab 1'],
        ],
      );
      assert.deepEqual([cps[0]!.driverId, cps[0]!.kW, cps[0]!.kWh], ['D1', 7.4, 3.25]);
      assert.equal(typeof cps[0]!.amount, 'number');
    });

    it('shows one CP, or a 404 JSON error naming the unknown id', async () => {
      assert.equal(((await (await fetch(fixture.url('/api/cps/CP2'))).json()) as CpView).state, 'AVAILABLE');
      const missing = await fetch(fixture.url('/api/cps/NOPE'));
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { error: 'unknown_cp', message: 'No charging point "NOPE". GET /api/cps lists them.' });
    });
  });

  describe('operator commands', () => {
    it('stops and resumes one CP with the right token', async () => {
      const stop = await post('/api/cps/CP1/stop');
      assert.equal(stop.status, 200);
      assert.equal(((await stop.json()) as { cp: CpView }).cp.state, 'STOPPED');
      assert.equal(fixture.operations.cpViews()[0]!.state, 'STOPPED');
      assert.equal((await post('/api/cps/CP1/resume')).status, 200);
      assert.deepEqual(fixture.operations.calls, [
        { op: 'stopCp', cpId: 'CP1' },
        { op: 'resumeCp', cpId: 'CP1' },
      ]);
    });

    it('passes an optional reason from a JSON body', async () => {
      assert.equal((await post('/api/cps/CP2/stop', { ...bearer(ADMIN_TOKEN), 'content-type': 'application/json' }, '{"reason":"maintenance"}')).status, 200);
      assert.deepEqual(fixture.operations.calls, [{ op: 'stopCp', cpId: 'CP2', reason: 'maintenance' }]);
    });

    it('stops and resumes every CP', async () => {
      assert.equal((await post('/api/cps/stop')).status, 200);
      assert.ok(fixture.operations.cpViews().every((cp) => cp.state === 'STOPPED'));
      const resumed = await post('/api/cps/resume');
      assert.ok(((await resumed.json()) as { cps: CpView[] }).cps.every((cp) => cp.state === 'AVAILABLE'));
      assert.deepEqual(fixture.operations.calls, [{ op: 'stopAll' }, { op: 'resumeAll' }]);
    });

    it('answers 404 for an unknown CP', async () => {
      const response = await post('/api/cps/CP9/stop');
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: string }).error, 'unknown_cp');
    });

    it('answers 401 without a token or with a wrong one, and does nothing', async () => {
      const missing = await post('/api/cps/CP1/stop', {});
      assert.equal(missing.status, 401);
      assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.equal((await post('/api/cps/stop', bearer('wrong'))).status, 401);
      assert.equal((await post('/api/cps/CP1/resume', { authorization: 'Basic dXNlcjpwYXNz' })).status, 401);
      assert.deepEqual(fixture.operations.calls, []);
    });

    it('refuses a malformed or oversized body', async () => {
      assert.equal((await post('/api/cps/CP1/stop', bearer(ADMIN_TOKEN), '{not json')).status, 400);
      assert.equal((await post('/api/cps/CP1/stop', bearer(ADMIN_TOKEN), '{"reason": 5}')).status, 400);
      assert.equal((await post('/api/cps/CP1/stop', bearer(ADMIN_TOKEN), JSON.stringify({ reason: 'x'.repeat(64 * 1024) }))).status, 413);
      assert.deepEqual(fixture.operations.calls, []);
    });
  });
});

describe('central/http without an admin token', () => {
  let fixture: HttpFixture;
  before(async () => {
    fixture = await anHttpFixture();
  });
  after(() => fixture.close());

  for (const path of ['/api/cps/CP1/stop', '/api/cps/CP1/resume', '/api/cps/stop', '/api/cps/resume']) {
    it(`refuses POST ${path} with 403 and says how to enable it`, async () => {
      const response = await fetch(fixture.url(path), { method: 'POST', headers: bearer('anything') });
      assert.equal(response.status, 403);
      const body = (await response.json()) as { error: string; message: string };
      assert.equal(body.error, 'admin_disabled');
      assert.match(body.message, /--admin-token/);
      assert.match(body.message, /EVC_ADMIN_TOKEN/);
    });
  }

  it('still serves the read-only API', async () => {
    assert.equal((await fetch(fixture.url('/api/cps'))).status, 200);
    assert.deepEqual(fixture.operations.calls, []);
  });
});
