import assert from 'node:assert/strict';
import { once } from 'node:events';
import { KO_TOGGLE, PLUG_TOGGLE, ToggleButton, type KoButton, type PlugButton } from '../../../../hardware/components/toggle-button.ts';
import { aSimBench, flush, type SimBench } from '../sim-fixture.ts';

describe('hardware/components/toggle-button: the KO and plug buttons (on the sim board)', () => {
  let bench: SimBench;
  let ko: KoButton;
  let plug: PlugButton;

  beforeEach(async () => {
    bench = await aSimBench('uno');
    ko = new ToggleButton(bench.board, { ...bench.wiring.buttons.ko, names: KO_TOGGLE });
    plug = new ToggleButton(bench.board, { ...bench.wiring.buttons.plug, names: PLUG_TOGGLE });
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
    assert.equal(ko.isOn, true);
    assert.equal(ko.isPressed, true);
    bench.sim.releaseButton('ko');
    await once(ko, 'release');
    assert.equal(ko.isOn, true, 'releasing does not clear');

    bench.sim.pressButton('ko');
    await once(ko, 'fault-cleared');
    bench.sim.releaseButton('ko');
    await once(ko, 'release');
    assert.deepEqual(events, ['raised', 'cleared']);
  });

  it('plug: each press toggles the car — plugged, then unplugged', async () => {
    bench.sim.pressButton('plug');
    await once(plug, 'plugged');
    assert.equal(plug.isOn, true);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
    bench.sim.pressButton('plug');
    await once(plug, 'unplugged');
    assert.equal(plug.isOn, false);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
    assert.equal(ko.isOn, false, 'the other button never saw it');
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
    assert.equal(ko.isOn, true);
  });

  it('latches a press the board reported, however briefly: press and release read together give both edges', async () => {
    // The sim board reports each level change at once, as the firmware's loop would; read in one go they look
    // exactly like a 40 ms press read late by a busy host (issue 12), and a press the firmware reported is a press.
    const events: Array<string> = [];
    plug.on('press', () => events.push('press'));
    plug.on('release', () => events.push('release'));
    plug.on('plugged', () => events.push('plugged'));
    bench.sim.pressButton('plug');
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
    assert.deepEqual(events, ['press', 'plugged', 'release']);
    assert.equal(plug.isOn, true);
    // The next real press is the next toggle.
    bench.sim.pressButton('plug');
    await once(plug, 'unplugged');
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
  });

  it('tap() presses through the board: a finger on the simulated pin', async () => {
    const raised = once(ko, 'fault-raised');
    await ko.tap();
    await raised;
    assert.equal(ko.isOn, true);
    if (ko.isPressed) await once(ko, 'release');
  });

  it('software toggles (the menu) share the state with the button', async () => {
    const events: Array<string> = [];
    plug.on('plugged', () => events.push('plugged'));
    plug.on('unplugged', () => events.push('unplugged'));
    plug.set(true);
    plug.set(true);
    bench.sim.pressButton('plug');
    await once(plug, 'unplugged');
    ko.set(true);
    ko.set(false);
    assert.deepEqual(events, ['plugged', 'unplugged']);
    assert.equal(ko.isOn, false);
    bench.sim.releaseButton('plug');
    await once(plug, 'release');
  });
});
