import { MqttBus, createBus, type Bus } from '../../../../bus/index.ts';
import {
  denied,
  deviceCommand,
  driverEvent,
  generateDriverToken,
  keysFromToken,
  openEvent,
  sealedEvent,
  signRequest,
  type DriverKeys,
  encodeMessage,
  makeMessage,
  parseMessage,
  topics,
  type DeviceCommand,
  type DeviceEvent,
  type DriverEvent,
  type DriverRequest,
  type Telemetry,
} from '../../../../protocol/index.ts';
import { Inbox } from './inbox.ts';

/** Reconnect quickly after Central restarts, so tests do not wait for the production backoff. */
const FAST_RECONNECT = { initialMs: 50, maxMs: 200 };

type Fields<M> = M extends unknown ? Omit<M, 'id' | 'ts'> & { id?: string; ts?: number } : never;

/** Plays a CP's Engine on the device bus (DESIGN §4.4): a real MQTT client logged in as the CP. */
export class TestEngine {
  readonly bus: Bus;
  readonly cpId: string;
  readonly commands = new Inbox<DeviceCommand>();

  private constructor(bus: Bus, cpId: string) {
    this.bus = bus;
    this.cpId = cpId;
  }

  /** Logs in as `cpId` with `secret` (client id `{cpId}.engine`, as the real Engine). */
  static async connect(url: string, cpId: string, secret: string | undefined, options: { connectTimeoutMs?: number } = {}): Promise<TestEngine> {
    const bus = new MqttBus(url, {
      clientId: `${cpId}.engine`,
      username: cpId,
      ...(secret === undefined ? {} : { password: secret }),
      backoff: FAST_RECONNECT,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    });
    try {
      await bus.connect();
    } catch (error) {
      await bus.close();
      throw error;
    }
    const engine = new TestEngine(bus, cpId);
    await bus.subscribe(topics.cpCommands(cpId), (delivery) => {
      const parsed = parseMessage(deviceCommand, delivery.payload);
      if (parsed.ok) engine.commands.push(parsed.message);
    });
    return engine;
  }

  /** Publishes an event; resolves with it once the broker has it. */
  async send(fields: Fields<DeviceEvent>): Promise<DeviceEvent> {
    const event = makeMessage<DeviceEvent>(fields.type, fields as never);
    await this.bus.publish(topics.cpEvents(this.cpId), encodeMessage(event));
    return event;
  }

  async telemetry(fields: Omit<Fields<Telemetry>, 'type'>): Promise<void> {
    await this.bus.publish(topics.cpTelemetry(this.cpId), encodeMessage(makeMessage<Telemetry>('telemetry', fields as never)));
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}

/** Plays a driver on the driver bus (DESIGN §4.5), on MQTT or Kafka. */
export class TestDriver {
  readonly bus: Bus;
  readonly driverId: string;
  readonly events = new Inbox<DriverEvent>();
  /** Its token: the MQTT password; on Kafka the root of its request proofs and event key (DESIGN §4.5). */
  readonly token: string;
  readonly #keys: DriverKeys | undefined;
  #enrolled = false;

  private constructor(bus: Bus, driverId: string, token: string) {
    this.bus = bus;
    this.driverId = driverId;
    this.token = token;
    this.#keys = bus.kind === 'kafka' ? keysFromToken(driverId, token) : undefined;
  }

  static async connect(url: string, driverId: string, token = generateDriverToken()): Promise<TestDriver> {
    const bus = url.startsWith('mqtt')
      ? new MqttBus(url, { clientId: driverId, username: driverId, password: token, backoff: FAST_RECONNECT })
      : createBus(url, { clientId: `${driverId}-${process.pid}`, groupId: `evc-test-driver-${driverId}-${Date.now()}` });
    await bus.connect();
    const driver = new TestDriver(bus, driverId, token);
    await bus.subscribe(topics.driverEvents(driverId), (delivery) => {
      const event = driver.#open(delivery.payload);
      if (event) driver.events.push(event);
    });
    return driver;
  }

  /** Sends a request on its own channel (or `onChannelOf`'s, to test the channel check); returns it. On Kafka it is signed. */
  async request(fields: Fields<DriverRequest>, onChannelOf = this.driverId): Promise<DriverRequest> {
    const request = makeMessage<DriverRequest>(fields.type, fields as never);
    const sent = this.#keys ? signRequest(request, this.#keys, !this.#enrolled) : request;
    this.#enrolled = true;
    await this.bus.publish(topics.driverRequests(onChannelOf), encodeMessage(sent));
    return request;
  }

  /** Kafka: a sealed event opened with its key, or a plain denial; MQTT: the event as is. */
  #open(payload: Uint8Array): DriverEvent | undefined {
    if (!this.#keys) {
      const parsed = parseMessage(driverEvent, payload);
      return parsed.ok ? parsed.message : undefined;
    }
    const sealed = parseMessage(sealedEvent, payload);
    if (!sealed.ok) {
      const plain = parseMessage(denied, payload);
      return plain.ok ? plain.message : undefined;
    }
    const text = openEvent(sealed.message, this.driverId, this.#keys);
    const parsed = text === undefined ? undefined : parseMessage(driverEvent, text);
    return parsed?.ok ? parsed.message : undefined;
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
