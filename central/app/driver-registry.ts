import { readFile, unlink } from 'node:fs/promises';
import type { Logger } from 'pino';
import { driverKeyFromToken, generateDriverToken, keysFromDriverKey, tokenMatches, type DriverKeys } from '../../protocol/index.ts';
import { compareIds } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import { driverInboxFile, driverInboxIds } from './driver-inbox.ts';

export type Registration = 'open' | 'closed' | 'approve';

export interface DriverEntry {
  id: string;
  /** Has a key: may log in and send requests. */
  provisioned: boolean;
  /** Its token was revoked: it cannot log in, nor be pinned again at first use. */
  blocked: boolean;
  firstSeenMs: number;
}

/** What `revoke` found: a key it forgot, a driver revoked before, or no such driver. */
export type RevokeOutcome = 'revoked' | 'already-revoked' | 'unknown';

export interface DriverRegistryOptions {
  store: Store;
  dataDir: string;
  registration: Registration;
  now: () => number;
  logger: Logger;
  /** A driver got a key from `evc central add-driver` while Central runs (the core unblocks it). */
  onProvisioned?: (driverId: string) => void;
}

/**
 * Drivers are provisioned like CPs (DESIGN §4.5, issue 9). The store keeps, per driver, the key
 * derived from its token (never the token): `add` makes a token and returns it once; under
 * `--registration open` a driver's first login (MQTT) or first request (Kafka `enroll`) pins
 * its key; `closed` and `approve` let in only provisioned drivers; `revoke` forgets the key
 * and blocks the driver, so it is not pinned again at first use (a new `add` unblocks it).
 * `evc central add-driver` with Central running leaves the key in `DATA/driver-inbox/{id}.json`
 * (driver-inbox.ts), taken in at once, or at the driver's first login or request.
 */
export class DriverRegistry {
  readonly #options: DriverRegistryOptions;
  readonly #keys = new Map<string, DriverKeys>();

  constructor(options: DriverRegistryOptions) {
    this.#options = options;
  }

  /** A new driver (or a revoked one) with a new token, returned once. Refuses a driver that already has a key. */
  async add(driverId: string): Promise<{ token: string } | undefined> {
    await this.#takeIn(driverId);
    if (this.#options.store.getDriver(driverId)?.key !== undefined) return undefined;
    const token = generateDriverToken();
    await this.#options.store.setDriverKey(driverId, driverKeyFromToken(driverId, token), this.#options.now());
    return { token };
  }

  /**
   * Forgets the driver's key and blocks it: it can no longer log in or send requests. A key
   * `add-driver` left in the inbox and not yet taken in goes too. `knownToCore`: the driver
   * charged before it had a token, so only the core knows it; it is blocked all the same.
   */
  async revoke(driverId: string, knownToCore: boolean): Promise<RevokeOutcome> {
    const inboxed = await unlink(driverInboxFile(this.#options.dataDir, driverId)).then(
      () => true,
      () => false,
    );
    const stored = this.#options.store.getDriver(driverId);
    this.#keys.delete(driverId);
    if (!stored && !knownToCore && !inboxed) return 'unknown';
    if (stored?.blocked && stored.key === undefined && !inboxed) return 'already-revoked';
    await this.#options.store.setDriverKey(driverId, undefined, this.#options.now());
    return 'revoked';
  }

  /** Takes in every key `add-driver` left in the inbox (at startup, and when the inbox changes). */
  async takeInAll(): Promise<void> {
    for (const driverId of await driverInboxIds(this.#options.dataDir)) await this.#takeIn(driverId);
  }

  list(): DriverEntry[] {
    return this.#options.store
      .listDrivers()
      .map((driver) => ({ id: driver.id, provisioned: driver.key !== undefined, blocked: driver.blocked, firstSeenMs: driver.firstSeenMs }))
      .sort(compareIds);
  }

  /** MQTT login: the token is the password. Pins it at first use under open registration. */
  async checkToken(driverId: string, token: string | undefined): Promise<boolean> {
    if (token === undefined || token === '') return false;
    const key = await this.#storedKey(driverId);
    if (key !== undefined) return tokenMatches(driverId, token, key);
    return this.#pin(driverId, driverKeyFromToken(driverId, token));
  }

  /** Kafka: the keys to check a request's proof and seal its events; pins `enroll` at first use under open registration. */
  async keysFor(driverId: string, enroll?: string): Promise<DriverKeys | undefined> {
    const key = await this.#storedKey(driverId);
    if (key === undefined && (enroll === undefined || !(await this.#pin(driverId, enroll)))) return undefined;
    return this.#derived(driverId, key ?? enroll!);
  }

  /** The keys of a provisioned driver, without I/O (sealing events on Kafka). */
  knownKeys(driverId: string): DriverKeys | undefined {
    const key = this.#options.store.getDriver(driverId)?.key;
    return key === undefined ? undefined : this.#derived(driverId, key);
  }

  #derived(driverId: string, key: string): DriverKeys {
    const cached = this.#keys.get(driverId);
    if (cached?.driverKey === key) return cached;
    const keys = keysFromDriverKey(key);
    this.#keys.set(driverId, keys);
    return keys;
  }

  async #storedKey(driverId: string): Promise<string | undefined> {
    const key = this.#options.store.getDriver(driverId)?.key;
    if (key !== undefined) return key;
    await this.#takeIn(driverId);
    return this.#options.store.getDriver(driverId)?.key;
  }

  async #pin(driverId: string, key: string): Promise<boolean> {
    if (this.#options.store.getDriver(driverId)?.blocked) {
      this.#options.logger.warn({ driverId }, `driver ${driverId} refused: its token was revoked; run evc central add-driver ${driverId} to give it a new one`);
      return false;
    }
    if (this.#options.registration !== 'open') {
      this.#options.logger.warn({ driverId }, `driver ${driverId} refused: not provisioned (registration ${this.#options.registration}); run evc central add-driver ${driverId}`);
      return false;
    }
    await this.#options.store.setDriverKey(driverId, key, this.#options.now());
    this.#options.logger.info({ driverId }, `driver ${driverId} registered at first use (its token is pinned)`);
    return true;
  }

  /** A key `evc central add-driver` left while Central was running. */
  async #takeIn(driverId: string): Promise<void> {
    const file = driverInboxFile(this.#options.dataDir, driverId);
    let key: string;
    try {
      key = (JSON.parse(await readFile(file, 'utf8')) as { key?: unknown }).key as string;
    } catch {
      return;
    }
    if (typeof key !== 'string' || key.length === 0) return;
    if (this.#options.store.getDriver(driverId)?.key !== undefined) {
      await unlink(file).catch(() => undefined);
      this.#options.logger.warn({ driverId }, `add-driver ${driverId}: it already has a token, so the new one was dropped; revoke it first (evc central revoke-driver ${driverId})`);
      return;
    }
    await this.#options.store.setDriverKey(driverId, key, this.#options.now());
    await unlink(file).catch(() => undefined);
    this.#options.onProvisioned?.(driverId);
    this.#options.logger.info({ driverId }, `driver ${driverId} added by evc central add-driver`);
  }
}
