import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceClient, deviceBusOptions, type EngineCommand } from '../../../../firmware-host/engine/device-client.ts';
import { Outbox } from '../../../../firmware-host/engine/outbox.ts';
import { makeMessage, type DeviceEvent, type SessionEnded, type SessionStarted, type StateEvent } from '../../../../protocol/index.ts';
import { capturingLogger } from '../../../helpers/log-lines.ts';
import { MemoryBus } from '../../../helpers/memory-bus.ts';

const started = () => makeMessage<SessionStarted>('session-started', { sessionId: 'S1', driverId: 'D1' });
const ended = () => makeMessage<SessionEnded>('session-ended', { sessionId: 'S1', kWh: 1.5, durationS: 60, reason: 'unplugged' });
const state = (value: StateEvent['state']) => makeMessage<StateEvent>('state', { state: value });

describe('firmware-host/engine DeviceClient (DESIGN §4.4)', () => {
  let directory: string;
  let outbox: Outbox;
  let bus: MemoryBus;
  let client: DeviceClient;
  let log: ReturnType<typeof capturingLogger>;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-device-client-'));
    outbox = Outbox.open(path.join(directory, 'outbox.json'));
    bus = new MemoryBus();
    log = capturingLogger();
    client = new DeviceClient({ cpId: 'CP1', bus, outbox, logger: log.logger });
  });
  afterEach(async () => {
    await client.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const events = () => bus.sent('evc/cp/CP1/events') as DeviceEvent[];
  const command = (body: object) => bus.deliver('evc/cp/CP1/cmd', { id: `c-${Math.random()}`, ts: 1, ...body });

  it('the Engine’s bus login: its own id, a session key the ACL takes, a retained last will', () => {
    assert.deepEqual(deviceBusOptions('CP1', 's3cret'), {
      clientId: 'CP1.engine',
      username: 'CP1',
      password: 's3cret',
      will: { topic: 'evc/cp/CP1/online', payload: 'false', retain: true },
    });
    assert.equal('password' in deviceBusOptions('CP1', undefined), false);
  });

  it('online: subscribes to its commands, says online (retained) and replays the outbox', async () => {
    const pending = ended();
    outbox.add(pending);
    const online = once(client, 'online');
    client.start();
    await online;
    assert.equal(client.online, true);
    assert.deepEqual(bus.patterns(), ['evc/cp/CP1/cmd']);
    assert.deepEqual(bus.published[0], { topic: 'evc/cp/CP1/online', payload: 'true', retain: true });
    assert.deepEqual(events(), [pending]);
    await client.whenOnline();
  });

  it('hands commands on once: a repeated id and a malformed one are dropped', async () => {
    client.start();
    await client.whenOnline();
    const received: EngineCommand[] = [];
    client.on('command', (cmd) => received.push(cmd));
    await bus.deliver('evc/cp/CP1/cmd', { type: 'stop', id: 'c1', ts: 1 });
    await bus.deliver('evc/cp/CP1/cmd', { type: 'stop', id: 'c1', ts: 1 });
    await command({ type: 'resume' });
    await bus.deliver('evc/cp/CP1/cmd', 'not json');
    await command({ type: 'authorize', sessionId: 'S1' }); // no driver, no deadline
    assert.deepEqual(received.map((cmd) => cmd.type), ['stop', 'resume']);
    assert.equal(log.lines.filter((line) => line.msg === 'malformed command ignored').length, 2);
  });

  it('keeps session events in the outbox until acked; an end supersedes its start', async () => {
    client.start();
    await client.whenOnline();
    const start = started();
    client.send(start);
    assert.equal(client.pendingEvents, 1);
    const end = ended();
    client.send(end);
    assert.deepEqual(outbox.pending, [end], 'the start went with its end');
    assert.equal(client.pendingSessionEnd('S1'), true);
    const acknowledged = once(client, 'acknowledged');
    await command({ type: 'ack', re: end.id });
    assert.deepEqual(await acknowledged, [end.id]);
    assert.equal(client.pendingEvents, 0);
    assert.deepEqual(events(), [start, end]);
  });

  it('a state event is published but not kept; the last one is republished on reconnect', async () => {
    client.start();
    await client.whenOnline();
    client.send(state('CHARGING'));
    assert.equal(client.pendingEvents, 0);
    bus.published.length = 0;
    bus.emit('connect');
    assert.deepEqual(events().map((event) => event.type === 'state' && event.state), ['CHARGING']);
  });

  it('publishes nothing while the broker is away (telemetry is dropped, events wait in the outbox)', async () => {
    client.start();
    await client.whenOnline();
    bus.published.length = 0;
    bus.connected = false;
    client.sendTelemetry(makeMessage('telemetry', { sessionId: 'S1', kW: 7, kWh: 1 }));
    client.send(ended());
    assert.deepEqual(bus.published, []);
    assert.equal(client.pendingEvents, 1);
    assert.equal(client.online, false);
  });

  it('settle: true at once with no end waiting, true once the end is acked, false when time runs out', async () => {
    client.start();
    await client.whenOnline();
    assert.equal(await client.settle(10), true);
    const end = ended();
    client.send(end);
    const settled = client.settle(10_000);
    await command({ type: 'ack', re: end.id });
    assert.equal(await settled, true);
    client.send(ended());
    assert.equal(await client.settle(5), false);
  });

  it('close says offline (retained), unsubscribes and closes the bus; the outbox stays', async () => {
    client.start();
    await client.whenOnline();
    client.send(ended());
    await client.close();
    assert.deepEqual(bus.published.at(-1), { topic: 'evc/cp/CP1/online', payload: 'false', retain: true });
    assert.deepEqual(bus.patterns(), []);
    assert.equal(Outbox.open(path.join(directory, 'outbox.json')).pending.length, 1);
  });
});
