import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createBus, type Bus, type BusSecurity } from '../../bus/index.ts';
import { createChargePointHardware, openBoard, type Board, type ChargePointHardware, type RelayWatchdog } from '../../hardware/index.ts';
import { EvcError } from '../../protocol/index.ts';
import { loadWiring, type WiringProfile } from '../../wiring/index.ts';
import { BoardAdapter } from './board-adapter.ts';
import { commandToEvent } from './commands.ts';
import { DeviceClient, deviceBusOptions } from './device-client.ts';
import { Engine } from './engine.ts';
import { HealthServer } from './health-server.ts';
import { attachKeyboardMenu } from './keyboard-menu.ts';
import { Meter } from './meter.ts';
import { Outbox } from './outbox.ts';
import { SessionJournal, trackSessions } from './session-journal.ts';

export interface RunEngineOptions {
  cpId: string;
  /** DESIGN §4.6 bus URL (mqtt://, mqtts://, kafka://). */
  /** The device bus; omitted = the one Central names in welcome, passed on by the Monitor (issue 12). */
  busUrl?: string;
  /** `--bus-ca`, `--kafka-user`, `--kafka-password`: what a TLS or SASL device bus wants (DESIGN §4.6). */
  busSecurity?: BusSecurity;
  secret?: string;
  /** `--board`: sim, avr-sim, firmata:/dev/ttyACM0, raspi. Default sim. */
  board?: string;
  /** Wiring profile name or JSON path. Default uno. */
  wiring?: string;
  /** Health socket (DESIGN §4.3). Default 127.0.0.1:7100; port 0 picks a free one. */
  engineHost?: string;
  enginePort?: number;
  /** Default 7.4. */
  powerKw?: number;
  /** `sim` only: the HTTP control API port (0 = free, undefined = none). */
  simPort?: number;
  /** Where the outbox (DESIGN §4.4) and the running session's journal live. */
  dataDir: string;
  /** The keyboard menu's streams; omit for none (`--no-menu`). */
  menu?: { input: Readable; output: Writable };
  /** Called when the menu's `q` is pressed. */
  onQuit?: () => void;
  logger?: Logger;
  /** Monotonic clock for the meter and reservations. Default performance.now. */
  now?: () => number;
  /** Telemetry and reservation-expiry period. Default 1000 ms. */
  tickMs?: number;
  /** Pending outbox events are re-sent after this long without Central's ack. Default 10 000 ms. */
  resendMs?: number;
  /** On a clean stop, how long to wait for Central to acknowledge the session it ended. Default 2000 ms. */
  settleMs?: number;
  /** Bus already built (tests, other bus kinds); by default one is created from `busUrl`. */
  bus?: Bus;
}

