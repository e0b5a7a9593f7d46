import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedBroker } from '../../../../bus/index.ts';
import { connectFramedLink } from '../../../../bus/tcp/index.ts';
import type { OutputName, VirtualChargePoint } from '../../../../hardware/index.ts';
import { ENQ, encodeFrame, engineLink, type Authorize, type EndSession, type EngineLinkMessage, type EventAck, type Ping, type ResumeCp, type SessionEnded, type StopCp, makeMessage, type DeviceEvent } from '../../../../protocol/index.ts';
import type { EngineHandle } from '../../../../firmware-host/engine/run-engine.ts';
import { FakeCentral, TestClock, getOutputs, press, release, startBroker, startEngine, tap, tempDataDir } from './engine-fixture.ts';

const isEnded = (event: DeviceEvent): event is SessionEnded => event.type === 'session-ended';

/** Resolves once `name` has turned off and on again: it is blinking. */
async function blinks(sim: VirtualChargePoint, name: OutputName): Promise<void> {
  await sim.waitForOutput(name, !sim.outputs()[name], 3000);
  await sim.waitForOutput(name, !sim.outputs()[name], 3000);
}

/** Waits until the pins show `steady`, then checks the whole of GET /outputs agrees. */
async function outputsShow(handle: EngineHandle, steady: Partial<Record<OutputName, boolean>>): Promise<void> {
  for (const [name, on] of Object.entries(steady)) await handle.board.sim!.waitForOutput(name as OutputName, on);
  const outputs = await getOutputs(handle);
  for (const [name, on] of Object.entries(steady)) assert.equal(outputs[name as OutputName], on, `${name} in ${JSON.stringify(outputs)}`);
}

