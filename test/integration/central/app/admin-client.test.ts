// The CLI's operator commands against Central's real HTTP server (over FakeOperations).
import assert from 'node:assert/strict';
import {
  acceptCpThroughApi,
  driversThroughApi,
  removeCpThroughApi,
  resetSecretThroughApi,
  revokeDriverThroughApi,
  sessionsCsvThroughApi,
  sessionsThroughApi,
} from '../../../../central/app/admin-client.ts';
import { freePort } from '../../../../demo/net.ts';
import { EvcError, UsageError } from '../../../../protocol/index.ts';
import { T0_MS, aSessionView } from '../../../helpers/fake-operations.ts';
import { ADMIN_TOKEN, anHttpFixture, type HttpFixture } from '../http/http-fixture.ts';

const coded = (code: string, message?: RegExp) => (error: unknown) => error instanceof EvcError && error.code === code && (message === undefined || message.test(error.message));

describe('central/app admin-client (operator commands through the HTTP API)', () => {
  let fixture: HttpFixture;
  const admin = () => ({ url: fixture.server.url, token: ADMIN_TOKEN });
  beforeEach(async () => {
    fixture = await anHttpFixture({ adminToken: ADMIN_TOKEN });
  });
  afterEach(() => fixture.close());

  it('removes a CP and resets a secret with the admin token; an unknown CP is refused with Central’s words', async () => {
    await removeCpThroughApi(admin(), 'CP3');
    assert.equal(await resetSecretThroughApi(admin(), 'CP2'), 'secret-of-CP2');
    await assert.rejects(removeCpThroughApi(admin(), 'NOPE'), coded('REFUSED', /NOPE/));
    assert.deepEqual(fixture.operations.calls, [
      { op: 'removeCp', cpId: 'CP3' },
      { op: 'resetSecret', cpId: 'CP2' },
      { op: 'removeCp', cpId: 'NOPE' },
    ]);
  });

  it('accepts a pending CP', async () => {
    fixture.operations.putPending({ id: 'CP8', state: 'PENDING', location: 'Yard', firstSeenMs: 1, lastSeenMs: 1, attempts: 1 });
    await acceptCpThroughApi(admin(), 'CP8');
    assert.notEqual(fixture.operations.pendingViews()[0]?.acceptedAtMs, undefined);
  });

  it('revokes a driver, and tells a second revoke it was revoked already', async () => {
    fixture.operations.drivers.push({ id: 'D1', blocked: false, provisioned: true, firstSeenMs: T0_MS });
    assert.deepEqual(await revokeDriverThroughApi(admin(), 'D1'), { already: false });
    assert.deepEqual(await revokeDriverThroughApi(admin(), 'D1'), { already: true });
    assert.deepEqual((await driversThroughApi(admin())).map((driver) => [driver.id, driver.blocked]), [['D1', true]]);
  });

  it('reads sessions by CP, driver and limit, as JSON or CSV', async () => {
    fixture.operations.endSession(aSessionView({ id: 'S7', cpId: 'CP2', driverId: 'D2' }));
    const found = await sessionsThroughApi(admin(), { cpId: 'CP2', driverId: 'D2', limit: 5 });
    assert.deepEqual(found.map((session) => session.id), ['S7']);
    const csv = await sessionsCsvThroughApi(admin(), { cpId: 'CP2' });
    assert.equal(csv.trim().split('\n').length, 2, 'a header and S7');
    assert.match(csv, /S7/);
  });

  it('an operator command needs a token before it asks anything; a wrong one is UNAUTHORIZED', async () => {
    await assert.rejects(removeCpThroughApi({ url: fixture.server.url }, 'CP1'), (error: unknown) => error instanceof UsageError && /--admin-token/.test(error.message));
    await assert.rejects(removeCpThroughApi({ url: fixture.server.url, token: 'wrong' }, 'CP1'), coded('UNAUTHORIZED', new RegExp(fixture.server.url.replace(/[.]/g, '\\.'))));
    assert.deepEqual(fixture.operations.calls, []);
  });

  it('says what to do when the URL is malformed or Central does not answer there', async () => {
    await assert.rejects(driversThroughApi({ url: 'not a url' }), (error: unknown) => error instanceof UsageError && /--url must be Central's HTTP address/.test(error.message));
    const nobody = `http://127.0.0.1:${await freePort('127.0.0.1')}`;
    await assert.rejects(driversThroughApi({ url: nobody }), coded('CENTRAL_UNREACHABLE', /ECONNREFUSED.*start it, or pass --url/));
  });
});
