// The behaviour every Bus adapter must show (bus/bus.ts, DESIGN §4.4–4.6), as mocha tests
// run against real brokers: `busContract('embedded aedes', makeTarget)`.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { deviceEvent, makeMessage, encodeMessage, topics, type StateEvent } from '../../protocol/index.ts';
import {
  HandlerError,
  MalformedPayloadError,
  PayloadTooLargeError,
  subscribeMessages,
  type Bus,
  type BusMessage,
} from '../../bus/index.ts';

export interface ContractTarget {
  /** A bus, not yet connected. The same clientId is the same session / consumer group. */
  makeBus(options: { clientId: string; maxPayloadBytes?: number }): Bus;
  /** Restarts the broker on the same address; only for brokers the test started. */
  restartBroker?: () => Promise<void>;
  close(): Promise<void>;
}

/** Collects what a handler is given and lets a test await the n-th message. */
export class Inbox {
  readonly messages: BusMessage[] = [];
  readonly #waiters: Array<{ count: number; resolve: (messages: BusMessage[]) => void }> = [];

  readonly handler = (message: BusMessage): void => {
    this.messages.push(message);
    for (const waiter of [...this.#waiters]) {
      if (this.messages.length < waiter.count) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(this.messages.slice(0, waiter.count));
    }
  };

  /** Resolves with the first `count` messages once that many have arrived. */
  waitFor(count: number): Promise<BusMessage[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages.slice(0, count));
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  texts(): string[] {
    return this.messages.map((message) => message.payload.toString('utf8'));
  }
}

/** Resolves on the first 'connect' after the next 'disconnect'. */
async function reconnected(bus: Bus): Promise<void> {
  await once(bus, 'disconnect');
  await once(bus, 'connect');
}

export function busContract(name: string, makeTarget: (ctx: Mocha.Context) => Promise<ContractTarget>): void {
  describe(`Bus contract: ${name}`, function () {
    const run = randomBytes(3).toString('hex');
    let sequence = 0;
    /** A fresh CP/driver id, unique per run so shared brokers never mix tests up. */
    const newId = (): string => `t${run}n${++sequence}`;
    let target: ContractTarget;
    let open: Bus[] = [];

    async function connected(clientId: string, maxPayloadBytes?: number): Promise<Bus> {
      const bus = target.makeBus({ clientId, ...(maxPayloadBytes ? { maxPayloadBytes } : {}) });
      open.push(bus);
      await bus.connect();
      return bus;
    }

    before(async function () {
      target = await makeTarget(this);
    });

    afterEach(async function () {
      await Promise.all(open.map((bus) => bus.close()));
      open = [];
    });

    after(async function () {
      await target?.close();
    });

    it('delivers a publish to a subscriber with its MQTT-style topic and key', async function () {
      const cpId = newId();
      const [subscriber, publisher] = await Promise.all([connected(newId()), connected(newId())]);
      const inbox = new Inbox();
      await subscriber.subscribe(topics.cpEvents(cpId), inbox.handler);
      await publisher.publish(topics.cpEvents(cpId), '{"hello":1}');
      const [message] = await inbox.waitFor(1);
      assert.equal(message!.topic, topics.cpEvents(cpId));
      assert.equal(message!.key, cpId);
      assert.equal(message!.payload.toString('utf8'), '{"hello":1}');
    });

    it('a wildcard subscription sees every owner, each message with its own key', async function () {
      const [cpA, cpB] = [newId(), newId()];
      const [subscriber, publisher] = await Promise.all([connected(newId()), connected(newId())]);
      const inbox = new Inbox();
      // Shared brokers carry other runs' traffic: keep only this test's CPs.
      await subscriber.subscribe('evc/cp/+/events', (message) => {
        if (message.key === cpA || message.key === cpB) inbox.handler(message);
      });
      await publisher.publish(topics.cpEvents(cpA), 'a');
      await publisher.publish(topics.cpEvents(cpB), 'b');
      const received = await inbox.waitFor(2);
      assert.deepEqual(
        received.map((message) => [message.topic, message.key, message.payload.toString()]).sort(),
        [
          [topics.cpEvents(cpA), cpA, 'a'],
          [topics.cpEvents(cpB), cpB, 'b'],
        ],
      );
    });

    it('keeps per-key order for 100 messages published back to back', async function () {
      const cpId = newId();
      const [subscriber, publisher] = await Promise.all([connected(newId()), connected(newId())]);
      const inbox = new Inbox();
      await subscriber.subscribe(topics.cpTelemetry(cpId), inbox.handler);
      const sent = Array.from({ length: 100 }, (_, index) => String(index));
      await Promise.all(sent.map((text) => publisher.publish(topics.cpTelemetry(cpId), text)));
      await inbox.waitFor(100);
      assert.deepEqual(inbox.texts(), sent);
    });

    it('a subscriber that was away gets what it missed when it returns', async function () {
      const driverId = newId();
      const subscriberId = newId();
      const first = await connected(subscriberId);
      await first.subscribe(topics.driverEvents(driverId), () => {});
      await first.close();
      const publisher = await connected(newId());
      const missed = ['m1', 'm2', 'm3', 'm4', 'm5'];
      for (const text of missed) await publisher.publish(topics.driverEvents(driverId), text);
      const returning = await connected(subscriberId);
      const inbox = new Inbox();
      await returning.subscribe(topics.driverEvents(driverId), inbox.handler);
      await inbox.waitFor(missed.length);
      assert.deepEqual(inbox.texts(), missed);
    });

    it('unsubscribe stops delivery to that handler', async function () {
      const cpId = newId();
      const subscriberId = newId();
      const [subscriber, publisher] = await Promise.all([connected(subscriberId), connected(newId())]);
      const before = new Inbox();
      const subscription = await subscriber.subscribe(topics.cpEvents(cpId), before.handler);
      await publisher.publish(topics.cpEvents(cpId), 'one');
      await before.waitFor(1);
      await subscription.unsubscribe();
      const after = new Inbox();
      await subscriber.subscribe(topics.cpEvents(cpId), after.handler);
      await publisher.publish(topics.cpEvents(cpId), 'two');
      await after.waitFor(1);
      assert.deepEqual(after.texts(), ['two']);
      assert.deepEqual(before.texts(), ['one']);
    });

    it('a handler that throws becomes an error event, and delivery goes on', async function () {
      const cpId = newId();
      const [subscriber, publisher] = await Promise.all([connected(newId()), connected(newId())]);
      const inbox = new Inbox();
      await subscriber.subscribe(topics.cpEvents(cpId), (message) => {
        inbox.handler(message);
        if (message.payload.toString() === 'boom') throw new Error('handler exploded');
      });
      const failed = once(subscriber, 'error');
      await publisher.publish(topics.cpEvents(cpId), 'boom');
      await publisher.publish(topics.cpEvents(cpId), 'after');
      const [error] = await failed;
      assert.ok(error instanceof HandlerError);
      assert.match(error.message, /handler exploded/);
      await inbox.waitFor(2);
      assert.deepEqual(inbox.texts(), ['boom', 'after']);
    });

    it('rejects a payload over maxPayloadBytes with a clear error and sends nothing', async function () {
      const cpId = newId();
      const subscriber = await connected(newId());
      const publisher = await connected(newId(), 1024);
      const inbox = new Inbox();
      await subscriber.subscribe(topics.cpEvents(cpId), inbox.handler);
      await assert.rejects(publisher.publish(topics.cpEvents(cpId), Buffer.alloc(2048, 120)), (error: unknown) => {
        assert.ok(error instanceof PayloadTooLargeError);
        assert.match(error.message, /2048 bytes, over the 1024-byte limit/);
        return true;
      });
      await publisher.publish(topics.cpEvents(cpId), 'small');
      await inbox.waitFor(1);
      assert.deepEqual(inbox.texts(), ['small']);
    });

    it('subscribeMessages reports a malformed payload as an error and still delivers good ones', async function () {
      const cpId = newId();
      const [subscriber, publisher] = await Promise.all([connected(newId()), connected(newId())]);
      const received: StateEvent[] = [];
      let delivered!: () => void;
      const goodArrived = new Promise<void>((resolve) => (delivered = resolve));
      await subscribeMessages(subscriber, topics.cpEvents(cpId), deviceEvent, (message) => {
        received.push(message as StateEvent);
        delivered();
      });
      const failed = once(subscriber, 'error');
      await publisher.publish(topics.cpEvents(cpId), 'not json {');
      await publisher.publish(topics.cpEvents(cpId), '{"type":"state","id":"x","ts":1,"state":"NOPE"}');
      const good = makeMessage<StateEvent>('state', { state: 'AVAILABLE' });
      await publisher.publish(topics.cpEvents(cpId), encodeMessage(good));
      const [error] = await failed;
      assert.ok(error instanceof MalformedPayloadError);
      assert.equal(error.topic, topics.cpEvents(cpId));
      assert.equal(error.reason, 'not JSON');
      await goodArrived;
      assert.deepEqual(received, [good]);
    });

    it('reconnects after the broker restarts and delivers again', async function () {
      if (!target.restartBroker) {
        console.log(`      (${name}: broker restart not exercised; this target does not restart its broker)`);
        return this.skip();
      }
      const cpId = newId();
      const [subscriber, publisher] = await Promise.all([connected(newId()), connected(newId())]);
      const inbox = new Inbox();
      await subscriber.subscribe(topics.cpEvents(cpId), inbox.handler);
      const back = Promise.all([reconnected(subscriber), reconnected(publisher)]);
      await target.restartBroker();
      await back;
      assert.equal(subscriber.connected, true);
      await publisher.publish(topics.cpEvents(cpId), 'after restart');
      await inbox.waitFor(1);
      assert.deepEqual(inbox.texts(), ['after restart']);
    });

    it('a publish made while the broker is down completes once it is back', async function () {
      if (!target.restartBroker) return this.skip();
      const cpId = newId();
      const publisher = await connected(newId());
      const lost = once(publisher, 'disconnect');
      const restarted = target.restartBroker();
      await lost;
      const publishing = publisher.publish(topics.cpEvents(cpId), 'queued while down');
      await restarted;
      await publishing;
      assert.equal(publisher.connected, true);
    });
  });
}