describe('Engine on a sim board and a real broker', function () {
  let broker: EmbeddedBroker;
  let central: FakeCentral;
  let clock: TestClock;
  let dataDir: string;
  let handle: EngineHandle;
  const cleanups: Array<() => Promise<unknown>> = [];

  async function authorize(sessionId = 'S1'): Promise<Authorize> {
    return central.send<Authorize>('authorize', { sessionId, driverId: 'D1', expiresAt: Date.now() + 60_000 });
  }

  async function charging(sessionId = 'S1'): Promise<void> {
    await authorize(sessionId);
    await central.waitForState('RESERVED');
    await tap(handle, 'plug');
    await central.waitFor((event) => event.type === 'session-started' && event.sessionId === sessionId, 'session-started');
  }

  beforeEach(async () => {
    broker = await startBroker();
    central = await FakeCentral.connect(broker.url);
    clock = new TestClock();
    dataDir = tempDataDir();
    handle = await startEngine(broker.url, dataDir, clock);
    await handle.device.whenOnline();
    await central.waitForState('AVAILABLE');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await handle.close();
    await central.close();
    await broker.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows every state on the LEDs and the relay, read from the pins (DESIGN §2)', async () => {
    const sim = handle.board.sim!;
    await outputsShow(handle, { green: true, amber: false, red: false, relay: false });

    await authorize();
    await central.waitForState('RESERVED');
    await blinks(sim, 'green');
    await outputsShow(handle, { amber: false, red: false, relay: false });

    await tap(handle, 'plug');
    await central.waitForState('CHARGING');
    await outputsShow(handle, { green: true, red: false, relay: true });
    await blinks(sim, 'amber');

    await central.send<StopCp>('stop', { reason: 'maintenance' });
    await central.waitForState('STOPPED');
    await outputsShow(handle, { green: false, amber: true, red: false, relay: false });
    assert.equal((await central.waitFor(isEnded, 'session-ended')).reason, 'stopped');

    await central.send<ResumeCp>('resume', {});
    await central.waitFor((event) => event.type === 'state' && event.state === 'AVAILABLE' && central.events.indexOf(event) > 3, 'AVAILABLE again');
    await outputsShow(handle, { green: true, amber: false, red: false, relay: false });

    press(handle, 'ko');
    await central.waitForState('FAULTED');
    await release(handle, 'ko');
    await outputsShow(handle, { green: false, amber: false, red: true, relay: false });
  });

  it('KO during a charge: relay open in the same turn, red, health pushed to the Monitor, session ended as fault', async () => {
    await charging();
    await outputsShow(handle, { relay: true });
    const monitor = await connectFramedLink({ host: '127.0.0.1', port: handle.enginePort, inbound: engineLink });
    cleanups.push(() => monitor.close());
    const seenInTheSameTurn: Array<{ relayClosed: boolean; state: string }> = [];
    // Registered after the Engine's own listener: runs in the same turn, right after it.
    handle.hardware.koButton.on('fault-raised', () => {
      seenInTheSameTurn.push({ relayClosed: handle.hardware.relay.isClosed, state: handle.engine.state });
    });
    const pushed = once(monitor, 'message') as Promise<[EngineLinkMessage]>;

    press(handle, 'ko');
    const [health] = await pushed;
    await release(handle, 'ko');

    assert.deepEqual(seenInTheSameTurn, [{ relayClosed: false, state: 'FAULTED' }]);
    assert.equal(health.type === 'health' && health.engine, 'ko');
    await outputsShow(handle, { red: true, green: false, amber: false, relay: false });
    assert.equal((await central.waitFor(isEnded, 'session-ended')).reason, 'fault');

    const recovered = once(monitor, 'message') as Promise<[EngineLinkMessage]>;
    await tap(handle, 'ko');
    const [cleared] = await recovered;
    assert.equal(cleared.type === 'health' && cleared.engine, 'ok');
    const pong = await monitor.request(makeMessage<Ping>('ping', { seq: 1 }));
    assert.equal(pong.type === 'pong' && pong.state, 'AVAILABLE');
  });

  it('plug-in while RESERVED starts charging; unplug ends the session with kWh = kW × time', async () => {
    await charging();
    clock.advance(30 * 60_000);
    await tap(handle, 'plug');
    const ended = await central.waitFor(isEnded, 'session-ended');
    assert.equal(ended.reason, 'unplugged');
    assert.equal(ended.durationS, 1800);
    assert.ok(Math.abs(ended.kWh - 7.4 * 0.5) < 1e-9, `kWh ${ended.kWh}`);
    await central.waitFor((event) => event.type === 'state' && event.state === 'AVAILABLE' && central.events.indexOf(event) > 0, 'AVAILABLE after the session');
    await outputsShow(handle, { relay: false, green: true, amber: false });
  });

  it('an authorize while a car is already plugged starts charging at once', async () => {
    await tap(handle, 'plug');
    await authorize('S7');
    const started = await central.waitFor((event) => event.type === 'session-started', 'session-started');
    assert.equal(started.type === 'session-started' && started.sessionId, 'S7');
    assert.ok(!central.events.some((event) => event.type === 'state' && event.state === 'RESERVED'));
    await outputsShow(handle, { relay: true });
  });

  it('Central ends a session with its reason', async () => {
    await charging('S2');
    await central.send<EndSession>('end-session', { sessionId: 'S2', reason: 'driver-stop' });
    const ended = await central.waitFor(isEnded, 'session-ended');
    assert.equal(ended.reason, 'driver-stop');
    await outputsShow(handle, { relay: false });
  });

  it('sends telemetry every tick while charging', async () => {
    const telemetry: Array<{ kW: number; kWh: number }> = [];
    const arrived = new Promise<void>((resolve) => {
      void central.bus.subscribe('evc/cp/CP1/telemetry', (message) => {
        telemetry.push(JSON.parse(message.payload.toString()));
        resolve();
      });
    });
    await charging();
    clock.advance(60_000);
    handle.engine.dispatch({ type: 'tick', nowMs: clock.nowMs });
    await arrived;
    assert.equal(telemetry[0]!.kW, 7.4);
    assert.ok(Math.abs(telemetry[0]!.kWh - 7.4 / 60) < 1e-9);
  });

  it('drops malformed commands and runs a repeated command id once', async () => {
    await central.sendRaw('not json');
    await central.sendRaw('{"type":"authorize","id":"x","ts":1}');
    const stop = makeMessage<StopCp>('stop', {});
    await central.send<StopCp>('stop', { id: stop.id });
    await central.send<StopCp>('stop', { id: stop.id });
    await central.send<ResumeCp>('resume', {});
    await central.waitFor((event) => event.type === 'state' && event.state === 'AVAILABLE' && central.events.indexOf(event) > 0, 'AVAILABLE after resume');
    const states = central.events.filter((event) => event.type === 'state').map((event) => event.type === 'state' && event.state);
    assert.deepEqual(states, ['AVAILABLE', 'STOPPED', 'AVAILABLE']);
  });

  it('keeps session-ended through a broker outage, delivers it when the broker returns, and the ack clears it', async () => {
    await charging();
    const port = broker.port;
    await broker.close();
    await tap(handle, 'plug');
    const waiting = handle.outbox.pending.find((event) => event.type === 'session-ended');
    assert.ok(waiting, 'session-ended is in the outbox while the broker is down');
    assert.deepEqual(handle.outbox.pending.map((event) => event.type), ['session-ended'], 'its session-started superseded');
    assert.ok(fs.readFileSync(path.join(dataDir, 'outbox.json'), 'utf8').includes(waiting.id), 'and on disk');

    broker = await startBroker(port);
    const ended = await central.waitFor((event) => event.id === waiting.id, 'the outboxed session-ended');
    assert.equal(ended.type === 'session-ended' && ended.reason, 'unplugged');
    assert.equal(handle.outbox.has(waiting.id), true, 'kept until Central acknowledges');

    const acknowledged = new Promise<void>((resolve) => handle.device.on('acknowledged', (id) => id === waiting.id && resolve()));
    central.autoAck = true;
    await central.send<EventAck>('ack', { re: waiting.id });
    await acknowledged;
    assert.equal(handle.outbox.has(waiting.id), false);
    assert.ok(!fs.readFileSync(path.join(dataDir, 'outbox.json'), 'utf8').includes(waiting.id));
  });

  it('replays the outbox after an Engine restart', async () => {
    await charging();
    const port = broker.port;
    await broker.close();
    await tap(handle, 'plug');
    const waiting = handle.outbox.pending.find((event) => event.type === 'session-ended')!;
    await handle.close();

    broker = await startBroker(port);
    handle = await startEngine(broker.url, dataDir, clock);
    assert.ok(handle.outbox.has(waiting.id), 'read back from disk');
    const ended = await central.waitFor((event) => event.id === waiting.id, 'the replayed session-ended');
    assert.equal(ended.type === 'session-ended' && ended.sessionId, 'S1');
    const acknowledged = new Promise<void>((resolve) => handle.device.on('acknowledged', (id) => id === waiting.id && resolve()));
    central.autoAck = true;
    await central.send<EventAck>('ack', { re: waiting.id });
    await acknowledged;
    assert.ok(!fs.readFileSync(path.join(dataDir, 'outbox.json'), 'utf8').includes(waiting.id));
  });

  it('a clean stop mid-charge opens the relay, ends the session as stopped and waits for the ack before closing', async () => {
    await charging();
    await outputsShow(handle, { relay: true });
    const sim = handle.board.sim!;
    central.autoAck = true;
    await handle.close();
    assert.equal(sim.outputs().relay, false);
    const ended = await central.waitFor(isEnded, 'session-ended', 1000);
    assert.deepEqual([ended.sessionId, ended.reason], ['S1', 'stopped']);
    assert.deepEqual(handle.outbox.pending, [], 'Central acknowledged it before the Engine let go');
    assert.equal(fs.existsSync(path.join(dataDir, 'session.json')), false);
  });

  it('a clean stop with Central silent keeps the session end in the outbox for the next start', async () => {
    await handle.close();
    handle = await startEngine(broker.url, dataDir, clock, { settleMs: 200 });
    await handle.device.whenOnline();
    await charging();
    await handle.close();
    const waiting = handle.outbox.pending.find(isEnded);
    assert.equal(waiting?.reason, 'stopped');
    assert.ok(fs.readFileSync(path.join(dataDir, 'outbox.json'), 'utf8').includes(waiting.id));
  });
});

