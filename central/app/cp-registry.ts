import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Authenticate, Role } from '../../bus/index.ts';
import { addCp, type CpConfig, type SubmitInput } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import { verifySecret } from '../store/index.ts';
import type { SecretAuthority, SecretVerdict } from '../gateways/monitor/types.ts';
import type { CpInbox } from './cp-inbox.ts';
import type { DriverRegistry } from './driver-registry.ts';

export interface CpRegistryOptions {
  store: Store;
  inbox: CpInbox;
  submit: SubmitInput;
  logger: Logger;
  /** Who the drivers are (DESIGN §4.5); without it no driver logs in. */
  drivers?: DriverRegistry;
}

/**
 * Who a CP is, for the Monitor gateway (hello, DESIGN §4.2) and the embedded broker's
 * logins (DESIGN §4.4), both answered from the store's scrypt hashes. It also takes in the
 * CPs `evc central add-cp` handed over while Central runs (cp-inbox.ts).
 */
export class CpRegistry implements SecretAuthority {
  readonly #options: CpRegistryOptions;
  /** cpId → `hash\0sha256(password)` of the last good broker login, so reconnects skip scrypt. */
  readonly #goodLogins = new Map<string, string>();
  #intake: Promise<void> | undefined;
  #intakeAgain = false;

  constructor(options: CpRegistryOptions) {
    this.#options = options;
  }

  async check(cpId: string, secret: string): Promise<SecretVerdict> {
    if (this.#options.store.getCp(cpId)?.secretHash === undefined) await this.takeInAddedCps();
    return this.recheck(cpId, secret);
  }

  async recheck(cpId: string, secret: string): Promise<SecretVerdict> {
    const { store } = this.#options;
    const hash = store.getCp(cpId)?.secretHash;
    const result = await store.checkSecret(cpId, secret);
    return { result, stillValid: () => store.getCp(cpId)?.secretHash === hash };
  }

  storedConfig(cpId: string): CpConfig | undefined {
    const stored = this.#options.store.getCp(cpId);
    if (stored?.secretHash === undefined) return undefined;
    const config: CpConfig = { id: stored.id, location: { ...stored.location }, pricePerKwh: stored.pricePerKwh };
    if (stored.maxPowerKw !== undefined) config.maxPowerKw = stored.maxPowerKw;
    return config;
  }

  /**
   * Takes in every CP waiting in the add-cp inbox: the store gets its secret's hash, the core
   * the CP, in the input queue. Calls overlapping a running intake share one more pass.
   */
  takeInAddedCps(): Promise<void> {
    if (this.#intake) {
      this.#intakeAgain = true;
      return this.#intake;
    }
    this.#intake = (async () => {
      try {
        do {
          this.#intakeAgain = false;
          await this.#intakeOnce();
        } while (this.#intakeAgain);
      } finally {
        this.#intake = undefined;
      }
    })();
    return this.#intake;
  }

  /**
   * The embedded broker's login check (DESIGN §4.4–4.5):
   * - a username that is a registered CP must bring that CP's secret (there is no default
   *   secret, issue 9: no password, no login); a driver cannot take a CP's name;
   * - an Engine (client id `{cpId}.engine`) whose CP is not registered yet is refused: it
   *   retries until its Monitor's hello registered it (open) or `add-cp` did (closed);
   * - anyone else is a driver by that name, with its token as password (driver-registry.ts).
   */
  authenticate: Authenticate = async (username, password, clientId) => {
    const hash = this.#options.store.getCp(username)?.secretHash;
    if (hash !== undefined) {
      if (password === undefined || password === '') return null;
      return (await this.#loginMatches(username, password, hash)) ? cp(username) : null;
    }
    if (clientId === `${username}.engine` || clientId.startsWith(`${username}.engine.`)) {
      this.#options.logger.info({ cpId: username }, 'Engine login refused: its CP is not registered yet (it retries)');
      return null;
    }
    const drivers = this.#options.drivers;
    return drivers && (await drivers.checkToken(username, password)) ? { kind: 'driver', id: username } : null;
  };

  async #loginMatches(cpId: string, password: string, hash: string): Promise<boolean> {
    const key = `${hash}\0${createHash('sha256').update(password).digest('hex')}`;
    if (this.#goodLogins.get(cpId) === key) return true;
    if (!(await verifySecret(password, hash))) return false;
    this.#goodLogins.set(cpId, key);
    return true;
  }

  async #intakeOnce(): Promise<void> {
    const { store, inbox, submit, logger } = this.#options;
    for (const entry of await inbox.pending()) {
      const { id } = entry.config;
      await submit(async (core) => {
        if (store.getCp(id)) {
          logger.warn({ cpId: id }, `add-cp: ${id} already exists; the new entry was dropped`);
          return;
        }
        await store.registerCp(entry.config, entry.secret);
        logger.info({ cpId: id }, `${id} added by evc central add-cp`);
        addCp(core, entry.config);
      }, `add-cp ${id}`);
      // Kept for the next pass when the store could not take it (the failure was logged).
      if (store.getCp(id)) await inbox.remove(entry);
    }
  }
}

function cp(id: string): Role {
  return { kind: 'cp', id };
}
