import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { EvcError } from '../../protocol/index.ts';
import type { CoreSnapshot, CpConfig, CpSnapshot, DriverSnapshot, OperatorLedgerLine, SecretCheck, SessionLedgerLine, SessionSnapshot, TicketFields } from '../core/index.ts';
import { removeStaleTemps } from './atomic-file.ts';
import { CoalescingWriter } from './coalescing-writer.ts';
import { latestSessionLines, readLedgerBackwards, type Warn } from './ledger-reader.ts';
import { LedgerWriter } from './ledger-writer.ts';
import { generateSecret, hashSecret, verifySecret } from './secrets.ts';
import { StateFileAdapter, emptyState, type StateData, type StoredCp } from './state-file.ts';
import type { LedgerLine } from '../core/index.ts';

export interface StoreOptions {
  /** Non-fatal problems (a skipped ledger line, a stale temp file removed). Default: ignored. */
  onWarning?: Warn;
}

/**
 * Central's store (DESIGN §5): `state.json` (lowdb, atomic coalesced writes) and the
 * append-only ledger. Methods that return a promise resolve once the change is on disk.
 */
export class Store {
  readonly #dataDir: string;
  readonly #db: Low<StateData>;
  readonly #writer: CoalescingWriter;
  readonly #ledger: LedgerWriter;
  readonly #warn: Warn;

  private constructor(dataDir: string, db: Low<StateData>, warn: Warn) {
    this.#dataDir = dataDir;
    this.#db = db;
    this.#warn = warn;
    this.#writer = new CoalescingWriter(() => db.write());
    this.#ledger = new LedgerWriter(this.ledgerDir);
  }

  /**
   * Opens (or creates) the store in `dataDir`. A missing state.json is a fresh store; a
   * damaged or unreadable one throws an EvcError naming it and is left untouched.
   */
  static async open(dataDir: string, options: StoreOptions = {}): Promise<Store> {
    const warn = options.onWarning ?? (() => undefined);
    const directory = path.resolve(dataDir);
    try {
      await mkdir(path.join(directory, 'ledger'), { recursive: true });
    } catch (error) {
      throw new EvcError('STORE_UNWRITABLE', `cannot create the data directory ${directory} (${(error as NodeJS.ErrnoException).code}); choose another with --data.`);
    }
    const file = path.join(directory, 'state.json');
    const db = new Low<StateData>(new StateFileAdapter(file), emptyState());
    await db.read();
    for (const stale of await removeStaleTemps(file)) warn(`removed ${stale}, left by an interrupted write`);
    return new Store(directory, db, warn);
  }

  get dataDir(): string {
    return this.#dataDir;
  }

