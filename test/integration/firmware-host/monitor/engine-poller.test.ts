import assert from 'node:assert/strict';
import { once } from 'node:events';
import { EnginePoller } from '../../../../firmware-host/monitor/engine-poller.ts';
import type { EngineReport } from '../../../../firmware-host/monitor/engine-report.ts';
import { ManualTimers } from '../../../unit/bus/tcp/manual-timers.ts';
import { FakeEngine, nextMatching } from './fakes.ts';

/** Poller timers are driven by hand; the socket is real, so every ping really crosses loopback. */
describe('firmware-host/monitor EnginePoller on hand-driven timers (DESIGN §4.3)', () => {
  let engine: FakeEngine;
  let poller: EnginePoller;
  let timers: ManualTimers;
  let reports: EngineReport[];

  async function startPoller(pongTimeoutMs: number): Promise<void> {
    timers = new ManualTimers();
    poller = new EnginePoller({ host: '127.0.0.1', port: engine.port, timers, pingIntervalMs: 1000, pongTimeoutMs });
    reports = [];
    poller.on('report', (report) => reports.push(report));
    const firstOk = nextMatching<EngineReport>(poller, 'report', (report) => report.engine === 'ok');
    poller.start();
    await firstOk;
  }

  /** Anything the poller wrote before this returns has reached the Engine (same socket, in order). */
  const barrier = (): Promise<void> => engine.push(engine.health);

  beforeEach(async () => {
    engine = await FakeEngine.start();
  });

  afterEach(async () => {
    await poller.close();
    await engine.close();
    assert.equal(timers.pending, 0, 'the poller left a timer running');
  });

  it('pings once per interval and reports the pong’s health and state', async () => {
    await startPoller(1000);
    assert.deepEqual(reports, [{ engine: 'ok', state: 'AVAILABLE' }]);
    engine.health = 'ko';
    const ko = nextMatching<EngineReport>(poller, 'report', (report) => report.engine === 'ko');
    timers.advance(1000);
    assert.deepEqual(await ko, { engine: 'ko', state: 'FAULTED' });
    assert.deepEqual(
      engine.pings.map((ping) => ping.seq),
      [0, 1],
    );
  });

  it('nothing from the Engine for the budget → unreachable; the next ping still leaves on time', async () => {
    await startPoller(1000);
    engine.answering = false;
    timers.advance(1000);
    await once(engine, 'ping');
    assert.deepEqual(reports.at(-1), { engine: 'unreachable', detail: 'no answer from the engine for 1000 ms' }, 'one budget after the last pong');
    timers.advance(1000);
    await barrier();
    assert.equal(engine.pings.length, 3, 'the next ping still leaves on time');
  });

  it('a hang is seen one budget after the last answer, whatever the ping phase', async () => {
    await startPoller(1000);
    timers.advance(900); // pings at 0 (answered) and none since: the interval is 1000 here
    engine.answering = false;
    timers.advance(99);
    assert.equal(reports.at(-1)?.engine, 'ok');
    timers.advance(1);
    assert.deepEqual(reports.at(-1), { engine: 'unreachable', detail: 'no answer from the engine for 1000 ms' });
  });

  it('keeps one ping outstanding: a slow Engine is not flooded', async () => {
    await startPoller(3000);
    engine.answering = false;
    timers.advance(1000);
    await once(engine, 'ping');
    timers.advance(1999); // two more ping periods pass while ping 1 waits for its pong
    assert.equal(reports.at(-1)?.engine, 'ok');
    const next = once(engine, 'ping');
    timers.advance(1);
    assert.equal(reports.at(-1)?.engine, 'unreachable');
    await next; // the verdict frees the slot; on the same socket, any earlier ping would have arrived first
    assert.deepEqual(engine.pings.map((ping) => ping.seq), [0, 1, 2], 'no ping left while one was outstanding');
  });

  it('a pushed health counts as a sign of life', async () => {
    await startPoller(1000);
    engine.answering = false;
    timers.advance(900);
    const heard = nextMatching<EngineReport>(poller, 'report', (report) => report.engine === 'ok');
    await engine.push('ok');
    await heard;
    timers.advance(900);
    assert.notEqual(reports.at(-1)?.engine, 'unreachable', 'the push re-armed the budget');
    timers.advance(100);
    assert.equal(reports.at(-1)?.engine, 'unreachable');
  });

  it('turns a lost socket into unreachable and reconnects after a backoff', async () => {
    await startPoller(1000);
    const lost = nextMatching<EngineReport>(poller, 'report', (report) => report.engine === 'unreachable');
    const port = engine.port;
    await engine.close();
    assert.match((await lost).detail ?? '', /^engine link lost: /);
    engine = await FakeEngine.start(port);
    const back = nextMatching<EngineReport>(poller, 'report', (report) => report.engine === 'ok');
    timers.advance(250);
    await back;
  });
});
