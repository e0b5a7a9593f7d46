import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { parseBusUrl } from '../../bus/index.ts';
import { EvcError } from '../../protocol/index.ts';
import { CentralCore, linkClosed, provisionDriver, restore, tick } from '../core/index.ts';
import { DeviceGateway } from '../gateways/device/device-gateway.ts';
import { DriverGateway } from '../gateways/driver/driver-gateway.ts';
import { MonitorGateway } from '../gateways/monitor/monitor-gateway.ts';
import type { HttpServerHandle } from '../http/index.ts';
import type { CentralOperations } from '../operations.ts';
import { openStore } from '../store/index.ts';
import { openBuses, type CentralBuses } from './buses.ts';
import { Rejections } from './rejections.ts';
import { CentralService } from './central-service.ts';
import { CleanupStack } from './cleanup-stack.ts';
import { CoreInputs, type EffectOutlets } from './core-inputs.ts';
import { CpInbox } from './cp-inbox.ts';
import { CpRegistry } from './cp-registry.ts';
import { withOperatorLogin } from './operator-login.ts';
import { DriverRegistry } from './driver-registry.ts';
import { watchDriverInbox } from './driver-inbox.ts';
import { DataLock } from './data-lock.ts';
import { resolveOptions, type RunCentralOptions } from './options.ts';
import { TickScheduler } from './tick-scheduler.ts';
import { TicketRedelivery } from './ticket-redelivery.ts';

export interface CentralPorts {
  monitor: number;
  /** The embedded broker's port, when a channel is `embedded`. */
  mqtt?: number;
  /** Its mqtts:// port, with `tls`. */
  mqtts?: number;
  http?: number;
}

export interface CentralHandle {
  /** What the HTTP API, dashboard and terminal panel use (central/operations.ts). */
  operations: CentralOperations;
  ports: CentralPorts;
  /** The dashboard, e.g. `http://localhost:8080`, when HTTP is on. */
  httpUrl?: string;
  /** One line each for the startup banner: which bus each channel uses, the Monitor port, the HTTP URL. */
  banner: string[];
  /** The data directory, resolved. */
  dataDir: string;
  /** Stops everything (links, buses, broker, timers, store, lock) and resolves when all is released. */
  close(): Promise<void>;
}

/**
 * Starts Central (DESIGN §1, §4, §5): the store (refusing a damaged one), the core restored
 * from it with active sessions carried on, the buses (an embedded broker when asked), the
 * device, driver and Monitor gateways, and the tick timers. Rejects with an EvcError (port in
 * use, corrupt store, bad bus URL, data directory in use) after releasing what it started.
 */
