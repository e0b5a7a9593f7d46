import assert from 'node:assert/strict';
import { once } from 'node:events';
import { CpuRunner, type CycleRunnable } from '../../../../hardware/avr-sim/cpu-runner.ts';

const CLOCK_HZ = 1_000_000; // 1000 cycles per ms keeps the numbers readable

/** A chip that jumps straight to the cycle asked for and lets a test await a given cycle count. */
class FakeChip implements CycleRunnable {
  cycles = 0;
  highest = 0;
  fail: Error | undefined;
  #waiters: Array<{ cycle: number; resolve: () => void }> = [];

  runUntil(cycle: number): void {
    if (this.fail) throw this.fail;
    this.cycles = cycle;
    this.highest = Math.max(this.highest, cycle);
    this.#waiters = this.#waiters.filter((waiter) => (waiter.cycle <= cycle ? (waiter.resolve(), false) : true));
  }

  reached(cycle: number): Promise<void> {
    if (this.cycles >= cycle) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ cycle, resolve }));
  }
}

describe('hardware/avr-sim/cpu-runner', () => {
  let runner: CpuRunner | undefined;
  afterEach(() => runner?.stop());

  it('real time: runs simulated time up to the wall clock and no further', async () => {
    const chip = new FakeChip();
    let nowMs = 100;
    runner = new CpuRunner(chip, { clockHz: CLOCK_HZ, now: () => nowMs });
    runner.start();
    nowMs = 110;
    await chip.reached(10_000);
    nowMs = 125;
    await chip.reached(25_000);
    assert.equal(chip.highest, 25_000, 'never ahead of the wall clock');
    assert.deepEqual(runner.stats(), { simulatedMs: 25, realMs: 25, busyMs: 0, droppedMs: 0 });
  });

  it('drops the debt when the host falls far behind instead of racing to repay it', async () => {
    const chip = new FakeChip();
    let nowMs = 0;
    runner = new CpuRunner(chip, { clockHz: CLOCK_HZ, now: () => nowMs, maxLagMs: 50 });
    runner.start();
    nowMs = 1000; // the host was stalled for a second
    await chip.reached(50_000);
    assert.equal(runner.stats().droppedMs, 950);
    nowMs = 1010;
    await chip.reached(60_000);
    assert.equal(chip.highest, 60_000, 'then on in step with the wall clock');
  });

  it('unthrottled: runs ahead of the wall clock until put back to real time', async () => {
    const chip = new FakeChip();
    let nowMs = 0;
    runner = new CpuRunner(chip, { clockHz: CLOCK_HZ, now: () => (nowMs += 0.25), pace: 'unthrottled', chunkMs: 1 });
    runner.start();
    await chip.reached(200_000);
    assert.ok(runner.stats().simulatedMs > runner.stats().realMs, 'ahead of real time');
    runner.pace = 'real-time';
    const atSwitch = chip.cycles;
    const wallAtSwitch = nowMs;
    await chip.reached(atSwitch + 1000);
    assert.ok(chip.highest - atSwitch <= (nowMs - wallAtSwitch) * 1000, 'from the switch on, no faster than the wall clock');
  });

  it('stops at once and emits halted when the simulation throws', async () => {
    const chip = new FakeChip();
    let nowMs = 0;
    runner = new CpuRunner(chip, { clockHz: CLOCK_HZ, now: () => nowMs });
    chip.fail = new Error('illegal opcode');
    runner.start();
    nowMs = 5;
    const [error] = await once(runner, 'halted');
    assert.match((error as Error).message, /illegal opcode/);
    assert.equal(runner.isRunning, false);
  });
});
