import assert from 'node:assert/strict';
import { TickScheduler, type TickTimers } from '../../../../central/app/tick-scheduler.ts';

/** Timers and a wall clock driven by hand: `advance(ms)` fires what is due, in order. */
class ManualClock implements TickTimers {
  nowMs = 1_000;
  #next = 1;
  readonly #timers = new Map<number, { at: number; every?: number; callback: () => void }>();

  get pending(): number {
    return this.#timers.size;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.#next++;
    this.#timers.set(handle, { at: this.nowMs + delayMs, callback });
    return handle;
  }

  setInterval(callback: () => void, intervalMs: number): unknown {
    const handle = this.#next++;
    this.#timers.set(handle, { at: this.nowMs + intervalMs, every: intervalMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  clearInterval(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [handle, timer] = due;
      this.nowMs = timer.at;
      if (timer.every === undefined) this.#timers.delete(handle);
      else timer.at += timer.every;
      timer.callback();
    }
    this.nowMs = until;
  }
}

describe('TickScheduler', () => {
  function scheduler(periodMs = 10_000) {
    const clock = new ManualClock();
    const ticks: number[] = [];
    const ticker = new TickScheduler({ now: () => clock.nowMs, periodMs, timers: clock, onTick: () => ticks.push(clock.nowMs) });
    return { clock, ticks, ticker };
  }

  it('ticks at every requested time, earliest first, whatever the order of the requests', () => {
    const { clock, ticks, ticker } = scheduler();
    ticker.start();
    ticker.schedule(clock.nowMs + 300);
    ticker.schedule(clock.nowMs + 100);
    ticker.schedule(clock.nowMs + 200);
    clock.advance(1000);
    assert.deepEqual(ticks, [1_101, 1_201, 1_301]);
    assert.deepEqual(ticker.due, []);
  });

  it('keeps requests made before start and arms them on start', () => {
    const { clock, ticks, ticker } = scheduler();
    ticker.schedule(1_050);
    clock.advance(100);
    assert.deepEqual(ticks, []);
    ticker.start();
    clock.advance(0);
    assert.deepEqual(ticks, [1_100], 'a time already past ticks at once');
  });

  it('ticks periodically for heartbeat checks, and stop() leaves no timer', () => {
    const { clock, ticks, ticker } = scheduler(100);
    ticker.start();
    ticker.schedule(5_000);
    clock.advance(350);
    assert.deepEqual(ticks, [1_100, 1_200, 1_300]);
    ticker.stop();
    assert.equal(clock.pending, 0);
    clock.advance(10_000);
    assert.equal(ticks.length, 3);
  });

  it('one tick covers several times that are due together', () => {
    const { clock, ticks, ticker } = scheduler();
    ticker.start();
    ticker.schedule(1_100);
    ticker.schedule(1_100);
    ticker.schedule(1_099);
    clock.advance(200);
    assert.deepEqual(ticks, [1_100]);
  });
});
