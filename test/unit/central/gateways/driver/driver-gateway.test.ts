import assert from 'node:assert/strict';
import { CentralCore, type CoreInput } from '../../../../../central/core/index.ts';
import { DriverGateway } from '../../../../../central/gateways/driver/driver-gateway.ts';
import { keysFromToken, openEvent, PROOF_WINDOW_MS, signRequest, type DriverEvent, type DriverKeys, type SealedEvent } from '../../../../../protocol/index.ts';
import { capturingLogger } from '../../../../helpers/log-lines.ts';
import { MemoryBus } from '../../../../helpers/memory-bus.ts';
import { aListCps, idSequence, T0 } from '../../builders.ts';

const D1_KEYS = keysFromToken('D1', 'd1-token');

/** A gateway on `bus` in front of a real core; `inputs` are the labels of what reached the core. */
async function aGateway(bus: MemoryBus, keyring: Record<string, DriverKeys> = { D1: D1_KEYS }) {
  const core = new CentralCore({ now: () => T0, newId: idSequence('m') });
  const inputs: string[] = [];
  const seen: string[] = [];
  const rejected: string[] = [];
  const log = capturingLogger();
  const gateway = new DriverGateway({
    bus,
    logger: log.logger,
    submit: (input: CoreInput, label) => {
      inputs.push(label);
      return Promise.resolve(input(core)).then(() => undefined);
    },
    onDriverSeen: (driverId) => void seen.push(driverId),
    onRejected: (reason) => void rejected.push(reason),
    drivers: { keysFor: (driverId) => Promise.resolve(keyring[driverId]), knownKeys: (driverId) => keyring[driverId] },
    now: () => T0,
  });
  await gateway.start();
  return { core, gateway, inputs, seen, rejected, log };
}

/** The driver events the core emitted, by driver. */
function driverEffects(core: CentralCore): Array<[string, DriverEvent['type'], string | undefined]> {
  return core.takeEffects().flatMap((effect) => (effect.kind === 'send-driver' ? [[effect.driverId, effect.message.type, 'reason' in effect.message ? effect.message.reason : undefined]] : []));
}

describe('central/gateways/driver DriverGateway (DESIGN §4.5)', () => {
  describe('on MQTT (the broker login proves the driver)', () => {
    it('hands a request to its handler with the driver its topic names, and marks that driver seen', async () => {
      const bus = new MemoryBus('mqtt');
      const { core, inputs, seen } = await aGateway(bus);
      assert.deepEqual(bus.patterns(), ['evc/drivers/+/requests']);
      await bus.deliver('evc/drivers/D1/requests', aListCps('D1'));
      assert.deepEqual(inputs, ['list-cps for D1']);
      assert.deepEqual(seen, ['D1']);
      assert.deepEqual(driverEffects(core), [['D1', 'cps', undefined]]);
    });

    it('a request naming another driver is answered denied on the channel it came from', async () => {
      const bus = new MemoryBus('mqtt');
      const { core } = await aGateway(bus);
      await bus.deliver('evc/drivers/D2/requests', aListCps('D1'));
      const [denial] = driverEffects(core);
      assert.deepEqual(denial?.slice(0, 2), ['D2', 'denied']);
    });

    it('publishes events in clear on the driver’s own topic', async () => {
      const bus = new MemoryBus('mqtt');
      const { gateway } = await aGateway(bus);
      gateway.send('D1', { type: 'denied', id: 'e1', ts: T0, re: 'r1', reason: 'no' });
      assert.deepEqual(bus.sent('evc/drivers/D1/events'), [{ type: 'denied', id: 'e1', ts: T0, re: 'r1', reason: 'no' }]);
    });
  });

  describe('on Kafka (no login: every request carries a proof, every event is sealed)', () => {
    it('takes a request signed with the driver’s key', async () => {
      const bus = new MemoryBus('kafka');
      const { inputs, rejected } = await aGateway(bus);
      await bus.deliver('evc/drivers/D1/requests', signRequest(aListCps('D1'), D1_KEYS));
      assert.deepEqual(inputs, ['list-cps for D1']);
      assert.deepEqual(rejected, []);
    });

    it('refuses a request with no proof, a wrong one, or a replayed one, counting each', async () => {
      const bus = new MemoryBus('kafka');
      const { inputs, rejected } = await aGateway(bus);
      const signed = signRequest(aListCps('D1'), D1_KEYS);
      await bus.deliver('evc/drivers/D1/requests', aListCps('D1'));
      await bus.deliver('evc/drivers/D1/requests', signRequest(aListCps('D1'), keysFromToken('D1', 'a guess')));
      await bus.deliver('evc/drivers/D1/requests', signed);
      await bus.deliver('evc/drivers/D1/requests', signed);
      assert.deepEqual(rejected, ['no-proof', 'bad-proof', 'replay']);
      assert.equal(inputs.length, 1, 'only the first delivery of the signed request');
      const denials = bus.sent('evc/drivers/D1/events') as Array<{ type: string; reason?: string }>;
      assert.deepEqual(denials.map((event) => [event.type, event.reason]), [
        ['denied', 'request carries no proof of its driver'],
        ['denied', 'request proof does not match your token'],
        ['denied', 'request already seen (replay)'],
      ]);
    });

    it('tells an unknown driver in clear what to ask the operator, and seals the answer to a stale request', async () => {
      const bus = new MemoryBus('kafka');
      const { rejected } = await aGateway(bus);
      await bus.deliver('evc/drivers/D9/requests', signRequest(aListCps('D9'), keysFromToken('D9', 'x')));
      const [unknown] = bus.sent('evc/drivers/D9/events') as Array<{ reason: string }>;
      assert.match(unknown!.reason, /evc central add-driver D9/);

      await bus.deliver('evc/drivers/D1/requests', signRequest({ ...aListCps('D1'), ts: T0 - PROOF_WINDOW_MS - 1 }, D1_KEYS));
      assert.deepEqual(rejected, ['unknown-driver', 'stale']);
      const [sealed] = bus.sent('evc/drivers/D1/events') as SealedEvent[];
      assert.equal(sealed!.type, 'sealed');
      assert.match(openEvent(sealed!, 'D1', D1_KEYS) ?? '', /too old or from the future/);
    });

    it('seals each event for its driver alone, and sends nothing in clear to a driver with no key', async () => {
      const bus = new MemoryBus('kafka');
      const { gateway, log } = await aGateway(bus);
      const event: DriverEvent = { type: 'denied', id: 'e1', ts: T0, re: 'r1', reason: 'no' };
      gateway.send('D1', event);
      const [sealed] = bus.sent('evc/drivers/D1/events') as SealedEvent[];
      assert.deepEqual(JSON.parse(openEvent(sealed!, 'D1', D1_KEYS)!), event);
      assert.equal(openEvent(sealed!, 'D2', D1_KEYS), undefined);
      gateway.send('D2', event);
      assert.deepEqual(bus.sent('evc/drivers/D2/events'), []);
      assert.ok(log.lines.some((line) => line.msg === 'no key for this driver; event not sent in clear'));
    });
  });

  it('stop() unsubscribes', async () => {
    const bus = new MemoryBus('mqtt');
    const { gateway } = await aGateway(bus);
    await gateway.stop();
    assert.deepEqual(bus.patterns(), []);
  });
});