export async function runCentral(input: RunCentralOptions = {}): Promise<CentralHandle> {
  const options = resolveOptions(input);
  const logger = options.logger;
  const now = (): number => Date.now();
  const startedAtMs = now();
  const cleanup = new CleanupStack();
  const closeAll = (): Promise<void> => cleanup.runAll((label, error) => logger.error({ err: error }, `closing ${label} failed`));

  try {
    const lock = await DataLock.acquire(options.dataDir, 'central');
    cleanup.push('data lock', () => lock.release());
    const store = await openStore(options.dataDir, { onWarning: (message) => logger.warn(message) });
    cleanup.push('store', () => store.close());

    const core = new CentralCore({
      now,
      newId: randomUUID,
      registration: options.registration,
      heartbeatMs: options.heartbeatMs,
      reservationMs: options.reservationMs,
      heardFrom: (linkId) => monitor?.lastHeard(linkId),
      deviceBusForCps: () => buses?.deviceForCps,
      // Kafka carries no presence (DESIGN §4.4: `online` is an MQTT retained message with a last will).
      deviceBusHasPresence: parseBusUrl(options.deviceBus).kind !== 'kafka',
      ...(options.endReportTimeoutMs === undefined ? {} : { endReportTimeoutMs: options.endReportTimeoutMs }),
      ...(options.orphanTimeoutMs === undefined ? {} : { orphanTimeoutMs: options.orphanTimeoutMs }),
      ...(options.energySlackS === undefined ? {} : { energySlackS: options.energySlackS }),
    });

    // Gateways come up after the restore; until then nothing can be sent (restore only schedules and logs).
    let device: DeviceGateway | undefined;
    let driver: DriverGateway | undefined;
    let monitor: MonitorGateway | undefined;
    let buses: CentralBuses | undefined;
    let http: HttpServerHandle | undefined;
    const submit = (...args: Parameters<CoreInputs['submit']>): Promise<void> => inputs.submit(...args);
    const scheduler = new TickScheduler({ now, periodMs: options.heartbeatMs, onTick: () => void submit(tick, 'tick').catch(() => undefined) });
    const outlets: EffectOutlets = {
      sendDevice: (cpId, message) => (device ? device.send(cpId, message) : logger.warn({ cpId, type: message.type }, 'device bus not up; command dropped')),
      sendDriver: (driverId, message) => (driver ? driver.send(driverId, message) : logger.warn({ driverId, type: message.type }, 'driver bus not up; event dropped')),
      sendMonitor: (linkId, message) => monitor?.send(linkId, message),
      closeMonitorLink: (linkId, reason) => monitor?.close(linkId, reason),
      scheduleTick: (atMs) => scheduler.schedule(atMs),
    };
    const rejections = new Rejections();
    const drivers = new DriverRegistry({
      store,
      dataDir: options.dataDir,
      registration: options.registration,
      now,
      logger: logger.child({ part: 'drivers' }),
      // add-driver's key for a revoked driver makes it a driver again in the core too, before its request is taken.
      onProvisioned: (driverId) => void submit((c) => provisionDriver(c, driverId, 'evc central add-driver'), `add-driver ${driverId}`).catch(() => undefined),
    });
    const service: CentralService = new CentralService({
      core,
      submit,
      store,
      now,
      rejections,
      drivers,
      disconnectDriver: (driverId) => buses?.broker?.disconnectUser('driver', driverId),
      status: () => ({
        startedAtMs,
        monitorPort: monitor?.port ?? options.monitorPort,
        deviceBus: buses?.deviceLabel ?? options.deviceBus,
        driverBus: buses?.driverLabel ?? options.driverBus,
        monitorLinks: monitor?.linkCount ?? 0,
        registration: options.registration,
        rejected: rejections.total,
        ...(http ? { httpUrl: http.url } : {}),
      }),
    });
    const inputs = new CoreInputs({ core, store, outlets, listener: service, logger: logger.child({ part: 'core' }) });

    const snapshot = await store.loadSnapshot();
    await inputs.submit((c) => restore(c, snapshot), 'restore');
    logger.info({ cps: snapshot.cps.length, activeSessions: snapshot.sessions.length }, 'store loaded');

    const inbox = new CpInbox(options.dataDir, (message) => logger.warn(message));
    const registry = new CpRegistry({ store, inbox, submit, drivers, logger: logger.child({ part: 'registry' }) });
    await registry.takeInAddedCps();

    buses = await openBuses({
      deviceBus: options.deviceBus,
      driverBus: options.driverBus,
      mqttHost: options.mqttHost,
      mqttPort: options.mqttPort,
      kafkaGroupId: options.kafkaGroupId,
      ...(options.busSecurity ? { busSecurity: options.busSecurity } : {}),
      authenticate: withOperatorLogin(registry.authenticate, options.operatorPassword),
      logger,
      onRejected: (source, reason) => rejections.count(source, reason),
      ...(options.tls ? { tls: { ...options.tls, port: options.mqttsPort ?? 8883 } } : {}),
    });
    const openedBuses = buses;
    cleanup.push('buses', () => openedBuses.close());
    // Closed before the buses: the last inputs (links closing) may still send.
    cleanup.push('input queue', () => inputs.close());

    const notice = (level: 'info' | 'warn', cpId: string, text: string): void => {
      logger[level]({ cpId }, text);
      service.notice(level, text, cpId);
    };
    device = new DeviceGateway({ bus: buses.device, submit, logger: logger.child({ part: 'device-gateway' }), notice });
    const redelivery = new TicketRedelivery({
      pending: (driverId) => store.pendingTickets(driverId),
      send: (driverId, ticket) => outlets.sendDriver(driverId, ticket),
      serialize: (work, label) => void submit(() => work(), label).catch(() => undefined),
      now,
    });
    driver = new DriverGateway({
      bus: buses.driver,
      submit,
      logger: logger.child({ part: 'driver-gateway' }),
      onDriverSeen: (driverId) => redelivery.nudge(driverId),
      drivers,
      now,
      onRejected: (reason) => rejections.count('driver', reason),
    });
    const startedDevice = device;
    const startedDriver = driver;
    cleanup.push('device gateway', () => startedDevice.stop());
    cleanup.push('driver gateway', () => startedDriver.stop());
    await Promise.all([device.start(), driver.start()]);
    redelivery.start();
    cleanup.push('ticket redelivery', () => redelivery.stop());

    monitor = new MonitorGateway({
      host: options.monitorHost,
      port: options.monitorPort,
      ...(options.maxMonitors === undefined ? {} : { maxMonitors: options.maxMonitors }),
      ...(options.helloLimits === undefined ? {} : { helloLimits: options.helloLimits }),
      helloTimeoutMs: options.helloTimeoutMs,
      heartbeatMs: options.heartbeatMs,
      missedHeartbeats: core.options.missedHeartbeats,
      now,
      ...(options.tls ? { tls: options.tls } : {}),
      submit,
      secrets: registry,
      logger,
      onRejected: (reason) => rejections.count('monitor', reason),
      onLinkClosed: (linkId, lastHeardMs) => void submit((c) => linkClosed(c, linkId, lastHeardMs), `link ${linkId} closed`).catch(() => undefined),
    });
    const startedMonitor = monitor;
    const monitorPort = await monitor.listen();
    cleanup.push('Monitor gateway', () => startedMonitor.stop());

    if (options.httpPort !== false) {
      http = await startHttp(options.httpHost, options.httpPort, service, { adminToken: options.adminToken, viewerToken: options.viewerToken }, logger);
      const startedHttp = http;
      cleanup.push('HTTP server', () => startedHttp.close());
    }

    scheduler.start();
    cleanup.push('tick timers', () => scheduler.stop());
    await inbox.watch(() => void registry.takeInAddedCps().catch((error: unknown) => logger.error({ err: error }, 'add-cp intake failed')));
    cleanup.push('add-cp inbox', () => inbox.close());
    const takeInDrivers = () => void drivers.takeInAll().catch((error: unknown) => logger.error({ err: error }, 'add-driver intake failed'));
    takeInDrivers();
    const driverInbox = await watchDriverInbox(options.dataDir, takeInDrivers, (message) => logger.warn(message));
    cleanup.push('add-driver inbox', () => driverInbox?.close());

    if (options.panel) {
      const { startPanel } = await import('../panel/index.ts');
      const panel = startPanel({ operations: service, ...options.panel });
      cleanup.push('panel', () => panel.close());
    }

    const ports: CentralPorts = { monitor: monitorPort, ...(buses.broker ? { mqtt: buses.broker.port } : {}), ...(buses.broker?.tlsPort === undefined ? {} : { mqtts: buses.broker.tlsPort }), ...(http ? { http: http.port } : {}) };
    const banner = [
      `device bus: ${buses.deviceLabel}`,
      `driver bus: ${buses.driverLabel}`,
      `Monitors:   ${options.tls ? 'tls' : 'tcp'} ${options.monitorHost}:${monitorPort} (registration ${options.registration})`,
      ...(buses.broker?.tlsUrl ? [`mqtts:      ${buses.broker.tlsUrl}`] : []),
      http ? `dashboard:  ${http.url}` : 'dashboard:  off (no --http)',
    ];
    logger.info({ ports, dataDir: store.dataDir }, 'Central running');
    let closing: Promise<void> | undefined;
    return {
      operations: service,
      ports,
      banner,
      ...(http ? { httpUrl: http.url } : {}),
      dataDir: store.dataDir,
      close: () => (closing ??= closeAll().then(() => logger.info('Central stopped'))),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The dashboard/API (central/http); a port in use becomes a one-line EvcError naming --http. */
async function startHttp(host: string, port: number, operations: CentralOperations, tokens: { adminToken: string | undefined; viewerToken: string | undefined }, logger: Logger): Promise<HttpServerHandle> {
  // Loaded once the Monitor port is open: the HTTP side (prom-client, the dashboard) is ~50 ms of start-up Monitors need not wait for.
  const { startHttpServer } = await import('../http/index.ts');
  try {
    const { adminToken, viewerToken } = tokens;
    return await startHttpServer({ host, port, operations, ...(adminToken ? { adminToken } : {}), ...(viewerToken ? { viewerToken } : {}), logger: logger.child({ part: 'http' }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new EvcError('PORT_IN_USE', `HTTP port ${port} on ${host} is already in use; pick another (--http)`);
    throw new EvcError('LISTEN_FAILED', `cannot serve HTTP on ${host}:${port} (${(error as Error).message}); pick another port (--http)`);
  }
}
