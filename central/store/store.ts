import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { EvcError } from '../../protocol/index.ts';
import type { CoreSnapshot, CpConfig, CpSnapshot, DriverSnapshot, OperatorLedgerLine, SecretCheck, SessionLedgerLine, SessionSnapshot, TicketFields } from '../core/index.ts';
import { removeStaleTemps, writeFileAtomic } from '../../base/atomic-file.ts';
import { Journal } from './journal.ts';
import { applyEntry, journalFiles, replayJournal, type JournalEntry } from './journal-replay.ts';
import { latestSessionLines, readLedgerBackwards, type Warn } from './ledger-reader.ts';
import { LedgerWriter } from './ledger-writer.ts';
import { generateSecret, hashSecret, verifySecret } from './secrets.ts';
import { StateFileAdapter, emptyState, type StateData, type StoredCp, type StoredDriver } from './state-file.ts';
import { TicketOutbox, type HeldTicket } from './ticket-outbox.ts';
import type { Ticket } from '../../protocol/index.ts';
import type { LedgerLine } from '../core/index.ts';

export interface StoreOptions {
  /** Non-fatal problems (a skipped ledger line, a stale temp file removed). Default: ignored. */
  onWarning?: Warn;
  /** Journal size past which it is compacted into state.json. Default 4 MiB. */
  compactBytes?: number;
  /** A journal with anything in it is compacted at least this often. Default 60 s. */
  compactEveryMs?: number;
}

/**
 * Central's store (DESIGN §5): the state (lowdb, in memory) with an append-only journal
 * that makes each change durable at a cost independent of the store's size, compacted into
 * `state.json` now and then; and the append-only ledger. Methods that return a promise
 * resolve once the change is on disk.
 */
export class Store {
  readonly #dataDir: string;
  readonly #db: Low<StateData>;
  readonly #journal: Journal;
  readonly #ledger: LedgerWriter;
  readonly #tickets: TicketOutbox;
  readonly #warn: Warn;
  readonly #compactBytes: number;
  readonly #compactTimer: NodeJS.Timeout;
  #compacting: Promise<void> | undefined;
  #compactions = 0;

  private constructor(dataDir: string, db: Low<StateData>, journal: Journal, tickets: TicketOutbox, warn: Warn, options: StoreOptions) {
    this.#dataDir = dataDir;
    this.#db = db;
    this.#journal = journal;
    this.#tickets = tickets;
    this.#warn = warn;
    this.#ledger = new LedgerWriter(this.ledgerDir);
    this.#compactBytes = options.compactBytes ?? 4 * 1024 * 1024;
    this.#compactTimer = setInterval(() => {
      if (this.#journal.bytes > 0) void this.compact();
    }, options.compactEveryMs ?? 60_000);
    this.#compactTimer.unref();
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
    const firstSeq = db.data.journal ?? 0;
    const { nextSeq, replayed } = await replayJournal(directory, db.data, firstSeq, warn);
    const store = new Store(directory, db, new Journal(directory, nextSeq), TicketOutbox.open(directory), warn, options);
    // What the journal held goes into state.json at once, so the next start replays little.
    if (replayed > 0 || nextSeq !== firstSeq) await store.#writeState(nextSeq);
    return store;
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

  /** Journal write+sync rounds since open (group commit: fewer than changes). */
  get journalSyncCount(): number {
    return this.#journal.syncCount;
  }

