import assert from 'node:assert/strict';
import { aCpView, aSessionView } from '../../../helpers/fake-operations.ts';
import { anHttpFixture, type HttpFixture } from './http-fixture.ts';

/** The value of one sample line, e.g. `evc_cps{state="CHARGING"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('central/http GET /metrics', () => {
  let fixture: HttpFixture;
  beforeEach(async () => {
    fixture = await anHttpFixture();
  });
  afterEach(() => fixture.close());

  const scrape = async () => {
    const response = await fetch(fixture.url('/metrics'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    return response.text();
  };

  it('counts CPs by state at scrape time, zeros included', async () => {
    let text = await scrape();
    assert.equal(sample(text, 'evc_cps{state="CHARGING"}'), 1);
    assert.equal(sample(text, 'evc_cps{state="AVAILABLE"}'), 1);
    assert.equal(sample(text, 'evc_cps{state="FAULTED"}'), 1);
    assert.equal(sample(text, 'evc_cps{state="STOPPED"}'), 0);
    fixture.operations.putCp(aCpView({ id: 'CP2', state: 'STOPPED' }));
    text = await scrape();
    assert.equal(sample(text, 'evc_cps{state="AVAILABLE"}'), 0);
    assert.equal(sample(text, 'evc_cps{state="STOPPED"}'), 1);
  });

  it('adds up ended sessions, energy and revenue', async () => {
    fixture.operations.endSession(aSessionView({ id: 'S10', kWh: 2, amount: 0.7, reason: 'unplugged' }));
    fixture.operations.endSession(aSessionView({ id: 'S11', kWh: 1.5, amount: 0.525, reason: 'fault' }));
    const text = await scrape();
    assert.equal(sample(text, 'evc_sessions_ended_total{reason="unplugged"}'), 1);
    assert.equal(sample(text, 'evc_sessions_ended_total{reason="fault"}'), 1);
    assert.equal(sample(text, 'evc_energy_delivered_kwh_total'), 3.5);
    assert.ok(Math.abs(sample(text, 'evc_revenue_total{currency="EUR"}')! - 1.225) < 1e-9);
  });

  it('counts HTTP requests by route pattern and includes process metrics', async () => {
    await (await fetch(fixture.url('/api/cps'))).text();
    await (await fetch(fixture.url('/api/cps/NOPE'))).text();
    const text = await scrape();
    assert.equal(sample(text, 'evc_http_requests_total{method="GET",route="/api/cps",status="200"}'), 1);
    assert.equal(sample(text, 'evc_http_requests_total{method="GET",route="/api/cps/:id",status="404"}'), 1);
    assert.match(text, /^process_cpu_user_seconds_total /m);
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
  });

  it('keeps two servers in one process apart (private registries)', async () => {
    const other = await anHttpFixture();
    try {
      other.operations.endSession(aSessionView({ reason: 'expired', kWh: 0, amount: 0 }));
      const mine = await scrape();
      const theirs = await (await fetch(other.url('/metrics'))).text();
      assert.equal(sample(mine, 'evc_sessions_ended_total{reason="expired"}'), undefined);
      assert.equal(sample(theirs, 'evc_sessions_ended_total{reason="expired"}'), 1);
    } finally {
      await other.close();
    }
  });
});
