import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { MqttBus, createEmbeddedBroker, type Bus, type EmbeddedBroker } from '../../../../bus/index.ts';
import { deviceEvent, encodeMessage, makeMessage, parseMessage, topics, type DeviceCommand, type DeviceEvent, type EventAck } from '../../../../protocol/index.ts';
import { deviceBusOptions } from '../../../../firmware-host/engine/device-client.ts';
import { runEngine, type EngineHandle, type RunEngineOptions } from '../../../../firmware-host/engine/run-engine.ts';

export const CP_ID = 'CP1';
export const SECRET = 'cp1-secret';
const CENTRAL = { username: 'central', password: 'central-secret' };

/** Reconnect quickly after a broker restart, so tests do not wait for the production backoff. */
const FAST_RECONNECT = { initialMs: 50, maxMs: 200 };

/** A real embedded broker with the CP ACL: CP1 logs in with its secret (DESIGN §4.4). */
export function startBroker(port = 0): Promise<EmbeddedBroker> {
  return createEmbeddedBroker({
    host: '127.0.0.1',
    port,
    central: CENTRAL,
    drainTimeoutMs: 1000,
    authenticate: async (username, password) => (username === CP_ID && password === SECRET ? { kind: 'cp', id: CP_ID } : null),
  });
}

/** A controllable monotonic clock for the meter. */
export class TestClock {
  nowMs = 0;
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** Plays Central on the device bus: records the CP's events, sends commands and acks. */
export class FakeCentral {
  readonly events: DeviceEvent[] = [];
  /** Like the real Central: acknowledge every delivery of a session event (a lost ack is answered on the resend). */
  autoAck = false;
  readonly #bus: Bus;
  readonly #waiters = new Set<() => void>();

  private constructor(bus: Bus) {
    this.#bus = bus;
  }

  static async connect(url: string, clientId = 'central'): Promise<FakeCentral> {
    const bus = new MqttBus(url, { clientId, username: CENTRAL.username, password: CENTRAL.password, backoff: FAST_RECONNECT });
    await bus.connect();
    const central = new FakeCentral(bus);
    await bus.subscribe(topics.cpEvents(CP_ID), (message) => {
      const parsed = parseMessage(deviceEvent, message.payload);
      if (!parsed.ok) return;
      central.events.push(parsed.message);
      if (central.autoAck && parsed.message.type !== 'state') void central.send<EventAck>('ack', { re: parsed.message.id }).catch(() => {});
      for (const wake of central.#waiters) wake();
    });
    return central;
  }

  get bus(): Bus {
    return this.#bus;
  }

  async send<C extends DeviceCommand>(type: C['type'], fields: Omit<C, 'type' | 'id' | 'ts'> & { id?: string }): Promise<C> {
    const command = makeMessage<C>(type, fields as never);
    await this.#bus.publish(topics.cpCommands(CP_ID), encodeMessage(command));
    return command;
  }

  async sendRaw(payload: string): Promise<void> {
    await this.#bus.publish(topics.cpCommands(CP_ID), payload);
  }

  /** Resolves with the first event (seen so far or arriving) that matches; rejects after `timeoutMs`. */
  waitFor<E extends DeviceEvent>(predicate: (event: DeviceEvent) => event is E, what: string, timeoutMs?: number): Promise<E>;
  waitFor(predicate: (event: DeviceEvent) => boolean, what: string, timeoutMs?: number): Promise<DeviceEvent>;
  waitFor(predicate: (event: DeviceEvent) => boolean, what: string, timeoutMs = 10_000): Promise<DeviceEvent> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.find(predicate);
        if (!found) return false;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`Central never saw ${what}; it saw ${JSON.stringify(this.events.map((event) => event.type === 'state' ? `state ${event.state}` : event.type))}`));
      }, timeoutMs);
      this.#waiters.add(wake);
      check();
    });
  }

  waitForState(state: string): Promise<DeviceEvent> {
    return this.waitFor((event) => event.type === 'state' && event.state === state, `state ${state}`);
  }

  close(): Promise<void> {
    return this.#bus.close();
  }
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'evc-engine-'));
}

/** An Engine on a sim board with free ports, the test clock and a silent log. */
export function startEngine(brokerUrl: string, dataDir: string, clock: TestClock, overrides: Partial<RunEngineOptions> = {}): Promise<EngineHandle> {
  return runEngine({
    cpId: CP_ID,
    busUrl: brokerUrl,
    secret: SECRET,
    board: 'sim',
    dataDir,
    enginePort: 0,
    simPort: 0,
    powerKw: 7.4,
    now: clock.now,
    resendMs: 200,
    bus: new MqttBus(brokerUrl, { ...deviceBusOptions(CP_ID, SECRET), backoff: FAST_RECONNECT, logger: pino({ level: process.env.EVC_TEST_LOG ?? 'silent', name: 'enginebus' }) }),
    logger: pino({ level: process.env.EVC_TEST_LOG ?? 'silent' }),
    ...overrides,
  });
}

/**
 * A finger tap on a sim button, finished only when the Engine's button has seen the release:
 * johnny-five debounces, so a second tap right after the first would merge with it.
 */
export async function tap(handle: EngineHandle, name: 'ko' | 'plug'): Promise<void> {
  const button = name === 'ko' ? handle.hardware.koButton : handle.hardware.plugButton;
  const released = once(button, 'release');
  await handle.board.sim!.tapButton(name);
  await released;
}

/** Press and hold (the caller releases with `release`). */
export function press(handle: EngineHandle, name: 'ko' | 'plug'): void {
  handle.board.sim!.pressButton(name);
}

/** Lets go of a held button; resolves once the Engine's button has seen it. */
export async function release(handle: EngineHandle, name: 'ko' | 'plug'): Promise<void> {
  const button = name === 'ko' ? handle.hardware.koButton : handle.hardware.plugButton;
  const released = once(button, 'release');
  handle.board.sim!.releaseButton(name);
  await released;
}

/** GET /outputs from the sim board's control API: what the pins say (DESIGN §6). */
export async function getOutputs(handle: EngineHandle): Promise<Record<'green' | 'amber' | 'red' | 'relay', boolean>> {
  const response = await fetch(`http://127.0.0.1:${handle.board.controlPort}/outputs`);
  return (await response.json()) as Record<'green' | 'amber' | 'red' | 'relay', boolean>;
}
