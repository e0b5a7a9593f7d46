import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import firmataIo from 'firmata-io';
import { EvcError } from '../../protocol/index.ts';
import {
  DEFAULT_WATCHDOG_TIMEOUT_MS, EVC_FIRMWARE_NAME, RELAY_WATCHDOG_SYSEX, decodeReport, encodeArm, encodeDisarm, encodeFeed,
  encodeStatusQuery, type WatchdogReport, type WatchdogSettings,
} from './watchdog-sysex.ts';

type FirmataClient = InstanceType<typeof firmataIo.Firmata>;
type StatusReport = Extract<WatchdogReport, { type: 'status' }>;
export type TripReport = Extract<WatchdogReport, { type: 'tripped' }>;

export interface RelayWatchdogEvents {
  /** The firmware opened the relay because the host was silent for the timeout (reported once the host is back). */
  tripped: [trip: TripReport];
  /** The firmware greeted the host again mid-session: the chip was reset (its watchdog, a brown-out, a button). */
  'board-reset': [];
}

export interface ArmOptions {
  readonly relayPin: number;
  readonly safeLevel: 0 | 1;
  readonly ledPin?: number;
  /** Default 1000 ms (DESIGN §2: the relay opens when the host is gone). */
  readonly timeoutMs?: number;
}

const REPLY_TIMEOUT_MS = 2000;
const clients = new WeakMap<FirmataClient, RelayWatchdog>();

/** One handler for the sysex byte in this process (firmata-io keeps them globally), routed to the board's watchdog. */
function routeReplies(): void {
  const table = firmataIo.Firmata.SYSEX_RESPONSE;
  if (table[RELAY_WATCHDOG_SYSEX]) return;
  table[RELAY_WATCHDOG_SYSEX] = (board) => clients.get(board)?.receive(board.buffer.slice(2, -1));
}

/**
 * The host's side of our firmware's relay watchdog (firmware/README.md): arms it, keeps it fed — every write
 * to the board counts, and a FEED goes out when nothing else did for a third of the timeout — and turns the
 * firmware's reports into events. Only built for a board whose firmware reports EVCFirmata.
 */
export class RelayWatchdog extends EventEmitter<RelayWatchdogEvents> {
  readonly #io: FirmataClient;
  readonly #now: () => number;
  readonly #waiting = new Map<WatchdogReport['type'], Array<(report: WatchdogReport) => void>>();
  #lastWriteMs: number;
  #settings: WatchdogSettings | undefined;
  #feeder: ReturnType<typeof setInterval> | undefined;
  #disposed = false;
  readonly #onFirmware = (): void => {
    if (this.#settings) this.emit('board-reset');
  };

  constructor(io: FirmataClient, now: () => number = () => performance.now()) {
    super();
    this.#io = io;
    this.#now = now;
    this.#lastWriteMs = now();
    const transport = io.transport;
    const write = transport.write.bind(transport);
    transport.write = (data, callback) => {
      this.#lastWriteMs = this.#now();
      return write(data, callback);
    };
    clients.set(io, this);
    routeReplies();
    io.on('queryfirmware', this.#onFirmware);
  }

  /** Whether the firmware on `io` is ours (so it has the watchdog). */
  static isOurs(io: FirmataClient): boolean {
    return io.firmware?.name === EVC_FIRMWARE_NAME;
  }

  get settings(): WatchdogSettings | undefined {
    return this.#settings;
  }

  /** Arms the watchdog and resolves with the settings the firmware confirmed; starts feeding it. */
  async arm(options: ArmOptions): Promise<WatchdogSettings> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WATCHDOG_TIMEOUT_MS;
    const reply = this.#expect('armed');
    this.#io.sysexCommand(encodeArm({ ...options, timeoutMs }));
    const armed = (await reply) as WatchdogSettings;
    this.#settings = armed;
    clearInterval(this.#feeder);
    const feedAfterMs = armed.timeoutMs / 3;
    this.#feeder = setInterval(() => {
      if (this.#now() - this.#lastWriteMs >= feedAfterMs) this.#io.sysexCommand(encodeFeed());
    }, Math.max(10, Math.floor(armed.timeoutMs / 6)));
    this.#feeder.unref();
    return armed;
  }

  async status(): Promise<StatusReport> {
    const reply = this.#expect('status');
    this.#io.sysexCommand(encodeStatusQuery());
    return (await reply) as StatusReport;
  }

  /** Stops feeding and tells the firmware to stand down (a clean exit: the relay is already open). */
  disarm(): void {
    clearInterval(this.#feeder);
    this.#feeder = undefined;
    if (this.#settings && !this.#disposed) this.#io.sysexCommand(encodeDisarm());
    this.#settings = undefined;
  }

  /** Stops the feed timer and forgets the board; sends nothing. */
  dispose(): void {
    this.#disposed = true;
    clearInterval(this.#feeder);
    this.#io.off('queryfirmware', this.#onFirmware);
    clients.delete(this.#io);
  }

  /** A report from the firmware (payload after the sysex command byte). */
  receive(payload: ReadonlyArray<number>): void {
    const report = decodeReport(payload);
    if (!report) return;
    if (report.type === 'tripped') this.emit('tripped', report);
    const waiters = this.#waiting.get(report.type);
    if (waiters?.length) waiters.shift()!(report);
  }

  #expect(type: WatchdogReport['type']): Promise<WatchdogReport> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(type) ?? [];
      this.#waiting.set(type, waiters);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(done), 1);
        reject(new EvcError('BOARD_TIMEOUT', `the board did not answer the relay watchdog's ${type === 'armed' ? 'arm' : type} request within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      const done = (report: WatchdogReport): void => {
        clearTimeout(timer);
        resolve(report);
      };
      waiters.push(done);
    });
  }
}

/** The board's watchdog when its firmware is ours, else undefined (StandardFirmata works as before). */
export function relayWatchdogFor(io: FirmataClient): RelayWatchdog | undefined {
  return RelayWatchdog.isOurs(io) ? new RelayWatchdog(io) : undefined;
}
