import { MqttBus, createBus, type Bus } from '../../../../bus/index.ts';
import {
  deviceCommand,
  driverEvent,
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

  private constructor(bus: Bus, driverId: string) {
    this.bus = bus;
    this.driverId = driverId;
  }

  static async connect(url: string, driverId: string): Promise<TestDriver> {
    const bus = url.startsWith('mqtt')
      ? new MqttBus(url, { clientId: driverId, username: driverId, backoff: FAST_RECONNECT })
      : createBus(url, { clientId: `${driverId}-${process.pid}`, groupId: `evc-test-driver-${driverId}-${Date.now()}` });
    await bus.connect();
    const driver = new TestDriver(bus, driverId);
    await bus.subscribe(topics.driverEvents(driverId), (delivery) => {
      const parsed = parseMessage(driverEvent, delivery.payload);
      if (parsed.ok) driver.events.push(parsed.message);
    });
    return driver;
  }

  /** Sends a request on its own channel (or `onChannelOf`'s, to test the channel check); returns it. */
  async request(fields: Fields<DriverRequest>, onChannelOf = this.driverId): Promise<DriverRequest> {
    const request = makeMessage<DriverRequest>(fields.type, fields as never);
    await this.bus.publish(topics.driverRequests(onChannelOf), encodeMessage(request));
    return request;
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