describe('Engine start-up', () => {
  it('refuses a corrupt outbox with an error naming the file, and leaves it as it was', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'outbox.json');
    fs.writeFileSync(file, '{"version":1,"pending":[{"type":"session-ended"');
    try {
      await assert.rejects(startEngine('mqtt://127.0.0.1:1', dataDir, new TestClock()), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'OUTBOX_CORRUPT');
        assert.ok(error.message.includes(file));
        return true;
      });
      assert.equal(fs.readFileSync(file, 'utf8'), '{"version":1,"pending":[{"type":"session-ended"');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Engine keyboard menu and health socket abuse', () => {
  let broker: EmbeddedBroker;
  let handle: EngineHandle;
  let dataDir: string;
  const keys = new PassThrough();
  const screen = new PassThrough();
  let shown = '';
  screen.on('data', (chunk: Buffer) => (shown += chunk.toString()));

  before(async () => {
    broker = await startBroker();
    dataDir = tempDataDir();
    handle = await startEngine(broker.url, dataDir, new TestClock(), { menu: { input: keys, output: screen } });
    await handle.device.whenOnline();
  });
  after(async () => {
    await handle.close();
    await broker.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('k and p drive the sim pins, so the outputs and the buttons agree with the menu', async () => {
    const faulted = once(handle.hardware.koButton, 'fault-raised');
    const released = once(handle.hardware.koButton, 'release');
    keys.write('k');
    await faulted;
    await released;
    await outputsShow(handle, { red: true, green: false, relay: false });
    assert.equal(handle.engine.state, 'FAULTED');

    const cleared = once(handle.hardware.koButton, 'fault-cleared');
    const releasedAgain = once(handle.hardware.koButton, 'release');
    keys.write('k');
    await cleared;
    await releasedAgain;
    const plugged = once(handle.hardware.plugButton, 'plugged');
    keys.write('p');
    await plugged;
    assert.equal(handle.engine.snapshot.plugged, true);
    await outputsShow(handle, { green: true, red: false });
  });

  it('s prints the status line', async () => {
    const start = shown.length;
    const printed = new Promise<string>((resolve) => {
      const check = (): void => {
        if (!shown.slice(start).includes('\n')) return;
        screen.off('data', check);
        resolve(shown.slice(start));
      };
      screen.on('data', check);
    });
    keys.write('s');
    assert.match(await printed, /^AVAILABLE · car plugged · ok · bus online · 0 event\(s\) awaiting Central\n$/);
  });

  it('garbage, bad frames and huge frames on the health socket leave the Engine serving', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: handle.enginePort });
    socket.on('error', () => {});
    await once(socket, 'connect');
    socket.write(Buffer.of(ENQ));
    await once(socket, 'data');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(Buffer.from('\x00\xff junk \x03\x03'));
    socket.write(encodeFrame(Buffer.from('{"type":"ping","seq":-1}')));
    socket.write(Buffer.concat([Buffer.of(0x02), Buffer.alloc(100_000, 0x7b)]));
    await closed;

    const monitor = await connectFramedLink({ host: '127.0.0.1', port: handle.enginePort, inbound: engineLink });
    const pong = await monitor.request(makeMessage<Ping>('ping', { seq: 9 }));
    await monitor.close();
    assert.equal(pong.type === 'pong' && pong.seq, 9);
    assert.equal(pong.type === 'pong' && pong.state, 'AVAILABLE');
  });
});