  get stateFile(): string {
    return path.join(this.#dataDir, 'state.json');
  }

  get ledgerDir(): string {
    return path.join(this.#dataDir, 'ledger');
  }

  /** state.json writes done since open (coalescing means fewer than changes). */
  get stateWriteCount(): number {
    return this.#writer.writeCount;
  }

  /**
   * What `CentralCore.restore` needs, with the latest `recentTickets` finished sessions from
   * the ledger. An active session whose ticket is already in the ledger (a crash between
   * the two writes of `persistSessionEnd`) is dropped: the ledger line is the truth.
   */
  async loadSnapshot(recentTickets = 100): Promise<CoreSnapshot> {
    const tickets = await this.latestSessions(recentTickets);
    const data = this.#db.data;
    const finished = tickets.filter((ticket) => data.sessions[ticket.sessionId]);
    for (const ticket of finished) delete data.sessions[ticket.sessionId];
    if (finished.length > 0) await this.#writer.request();
    return {
      cps: Object.values(data.cps).map(({ secretHash: _secretHash, ...cp }) => structuredClone(cp)),
      drivers: Object.values(data.drivers).map((driver) => ({ ...driver })),
      sessions: Object.values(data.sessions).map((session) => structuredClone(session)),
      recentTickets: tickets.map(({ kind: _kind, ...ticket }) => ticket),
    };
  }

  // ---- CPs and secrets ----

  getCp(cpId: string): Readonly<StoredCp> | undefined {
    return this.#db.data.cps[cpId];
  }

  listCps(): Readonly<StoredCp>[] {
    return Object.values(this.#db.data.cps);
  }

  /** The verdict `CentralCore.monitorHello` takes: `none` when no secret is on file for `cpId`. */
  async checkSecret(cpId: string, secret: string): Promise<SecretCheck> {
    const hash = this.#db.data.cps[cpId]?.secretHash;
    if (hash === undefined) return 'none';
    return (await verifySecret(secret, hash)) ? 'match' : 'mismatch';
  }

  /** `evc central add-cp`: a new CP with a fresh secret, returned once (only its hash is kept). */
  async addCp(config: CpConfig): Promise<{ secret: string }> {
    if (this.#db.data.cps[config.id]) throw new EvcError('CP_EXISTS', `${config.id} already exists in ${this.stateFile}; pick another id.`);
    const secret = generateSecret();
    await this.registerCp(config, secret);
    return { secret };
  }

  /** Stores a CP with the hash of `secret` (trust on first use, or a new secret for a known CP). */
  async registerCp(config: CpConfig, secret: string): Promise<void> {
    const secretHash = await hashSecret(secret);
    const existing = this.#db.data.cps[config.id];
    this.#db.data.cps[config.id] = {
      ...structuredClone(config),
      secretHash,
      lastState: existing?.lastState ?? 'DISCONNECTED',
      operatorStopped: existing?.operatorStopped ?? false,
      ...(existing?.lastSeenMs === undefined ? {} : { lastSeenMs: existing.lastSeenMs }),
    };
    await this.#writer.request();
  }

  /** Config and runtime fields of a CP (keeps its secret hash). Coalesced. */
  updateCp(cp: CpSnapshot): Promise<void> {
    const secretHash = this.#db.data.cps[cp.id]?.secretHash;
    this.#db.data.cps[cp.id] = { ...structuredClone(cp), ...(secretHash === undefined ? {} : { secretHash }) };
    return this.#writer.request();
  }

  saveDriver(driver: DriverSnapshot): Promise<void> {
    this.#db.data.drivers[driver.id] = { ...driver };
    return this.#writer.request();
  }

  // ---- sessions and the ledger ----

  /** An active session was created or changed; resolves once on disk. */
  persistSession(session: SessionSnapshot): Promise<void> {
    this.#db.data.sessions[session.id] = structuredClone(session);
    return this.#writer.request();
  }

  /** A finished session: its ticket line is fsync'd in the ledger, then it leaves the active sessions. */
  async persistSessionEnd(ticket: TicketFields): Promise<void> {
    const line: SessionLedgerLine = { kind: 'session', ...ticket };
    await this.#ledger.append(line);
    delete this.#db.data.sessions[ticket.sessionId];
    await this.#writer.request();
  }

  appendOperatorAction(line: OperatorLedgerLine): Promise<void> {
    return this.#ledger.append(line);
  }

  /** The latest `limit` finished sessions, newest first (`GET /api/sessions`). */
  latestSessions(limit: number): Promise<SessionLedgerLine[]> {
    return latestSessionLines(this.ledgerDir, limit, this.#warn);
  }

  /** Every ledger line, newest first, streamed. */
  readLedger(): AsyncGenerator<LedgerLine> {
    return readLedgerBackwards(this.ledgerDir, this.#warn);
  }

  /** Resolves once every change made so far is on disk. */
  flush(): Promise<void> {
    return this.#writer.idle();
  }

  async close(): Promise<void> {
    await this.#writer.idle();
    await this.#ledger.close();
  }
}

/** Opens the store in `dataDir` (see `Store.open`). */
export function openStore(dataDir: string, options?: StoreOptions): Promise<Store> {
  return Store.open(dataDir, options);
}
