import { strict as assert } from 'node:assert';
import { busIdentity, DriverChannel, type ChannelPurpose } from '../../../../driver/runner/driver-channel.ts';
import { Inbox, type InboxItem } from '../../../../driver/runner/inbox.ts';
import type { DriverIo } from '../../../../driver/io.ts';
import { keysFromToken, proofFor, sealEvent, type DriverEvent } from '../../../../protocol/index.ts';
import { MemoryBus } from '../../../helpers/memory-bus.ts';
import { aDenied, anAccepted, T0 } from '../builders.ts';

const TOKEN = 'token-of-d1-0123456789';
const KEYS = keysFromToken('D1', TOKEN);

/** A channel over a MemoryBus of `kind`, with what reached its inbox and its notices. */
async function aChannel(kind: 'mqtt' | 'kafka', options: { pinned?: boolean; purpose?: ChannelPurpose } = {}) {
  const bus = new MemoryBus(kind);
  const created: Array<{ url: string; clientId: string }> = [];
  const io = {
    clock: { now: () => T0, sleep: () => Promise.resolve() },
    createBus: (url: string, identity: { clientId: string }) => {
      created.push({ url, clientId: identity.clientId });
      return bus;
    },
  } as unknown as DriverIo;
  const inbox = new Inbox();
  const received: InboxItem[] = [];
  const originalPush = inbox.push.bind(inbox);
  inbox.push = (item) => {
    received.push(item);
    originalPush(item);
  };
  const notices: string[] = [];
  let pinnedCalls = 0;
  const channel = await DriverChannel.open(
    { busUrl: `${kind}://memory`, driverId: 'D1', token: TOKEN, pinned: options.pinned ?? false, purpose: options.purpose ?? 'main' },
    io,
    inbox,
    { onNotice: (text) => void notices.push(text), onPinned: () => void pinnedCalls++ },
  );
  const events = () => received.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
  return { bus, channel, created, events, notices, pinned: () => pinnedCalls };
}

describe('driver/runner DriverChannel (DESIGN §4.5)', () => {
  it('busIdentity: the main session is the driver’s own; one-shot commands use a side identity', () => {
    assert.deepEqual(busIdentity('D1', 'main', 't'), { clientId: 'D1', groupId: 'evc-driver-D1', username: 'D1', password: 't' });
    assert.deepEqual(busIdentity('D1', 'list', 't'), { clientId: 'D1.list', groupId: 'evc-driver-D1.list', username: 'D1', password: 't' });
  });

  describe('on MQTT', () => {
    it('subscribes to its events and publishes plain requests with its driver id', async () => {
      const { bus, channel, created, events } = await aChannel('mqtt');
      assert.deepEqual(created, [{ url: 'mqtt://memory', clientId: 'D1' }]);
      assert.deepEqual(bus.patterns(), ['evc/drivers/D1/events']);
      const id = await channel.request('charge', { cpId: 'CP1' }, 'req-1');
      assert.equal(id, 'req-1');
      assert.deepEqual(bus.sent('evc/drivers/D1/requests'), [{ type: 'charge', id: 'req-1', ts: T0, driverId: 'D1', cpId: 'CP1' }]);
      const accepted = anAccepted({ re: 'req-1' });
      await bus.deliver('evc/drivers/D1/events', accepted);
      assert.deepEqual(events(), [accepted]);
    });

    it('sends an unanswered request again after a reconnect, and not one Central answered', async () => {
      const { bus, channel, notices } = await aChannel('mqtt');
      await channel.request('list-cps', {}, 'answered');
      await channel.request('status', { cpId: 'CP1' }, 'lost');
      await bus.deliver('evc/drivers/D1/events', anAccepted({ re: 'answered' }));
      bus.published.length = 0;
      bus.emit('disconnect', 'broker restarted');
      bus.emit('connect');
      assert.deepEqual((bus.sent('evc/drivers/D1/requests') as Array<{ id: string }>).map((request) => request.id), ['lost']);
      assert.deepEqual(notices, ['lost the bus at mqtt://memory (broker restarted); reconnecting…', 'reconnected to mqtt://memory']);
    });

    it('a side identity unsubscribes when it closes; the main one stays subscribed at the broker', async () => {
      const side = await aChannel('mqtt', { purpose: 'status' });
      await side.channel.close();
      assert.deepEqual(side.bus.unsubscribed, ['evc/drivers/D1/events']);
      const main = await aChannel('mqtt');
      await main.channel.close();
      assert.deepEqual(main.bus.unsubscribed, []);
    });
  });

  describe('on Kafka (shared topics: requests proven, events sealed)', () => {
    it('signs each request, carrying its key (enroll) until Central is known to hold it', async () => {
      const { bus, channel } = await aChannel('kafka');
      await channel.request('list-cps', {}, 'r1');
      const [request] = bus.sent('evc/drivers/D1/requests') as Array<Record<string, unknown>>;
      const { proof, enroll, ...fields } = request!;
      assert.equal(proof, proofFor(fields, KEYS));
      assert.equal(enroll, KEYS.driverKey);
      const pinned = await aChannel('kafka', { pinned: true });
      await pinned.channel.request('list-cps', {}, 'r2');
      assert.equal('enroll' in (pinned.bus.sent('evc/drivers/D1/requests')[0] as object), false);
    });

    it('opens events sealed for it, noting Central holds its key; drops others with a notice; lets a plain denial through', async () => {
      const { bus, events, notices, pinned } = await aChannel('kafka');
      const accepted: DriverEvent = anAccepted();
      await bus.deliver('evc/drivers/D1/events', sealEvent('D1', accepted, KEYS));
      assert.deepEqual(events(), [accepted]);
      assert.equal(pinned(), 1);
      await bus.deliver('evc/drivers/D1/events', sealEvent('D1', anAccepted(), keysFromToken('D1', 'another-token-0123456')));
      await bus.deliver('evc/drivers/D1/events', anAccepted());
      const denial = aDenied();
      await bus.deliver('evc/drivers/D1/events', denial);
      assert.deepEqual(events(), [accepted, denial]);
      assert.deepEqual(notices, [
        'warning: dropped an event sealed with another key (is your --token the one Central has?)',
        'warning: dropped an event that was not sealed for you',
      ]);
    });
  });
});