  /** Compactions of the journal into state.json since open. */
  get compactionCount(): number {
    return this.#compactions;
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
    await Promise.all(finished.map((ticket) => this.#change({ op: 'session-end', sessionId: ticket.sessionId })));
    return {
      cps: Object.values(data.cps).map(({ secretHash: _secretHash, ...cp }) => structuredClone(cp)),
      drivers: Object.values(data.drivers).map(({ key: _key, ...driver }) => ({ ...driver })),
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
    await this.#change({
      op: 'cp',
      cp: {
        ...structuredClone(config),
        secretHash,
        lastState: existing?.lastState ?? 'DISCONNECTED',
        operatorStopped: existing?.operatorStopped ?? false,
        ...(existing?.lastSeenMs === undefined ? {} : { lastSeenMs: existing.lastSeenMs }),
      },
    });
  }

  /** Forgets a CP and its secret's hash (its sessions stay in the ledger). Resolves once on disk. */
  removeCp(cpId: string): Promise<void> {
    return this.#change({ op: 'cp-remove', cpId });
  }

  /** Config and runtime fields of a CP (keeps its secret hash). Coalesced with its other queued changes. */
  updateCp(cp: CpSnapshot): Promise<void> {
    const secretHash = this.#db.data.cps[cp.id]?.secretHash;
    return this.#change({ op: 'cp', cp: { ...structuredClone(cp), ...(secretHash === undefined ? {} : { secretHash }) } });
  }

  /** The core's view of a driver (keeps its key). Coalesced. */
  saveDriver(driver: DriverSnapshot): Promise<void> {
    const key = this.#db.data.drivers[driver.id]?.key;
    return this.#change({ op: 'driver', driver: { ...driver, ...(key === undefined ? {} : { key }) } });
  }

  getDriver(driverId: string): Readonly<StoredDriver> | undefined {
    return this.#db.data.drivers[driverId];
  }

  listDrivers(): Readonly<StoredDriver>[] {
    return Object.values(this.#db.data.drivers);
  }

  /** Provisions or pins a driver (its key; unblocked), or revokes it (undefined: no key, blocked). Resolves once on disk. */
  setDriverKey(driverId: string, key: string | undefined, nowMs: number): Promise<void> {
    const existing = this.#db.data.drivers[driverId];
    const { key: _old, ...rest } = existing ?? { id: driverId, blocked: false, firstSeenMs: nowMs };
    return this.#change({ op: 'driver', driver: { ...rest, blocked: key === undefined, ...(key === undefined ? {} : { key }) } });
  }

  // ---- sessions and the ledger ----

  /** An active session was created or changed; resolves once on disk. */
  persistSession(session: SessionSnapshot): Promise<void> {
    return this.#change({ op: 'session', session: structuredClone(session) });
  }

  /** A finished session: its ticket line is fsync'd in the ledger, then it leaves the active sessions. */
  async persistSessionEnd(ticket: TicketFields): Promise<void> {
    const line: SessionLedgerLine = { kind: 'session', ...ticket };
    await this.#ledger.append(line);
    await this.#change({ op: 'session-end', sessionId: ticket.sessionId });
  }

  // ---- tickets until their driver acknowledges them (DESIGN §4.5) ----

  /** Durable when it resolves: held before the ledger line is written and before the first send. */
  async holdTicket(driverId: string, ticket: Ticket): Promise<void> {
    await this.#tickets.hold(driverId, ticket);
  }

  /** The driver acknowledged it; false when no such ticket was held for that driver. */
  releaseTicket(driverId: string, sessionId: string): boolean {
    return this.#tickets.release(driverId, sessionId);
  }

  /** Tickets not yet acknowledged, oldest first (all, or one driver's). */
  pendingTickets(driverId?: string): HeldTicket[] {
    return this.#tickets.pending(driverId);
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
  async flush(): Promise<void> {
    await this.#journal.idle();
    while (this.#compacting) await this.#compacting;
  }

  /**
   * Writes the whole state into state.json (atomic, fsync'd) and removes the journal files it
   * now holds. The journal carries on in a new file meanwhile, so no change waits for it.
   */
  compact(): Promise<void> {
    this.#compacting ??= this.#journal
      .rotate((nextSeq) => ({ nextSeq, text: this.#stateText(nextSeq) }))
      .then(({ nextSeq, text }) => this.#replaceState(nextSeq, text))
      .catch((error: unknown) => this.#warn(`compacting the journal into ${this.stateFile} failed (${(error as Error).message}); the journal keeps every change`))
      .finally(() => (this.#compacting = undefined));
    return this.#compacting;
  }

  /** Waits for pending changes, compacts the journal into state.json, closes the files. */
  async close(): Promise<void> {
    clearInterval(this.#compactTimer);
    await this.flush();
    if (this.#journal.bytes > 0) await this.compact();
    await this.#journal.close();
    await this.#ledger.close();
    await this.#tickets.close();
  }

  /** Applies a change in memory, then journals it; resolves once it is on disk. */
  #change(entry: JournalEntry): Promise<void> {
    applyEntry(this.#db.data, entry);
    const key = entry.op === 'cp' ? `cp:${entry.cp.id}` : entry.op === 'cp-remove' ? `cp:${entry.cpId}` : entry.op === 'driver' ? `driver:${entry.driver.id}` : `session:${entry.op === 'session' ? entry.session.id : entry.sessionId}`;
    const written = this.#journal.append(entry, key);
    void written.then(() => {
      if (this.#journal.bytes >= this.#compactBytes) void this.compact();
    }, () => undefined);
    return written;
  }

  #stateText(journalSeq: number): string {
    return `${JSON.stringify({ ...this.#db.data, journal: journalSeq }, null, 2)}\n`;
  }

  async #writeState(journalSeq: number): Promise<void> {
    await this.#replaceState(journalSeq, this.#stateText(journalSeq));
  }

  async #replaceState(journalSeq: number, text: string): Promise<void> {
    await writeFileAtomic(this.stateFile, text);
    this.#db.data.journal = journalSeq;
    this.#compactions++;
    for (const { seq, file } of await journalFiles(this.#dataDir)) if (seq < journalSeq) await unlink(file).catch(() => undefined);
  }
}

/** Opens the store in `dataDir` (see `Store.open`). */
export function openStore(dataDir: string, options?: StoreOptions): Promise<Store> {
  return Store.open(dataDir, options);
}
