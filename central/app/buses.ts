import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createBus, createEmbeddedBroker, MalformedPayloadError, parseBusUrl, type Authenticate, type Bus, type BusSecurity, type EmbeddedBroker, type OnRejected } from '../../bus/index.ts';

export interface BusesOptions {
  /** DESIGN §4.6: `embedded`, `mqtt://…`, `mqtts://…` or `kafka://…`. */
  deviceBus: string;
  driverBus: string;
  /** The embedded broker's listener (DESIGN §4.6 default 0.0.0.0:1883; port 0 picks a free one). */
  mqttHost: string;
  mqttPort: number;
  kafkaGroupId: string;
  /** Central's TLS trust and Kafka login on a bus that is not embedded. */
  busSecurity?: BusSecurity;
  authenticate: Authenticate;
  logger: Logger;
  /** Refused connections, packets, logins and malformed messages (issue 9). */
  onRejected: OnRejected;
  /** The embedded broker also serves mqtts:// with this certificate and key, on `port` (default 8883). */
  tls?: { cert: string; key: string; port: number };
}

export interface CentralBuses {
  device: Bus;
  driver: Bus;
  /** Present when a channel is `embedded`. */
  broker?: EmbeddedBroker;
  /** One line per channel for the startup banner and status (no credentials). */
  deviceLabel: string;
  /** What `welcome` tells CPs (DESIGN §4.2): no credentials; a wildcard host means "the host you reached Central at". */
  deviceForCps: string;
  driverLabel: string;
  close(): Promise<void>;
}

/** Central's own login on its embedded broker: `$` keeps it apart from every CP and driver id. */
const CENTRAL_USERNAME = '$central';

/**
 * The device and driver buses (DESIGN §4.4–4.6), connected as Central. `embedded` starts one
 * in-process aedes broker shared by both channels, whose logins the injected `authenticate`
 * decides; Central uses it from inside (InProcessBus), and its privileged login (a random
 * internal password) is left to no one.
 */
export async function openBuses(options: BusesOptions): Promise<CentralBuses> {
  const device = parseBusUrl(options.deviceBus);
  const driver = parseBusUrl(options.driverBus);
  const central = { username: CENTRAL_USERNAME, password: randomBytes(24).toString('base64url') };
  const opened: Bus[] = [];
  let broker: EmbeddedBroker | undefined;
  const closeAll = async (): Promise<void> => {
    await Promise.all(opened.map((bus) => bus.close().catch(() => undefined)));
    await broker?.close();
  };
  try {
    if (device.kind === 'embedded' || driver.kind === 'embedded') {
      broker = await createEmbeddedBroker({
        host: options.mqttHost,
        port: options.mqttPort,
        central,
        authenticate: options.authenticate,
        logger: options.logger.child({ part: 'broker' }),
        onRejected: options.onRejected,
        ...(options.tls ? { tls: options.tls } : {}),
      });
    }
    const connect = async (channel: 'device' | 'driver', url: string, embedded: boolean): Promise<Bus> => {
      const logger = options.logger.child({ part: `${channel}-bus` });
      // On its own broker Central needs no client: its messages go straight into aedes.
      const bus = embedded
        ? broker!.localBus({ logger })
        : createBus(url, { clientId: `evc-central-${channel}`, groupId: options.kafkaGroupId, ...options.busSecurity, logger });
      opened.push(bus);
      bus.on('error', (error) => {
        logger.warn({ err: error.message }, `${channel} bus: ${error.message}`);
        if (error instanceof MalformedPayloadError) options.onRejected(channel, 'malformed');
      });
      await bus.connect();
      return bus;
    };
    const [deviceBus, driverBus] = await Promise.all([
      // The URLs as given: `mqtt://user:pass@host` carries Central's login; labels show them without it.
      connect('device', options.deviceBus, device.kind === 'embedded'),
      connect('driver', options.driverBus, driver.kind === 'embedded'),
    ]);
    const label = (url: string, embedded: boolean): string =>
      embedded ? `embedded MQTT broker on ${options.mqttHost}:${broker!.port}` : url;
    return {
      device: deviceBus,
      driver: driverBus,
      ...(broker ? { broker } : {}),
      deviceLabel: label(device.url, device.kind === 'embedded'),
      deviceForCps: device.kind === 'embedded' ? `mqtt://${hostForUrl(options.mqttHost)}:${broker!.port}` : withoutCredentials(device.url),
      driverLabel: label(driver.url, driver.kind === 'embedded'),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** `mqtt://user:pass@host:1883/` → `mqtt://host:1883`: a URL another client may be handed. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1').replace(/\/+$/, '');
}

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);
