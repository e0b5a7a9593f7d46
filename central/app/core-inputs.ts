import type { Logger } from 'pino';
import type { DeviceCommand, DriverEvent, Reject, Ticket, Welcome } from '../../protocol/index.ts';
import { mustAwait, type CentralCore, type CpConfig, type CpSnapshot, type DriverSnapshot, type Effect, type OperatorLedgerLine, type SessionSnapshot, type SubmitInput, type TicketFields } from '../core/index.ts';

/** What the inputs write (DESIGN §5; central/store's Store). Awaited calls resolve once the change is on disk. */
export interface EffectStore {
  registerCp(cp: CpConfig, secret: string): Promise<void>;
  removeCp(cpId: string): Promise<void>;
  updateCp(cp: CpSnapshot): Promise<void>;
  saveDriver(driver: DriverSnapshot): Promise<void>;
  persistSession(session: SessionSnapshot): Promise<void>;
  persistSessionEnd(ticket: TicketFields): Promise<void>;
  holdTicket(driverId: string, ticket: Ticket): Promise<void>;
  releaseTicket(driverId: string, sessionId: string): boolean;
  appendOperatorAction(line: OperatorLedgerLine): Promise<void>;
}

/** Where messages go: the gateways. Sends are fire-and-forget; the transports keep their order. */
export interface EffectOutlets {
  sendDevice(cpId: string, message: DeviceCommand): void;
  sendDriver(driverId: string, message: DriverEvent): void;
  sendMonitor(linkId: string, message: Welcome | Reject): void;
  closeMonitorLink(linkId: string, reason: string): void;
  scheduleTick(atMs: number): void;
}

/** What the user interfaces hear (CentralOperations events). */
export interface EffectListener {
  cpUpdated(cpId: string): void;
  cpRemoved(cpId: string): void;
  sessionEnded(ticket: TicketFields): void;
  logged(level: 'info' | 'warn', message: string, fields: Record<string, unknown> | undefined): void;
}

export interface CoreInputsOptions {
  core: CentralCore;
  store: EffectStore;
  outlets: EffectOutlets;
  listener: EffectListener;
  logger: Logger;
}

/** An awaited write failed: the effects after it (acks, tells) were not carried out. */
export class EffectAbortedError extends Error {
  readonly effect: Effect;

  constructor(effect: Effect, cause: unknown) {
    super(`${effect.kind} failed (${cause instanceof Error ? cause.message : String(cause)}); later effects of this input were skipped`);
    this.name = 'EffectAbortedError';
    this.effect = effect;
    this.cause = cause;
  }
}

/**
 * Runs every input through the core, one at a time in arrival order, and carries out the
 * effects each produced (central/core/effects.ts) before the next input starts. Effects
 * marked `mustAwait` are durable before the next one runs, so an ack or a ticket never
 * leaves before the store has the session (DESIGN §5); views are told once per input, at
 * its end. A failed input is logged, never thrown: bad input or a store failure must not
 * take Central down.
 */
export class CoreInputs {
  readonly #options: CoreInputsOptions;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  #closed = false;

  constructor(options: CoreInputsOptions) {
    this.#options = options;
  }

  /** Inputs queued or running. */
  get pending(): number {
    return this.#pending;
  }

  /** Queues one input; resolves once its effects were carried out. Rejects only after `close()`. */
  submit: SubmitInput = (input, label) => {
    if (this.#closed) return Promise.reject(new Error(`Central is closing; ${label} was not handled`));
    const { core, logger } = this.#options;
    this.#pending++;
    const run = this.#tail.then(async () => {
      try {
        await input(core);
        await this.carryOut(core.takeEffects());
      } catch (error) {
        core.takeEffects(); // a half-run input's effects are dropped with it
        logger.error({ err: error, input: label }, 'input failed');
      } finally {
        this.#pending--;
      }
    });
    this.#tail = run;
    return run;
  };

  /** Stops taking inputs and waits for the queued ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
  }

  /** Carries out one input's effects in order; rejects with EffectAbortedError when an awaited write failed. */
  async carryOut(effects: readonly Effect[]): Promise<void> {
    const updated = new Set<string>();
    try {
      for (const effect of effects) {
        if (effect.kind === 'cp-updated') {
          updated.add(effect.cpId);
        } else if (mustAwait(effect)) {
          await this.#durable(effect).catch((error: unknown) => {
            throw new EffectAbortedError(effect, error);
          });
        } else {
          this.#immediate(effect);
        }
      }
    } finally {
      for (const cpId of updated) this.#options.listener.cpUpdated(cpId);
    }
  }

  async #durable(effect: Effect): Promise<void> {
    const { store, listener } = this.#options;
    switch (effect.kind) {
      case 'register-cp':
        return store.registerCp(effect.cp, effect.secret);
      case 'remove-cp':
        await store.removeCp(effect.cpId);
        listener.cpRemoved(effect.cpId);
        return;
      case 'persist-session':
        return store.persistSession(effect.session);
      case 'hold-ticket':
        return store.holdTicket(effect.driverId, effect.ticket);
      case 'persist-session-end':
        await store.persistSessionEnd(effect.ticket);
        listener.sessionEnded(effect.ticket);
        return;
      case 'ledger-append':
        return store.appendOperatorAction(effect.line);
      default:
        return this.#immediate(effect);
    }
  }

  #immediate(effect: Effect): void {
    const { store, outlets, listener, logger } = this.#options;
    const writeFailed = (what: string) => (error: unknown) => logger.error({ err: error }, `store: ${what} failed`);
    switch (effect.kind) {
      case 'send-device':
        return outlets.sendDevice(effect.cpId, effect.message);
      case 'send-driver':
        return outlets.sendDriver(effect.driverId, effect.message);
      case 'send-monitor':
        return outlets.sendMonitor(effect.linkId, effect.message);
      case 'close-monitor-link':
        return outlets.closeMonitorLink(effect.linkId, effect.reason);
      case 'persist-cp':
        return void store.updateCp(effect.cp).catch(writeFailed(`saving CP ${effect.cp.id}`));
      case 'persist-driver':
        return void store.saveDriver(effect.driver).catch(writeFailed(`saving driver ${effect.driver.id}`));
      case 'schedule-tick':
        return outlets.scheduleTick(effect.atMs);
      case 'release-ticket':
        store.releaseTicket(effect.driverId, effect.sessionId);
        return;
      case 'log': {
        logger[effect.level](effect.fields ?? {}, effect.message);
        if (effect.level !== 'debug') listener.logged(effect.level, effect.message, effect.fields);
        return;
      }
      case 'cp-updated':
      case 'register-cp':
      case 'remove-cp':
      case 'persist-session':
      case 'hold-ticket':
      case 'persist-session-end':
      case 'ledger-append':
        throw new Error(`${effect.kind} is not an immediate effect`);
    }
  }
}