export interface EngineHandle {
  readonly engine: Engine;
  readonly board: Board;
  readonly hardware: ChargePointHardware;
  readonly adapter: BoardAdapter;
  readonly device: DeviceClient;
  readonly outbox: Outbox;
  readonly health: HealthServer;
  /** The health socket's bound port. */
  readonly enginePort: number;
  /** Ends a running session (reason `stopped`, sent to Central), then stops everything; the relay is open when it resolves. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an Engine (DESIGN §1): outbox, board, state machine, health socket, device bus.
 * The outbox is read first so a damaged one stops the start before the board is touched.
 */
export async function runEngine(options: RunEngineOptions): Promise<EngineHandle> {
  const logger = options.logger ?? pino({ name: 'engine', level: 'info' });
  const now = options.now ?? (() => performance.now());
  const outbox = Outbox.open(path.join(options.dataDir, 'outbox.json'));
  if (outbox.pending.length > 0) logger.info({ events: outbox.pending.length, file: outbox.file }, 'outbox holds events for Central');
  const journal = SessionJournal.open(path.join(options.dataDir, 'session.json'));
  if (journal.interrupted) logger.warn({ session: journal.interrupted }, 'a session was charging when the Engine stopped: reporting it ended by a fault');

  const wiring = loadWiring(options.wiring ?? 'uno');
  const board = await openBoard(options.board ?? 'sim', { wiring, simPort: options.simPort, logger: logger.child({ part: 'board' }) });
  const cleanups: Array<() => Promise<void> | void> = [() => board.close()];
  try {
    const hardware = createChargePointHardware(board, wiring);
    cleanups.unshift(() => hardware.close());
    const adapter = new BoardAdapter(hardware);
    const meter = new Meter({ powerKw: options.powerKw, now });
    const engine = new Engine({ outputs: adapter, meter, logger });
    cleanups.unshift(adapter.connectInputs((event) => engine.dispatch(event)));
    board.on('connection-lost', (error) => {
      logger.error({ err: error.message }, 'lost the board: reporting a fault');
      if (!engine.snapshot.faulted) engine.dispatch({ type: 'ko-raised' });
    });
    if (board.relayWatchdog) await armRelayWatchdog(board.relayWatchdog, wiring, engine, logger);

    const health = new HealthServer({ cpId: options.cpId, host: options.engineHost, port: options.enginePort ?? 7100, status: () => engine.status(), logger });
    const { port: enginePort } = await health.listen().catch((error: NodeJS.ErrnoException) => {
      const where = `${options.engineHost ?? '127.0.0.1'}:${options.enginePort ?? 7100}`;
      if (error.code === 'EADDRINUSE') throw new EvcError('PORT_IN_USE', `engine port ${where} is in use (another Engine running?); pick another with --engine-port`);
      throw new EvcError('LISTEN_FAILED', `cannot open the engine socket on ${where}: ${error.message}`);
    });
    cleanups.unshift(() => health.close());
    engine.on('health', (value) => health.pushHealth(value));

    let busUrl = options.busUrl;
    if (options.bus === undefined && busUrl === undefined) {
      // No --bus: the device bus Central names in welcome, passed on by the Monitor (DESIGN §4.2, issue 12).
      logger.info({ cpId: options.cpId }, 'waiting for the Monitor to pass on the device bus Central names');
      busUrl = await health.deviceBus();
      logger.info({ cpId: options.cpId, bus: busUrl }, 'device bus named by Central');
    }
    const bus = options.bus ?? createBus(busUrl!, { ...deviceBusOptions(options.cpId, options.secret), ...options.busSecurity, logger: logger.child({ part: 'bus' }) });
    const device = new DeviceClient({ cpId: options.cpId, bus, outbox, logger, resendMs: options.resendMs });
    engine.on('event', (event) => device.send(event));
    engine.on('telemetry', (telemetry) => device.sendTelemetry(telemetry));
    device.on('command', (command) => engine.dispatch(commandToEvent(command, now(), Date.now())));
    trackSessions(journal, engine, device);
    // Outputs to AVAILABLE and the first state event, now that someone listens for it (the relay is already open).
    engine.start();
    device.start();
    cleanups.unshift(() => device.close());

    const ticker = setInterval(() => engine.dispatch({ type: 'tick', nowMs: now() }), options.tickMs ?? 1000);
    cleanups.unshift(() => clearInterval(ticker));

    if (options.menu) {
      const detach = attachKeyboardMenu(options.menu.input, options.menu.output, {
        plug: () => adapter.togglePlug(),
        ko: () => adapter.toggleKo(),
        status: () => describe(engine, device),
        quit: () => options.onQuit?.(),
      });
      cleanups.unshift(detach);
    }
    logger.info({ cpId: options.cpId, board: board.description, enginePort, bus: bus.url }, 'engine running');

    let closing: Promise<void> | undefined;
    const endSession = async (): Promise<void> => {
      // A clean stop mid-charge ends the session here and now (relay open, meter read) and
      // waits briefly for Central's ack; a crash is covered by the journal at the next start.
      const session = engine.snapshot.session;
      if (session) engine.dispatch({ type: 'end-session', sessionId: session.sessionId, reason: 'stopped' });
      const acknowledged = await device.settle(options.settleMs ?? 2000);
      if (!acknowledged) logger.warn({ events: device.pendingEvents }, 'stopping with events Central has not acknowledged; they are sent at the next start');
    };
    return {
      engine, board, hardware, adapter, device, outbox, health, enginePort,
      close: () => (closing ??= endSession().finally(() => shutdown(engine, cleanups, logger))),
    };
  } catch (error) {
    await shutdown(undefined, cleanups, logger);
    throw error;
  }
}

async function shutdown(engine: Engine | undefined, cleanups: Array<() => Promise<void> | void>, logger: Logger): Promise<void> {
  engine?.safeOff();
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'engine shutdown step failed');
    }
  }
}

function describe(engine: Engine, device: DeviceClient): string {
  const { state, plugged, faulted, session } = engine.snapshot;
  const parts = [state, plugged ? 'car plugged' : 'no car', faulted ? 'KO' : 'ok'];
  if (session) parts.push(`session ${session.sessionId} (driver ${session.driverId})`);
  parts.push(device.online ? 'bus online' : 'bus offline', `${device.pendingEvents} event(s) awaiting Central`);
  return parts.join(' · ');
}

/**
 * Our firmware (EVCFirmata) opens the relay by itself when this Engine falls silent (firmware/README.md): arm it
 * with the profile's relay and red LED. A trip or a reset of the chip means the board acted without us: a fault.
 */
async function armRelayWatchdog(watchdog: RelayWatchdog, wiring: WiringProfile, engine: Engine, logger: Logger): Promise<void> {
  const settings = await watchdog.arm({
    relayPin: wiring.relay.pin as number,
    safeLevel: wiring.relay.activeLevel === 'high' ? 0 : 1,
    ledPin: typeof wiring.leds.red === 'number' ? wiring.leds.red : undefined,
  });
  logger.info({ relayPin: settings.relayPin, timeoutMs: settings.timeoutMs }, 'relay watchdog armed');
  const fault = (): void => {
    if (!engine.snapshot.faulted) engine.dispatch({ type: 'ko-raised' });
  };
  watchdog.on('tripped', (trip) => {
    logger.error({ trips: trip.trips, msSinceTrip: trip.msSinceTrip }, 'the board opened the relay: this Engine was silent longer than the watchdog allows');
    fault();
  });
  watchdog.on('board-reset', () => {
    logger.error('the board reset itself (hardware watchdog or power): its pins are released; reporting a fault');
    fault();
  });
}