describe('Engine stopped mid-charge', () => {
  it('reports the interrupted session as ended by a fault, with the energy of the last checkpoint, on the next start', async () => {
    const broker = await startBroker();
    const central = await FakeCentral.connect(broker.url);
    const clock = new TestClock();
    const dataDir = tempDataDir();
    let handle = await startEngine(broker.url, dataDir, clock, { settleMs: 0 });
    try {
      await handle.device.whenOnline();
      await tap(handle, 'plug');
      await central.send<Authorize>('authorize', { sessionId: 'S5', driverId: 'D1', expiresAt: Date.now() + 60_000 });
      await central.waitFor((event) => event.type === 'session-started', 'session-started');
      clock.advance(10 * 60_000);
      handle.engine.dispatch({ type: 'tick', nowMs: clock.nowMs });
      // What a crash leaves on disk: the journal and outbox as they were mid-charge.
      const crashed = ['session.json', 'outbox.json'].map((name) => [name, fs.readFileSync(path.join(dataDir, name))] as const);
      await handle.close();
      for (const [name, bytes] of crashed) fs.writeFileSync(path.join(dataDir, name), bytes);

      handle = await startEngine(broker.url, dataDir, clock);
      const ended = await central.waitFor((event): event is SessionEnded => isEnded(event) && event.reason === 'fault', 'session-ended (fault)');
      assert.equal(ended.sessionId, 'S5');
      assert.equal(ended.reason, 'fault');
      assert.ok(Math.abs(ended.kWh - 7.4 / 6) < 1e-9, `kWh ${ended.kWh}`);
      assert.equal(fs.existsSync(path.join(dataDir, 'session.json')), false);
    } finally {
      await handle.close();
      await central.close();
      await broker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
