import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { FailSafe, type FailSafeProcess } from '../../../../hardware/components/fail-safe.ts';
import { Relay } from '../../../../hardware/components/relay.ts';
import { aSimBench, flush, type SimBench } from '../sim-fixture.ts';

class FakeProcess extends EventEmitter implements FailSafeProcess {
  readonly pid = 1;
  kill(): boolean {
    return true;
  }
}

describe('hardware/components/relay (on the sim board)', () => {
  let bench: SimBench | undefined;
  afterEach(async () => {
    await bench?.board.close();
    bench = undefined;
  });

  it('active-high (uno): starts open with the pin LOW, close drives it HIGH, open LOW again', async () => {
    bench = await aSimBench('uno');
    const relay = new Relay(bench.board, { ...bench.wiring.relay, failSafe: false });
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 0);
    assert.equal(relay.isClosed, false);
    relay.close();
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 1);
    assert.equal(relay.isClosed, true);
    assert.deepEqual(bench.sim.outputs().relay, true);
    relay.open();
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 0);
    assert.equal(bench.sim.outputs().relay, false);
    relay.dispose();
  });

  it('active-low (nano): open holds the pin HIGH, close pulls it LOW', async () => {
    bench = await aSimBench('nano');
    const relay = new Relay(bench.board, { ...bench.wiring.relay, failSafe: false });
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 1, 'open = HIGH on an active-low module');
    assert.equal(bench.sim.outputs().relay, false);
    relay.close();
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 0);
    assert.equal(bench.sim.outputs().relay, true);
    relay.dispose();
    await flush(bench.board);
    assert.equal(bench.sim.pinLevel(8), 1, 'dispose opens');
  });

  it('emits closed/opened on real changes only', async () => {
    bench = await aSimBench('uno');
    const relay = new Relay(bench.board, { ...bench.wiring.relay, failSafe: false });
    const events: Array<string> = [];
    relay.on('closed', () => events.push('closed'));
    relay.on('opened', () => events.push('opened'));
    relay.open();
    relay.close();
    relay.close();
    relay.open();
    assert.deepEqual(events, ['closed', 'opened']);
    relay.dispose();
    relay.close();
    assert.equal(relay.isClosed, false, 'a disposed relay stays open');
  });

  it('registers a fail-safe that opens it synchronously, and leaves it on dispose', async () => {
    bench = await aSimBench('nano');
    const failSafe = new FailSafe(new FakeProcess());
    const relay = new Relay(bench.board, { ...bench.wiring.relay, failSafe });
    relay.close();
    await flush(bench.board);
    assert.equal(bench.sim.outputs().relay, true);
    failSafe.runAll(); // what 'exit' / a crash / SIGTERM run
    assert.equal(bench.sim.pinLevel(8), 1, 'open level written before runAll returned');
    assert.equal(failSafe.size, 1);
    relay.dispose();
    assert.equal(failSafe.size, 0);
  });
});
