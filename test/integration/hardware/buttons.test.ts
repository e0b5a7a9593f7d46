import assert from 'node:assert/strict';
import { once } from 'node:events';
import { KoButton } from '../../../hardware/components/ko-button.ts';
import { PlugButton } from '../../../hardware/components/plug-button.ts';
import { aSimBench, flush, type SimBench } from './sim-fixture.ts';

describe('hardware/components/ko-button and plug-button (on the sim board)', () => {
  let bench: SimBench;
  let ko: KoButton;
  let plug: PlugButton;

  beforeEach(async () => {
    bench = await aSimBench('uno');
    ko = new KoButton(bench.board, bench.wiring.buttons.ko);
    plug = new PlugButton(bench.board, bench.wiring.buttons.plug);
    await flush(bench.board);
  });
  afterEach(async () => {
    ko.dispose();
    plug.dispose();
    await bench.board.close();
  });

  it('sets the button pins to inputs with the pull-up on, reading HIGH while untouched', () => {
    for (const pin of [2, 3]) {
      const snapshot = bench.sim.pins()[pin]!;
      assert.equal(snapshot.pullUp, true, `pin ${pin} pull-up`);
      assert.equal(snapshot.level, 1, `pin ${pin} idle level`);
    }
    assert.equal(ko.isPressed, false);
  });

  it('KO: each press toggles the fault — raise, then clear', async () => {
    const events: Array<string> = [];
    ko.on('fault-raised', () => events.push('raised'));
    ko.on('fault-cleared', () => events.push('cleared'));

    bench.sim.pressButton('ko');
    await once(ko, 'fault-raised');
    assert.equal(bench.sim.pinLevel(2), 0, 'pressed pulls the pin LOW');
    assert.equal(ko.isFaulted, true);
    assert.equal(ko.isPressed, true);
    bench.sim.releaseButton('ko');
    await once(ko, 'release');
    assert.equal(ko.isFaulted, true, 'releasing does not clear');

    bench.sim.pressButton('ko');
    await once(ko, 'fault-cleared');
    bench.sim.releaseButton('ko');
    await once(ko, 'release');
    assert.deepEqual(events, ['raised', 'cleared']);
  });

  it('plug: each press toggles the car — plugged, then unplugged', async () => {
    bench.sim.pressButton('plug');
    await once(plug, 'plugged');
    assert.equal(plug.isPlugged, true);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
    bench.sim.pressButton('plug');
    await once(plug, 'unplugged');
    assert.equal(plug.isPlugged, false);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
    assert.equal(ko.isFaulted, false, 'the other button never saw it');
  });

  it('debounces: contact bounce within one press gives one toggle', async () => {
    let toggles = 0;
    ko.on('fault-raised', () => toggles++);
    ko.on('fault-cleared', () => toggles++);
    // A bouncing contact: down, up, down, up, down within microseconds, then held.
    for (let bounce = 0; bounce < 2; bounce++) {
      bench.sim.pressButton('ko');
      bench.sim.releaseButton('ko');
    }
    bench.sim.pressButton('ko');
    await once(ko, 'press');
    // Bouncing on release too, then released for good.
    bench.sim.releaseButton('ko');
    bench.sim.pressButton('ko');
    bench.sim.releaseButton('ko');
    await once(ko, 'release');
    assert.equal(toggles, 1);
    assert.equal(ko.isFaulted, true);
  });

  it('ignores a glitch shorter than the debounce window entirely', async () => {
    let presses = 0;
    plug.on('press', () => presses++);
    bench.sim.pressButton('plug');
    bench.sim.releaseButton('plug');
    // A real press afterwards still counts, and is the only one.
    await flush(bench.board);
    bench.sim.pressButton('plug');
    await once(plug, 'plugged');
    assert.equal(presses, 1);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
  });

  it('software toggles (the menu) share the state with the button', async () => {
    const events: Array<string> = [];
    plug.on('plugged', () => events.push('plugged'));
    plug.on('unplugged', () => events.push('unplugged'));
    plug.plug();
    plug.plug();
    bench.sim.pressButton('plug');
    await once(plug, 'unplugged');
    ko.raiseFault();
    ko.clearFault();
    assert.deepEqual(events, ['plugged', 'unplugged']);
    assert.equal(ko.isFaulted, false);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
  });
});
