import assert from 'node:assert/strict';
import { LiveSeries, localDayStart, type LiveSeriesOptions, type SitePoint } from '../../../../central/http/live-series.ts';
import { FakeOperations, T0_MS, aChargingCpView, aCpView, aSessionView } from '../../../helpers/fake-operations.ts';

const HOUR_MS = 3_600_000;

describe('central/http LiveSeries (the dashboard charts)', () => {
  /** Noon of T0's day, so "today" has room on both sides whatever the time zone. */
  const noon = localDayStart(T0_MS) + 12 * HOUR_MS;
  let clock: number;
  let operations: FakeOperations;
  let series: LiveSeries;
  let points: SitePoint[];

  function start(options: LiveSeriesOptions = {}, cps = [aChargingCpView({ id: 'CP1', kW: 7.4, kWh: 2 }), aCpView({ id: 'CP2' })]): LiveSeries {
    operations = new FakeOperations({ cps });
    series = new LiveSeries(operations, { now: () => clock, sampleMs: 1e9, onSitePoint: (point) => points.push(point), ...options });
    return series;
  }

  beforeEach(() => {
    clock = noon;
    points = [];
  });
  afterEach(() => series.close());

  it('starts from the CPs charging now: their power, and their live energy as today', () => {
    start();
    assert.equal(series.powerKw, 7.4);
    assert.equal(series.energyTodayKwh, 2);
    assert.deepEqual(series.snapshot(), { nowMs: noon, site: { t: [], kW: [], kWhToday: [] }, power: { CP1: { t: [noon], kW: [7.4] } } });
  });

  it("adds a power sample per update, keeps only the last cpKeep, and sums each CP's latest", () => {
    start({ cpKeep: 2 });
    for (const [i, kW] of [3, 5, 6].entries()) {
      clock = noon + (i + 1) * 1000;
      operations.putCp(aChargingCpView({ id: 'CP1', kW }));
    }
    operations.putCp(aChargingCpView({ id: 'CP2', sessionId: 'S2', kW: 11 }));
    assert.deepEqual(series.snapshot().power['CP1'], { t: [noon + 2000, noon + 3000], kW: [5, 6] });
    assert.equal(series.powerKw, 17);
  });

  it('drops a CP that stops charging or is removed; a new session on a CP starts a new series', () => {
    start();
    operations.putCp(aCpView({ id: 'CP1', state: 'AVAILABLE' }));
    assert.deepEqual(series.snapshot().power, {});
    assert.equal(series.powerKw, 0);
    operations.putCp(aChargingCpView({ id: 'CP1', sessionId: 'S1', kW: 4 }));
    clock += 1000;
    operations.putCp(aChargingCpView({ id: 'CP1', sessionId: 'S9', kW: 9 }));
    assert.deepEqual(series.snapshot().power['CP1'], { t: [clock], kW: [9] });
    void operations.removeCp('CP1');
    assert.deepEqual(series.snapshot().power, {});
  });

  it("counts an ended session's energy once, and only when it began today", () => {
    start();
    operations.endSession(aSessionView({ cpId: 'CP1', startedAt: noon - HOUR_MS, kWh: 2.5 }));
    assert.equal(series.energyTodayKwh, 2.5, "the live 2 kWh are replaced by the session's final 2.5");
    operations.endSession(aSessionView({ id: 'S0', cpId: 'CP2', startedAt: localDayStart(noon) - HOUR_MS, kWh: 40 }));
    assert.equal(series.energyTodayKwh, 2.5, "yesterday's session is not today's");
  });

  it('reads the energy of sessions that ended earlier today from the history', async () => {
    start({}, []);
    operations.endSession(aSessionView({ id: 'S1', startedAt: noon - HOUR_MS, kWh: 4 }));
    operations.endSession(aSessionView({ id: 'S2', startedAt: noon - 2 * HOUR_MS, kWh: 1.5 }));
    operations.endSession(aSessionView({ id: 'S3', startedAt: localDayStart(noon) - HOUR_MS, kWh: 30 }));
    const restarted = new LiveSeries(operations, { now: () => clock, sampleMs: 1e9 });
    try {
      await restarted.loadToday();
      assert.equal(restarted.energyTodayKwh, 5.5);
    } finally {
      restarted.close();
    }
  });

  it('samples a rounded site point, hands it on, and keeps siteKeep of them', () => {
    start({ siteKeep: 2 }, [aChargingCpView({ id: 'CP1', kW: 1 / 3, kWh: 2 / 3 })]);
    for (let i = 0; i < 3; i += 1) {
      clock = noon + i * 5000;
      series.sample();
    }
    assert.deepEqual(points, [0, 1, 2].map((i) => ({ t: noon + i * 5000, kW: 0.333, kWhToday: 0.667 })));
    assert.deepEqual(series.snapshot().site, { t: [noon + 5000, noon + 10_000], kW: [0.333, 0.333], kWhToday: [0.667, 0.667] });
  });

  it("starts today's energy again at local midnight", () => {
    start();
    operations.endSession(aSessionView({ id: 'S5', cpId: 'CP2', startedAt: noon, kWh: 3 }));
    assert.equal(series.sample().kWhToday, 5);
    clock = localDayStart(noon) + 25 * HOUR_MS;
    assert.deepEqual(series.sample(), { t: clock, kW: 7.4, kWhToday: 0 });
  });

  it('stops following the operations when closed', () => {
    start();
    series.close();
    operations.putCp(aChargingCpView({ id: 'CP2', sessionId: 'S2', kW: 11 }));
    assert.equal(series.powerKw, 7.4);
    assert.equal(operations.listenerCount('cp-updated'), 0);
  });
});
