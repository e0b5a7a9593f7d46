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
  /** The pending CPs changed (registration approve). */
  pendingUpdated(): void;
  sessionEnded(ticket: TicketFields): void;
  logged(level: 'info' | 'warn', message: string, fields: Record<string, unknown> | undefined): void;
  rejected(source: string, reason: string): void;
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
 * effects each produced (central/core/effects.ts) in that same order. A durable write
 * (`mustAwait`) starts as soon as its input ran, and every effect after it (of that input or
 * a later one) waits until it is on disk, so an ack or a ticket never leaves before the store
 * has the session (DESIGN §5). The next input does not wait for the disk: writes of inputs that
 * follow each other join one journal sync (group commit), and a session start costs the queue
 * no fsync. Views are told once per input, after its effects. A failed input is logged, never
 * thrown: bad input or a store failure must not take Central down.
 */
export class CoreInputs {
  readonly #options: CoreInputsOptions;
  /** Inputs, one at a time. */
  #tail: Promise<void> = Promise.resolve();
  /** Effects of every input, in order, each after the durable writes before it. */
  #line: Promise<void> = Promise.resolve();
  #pending = 0;
  #closed = false;

  constructor(options: CoreInputsOptions) {
    this.#options = options;
  }

  /** Inputs queued or running, or whose effects wait for the disk. */
  get pending(): number {
    return this.#pending;
  }

  /** Queues one input; resolves once its effects were carried out. Rejects only after `close()`. */
  submit: SubmitInput = (input, label) => {
    if (this.#closed) return Promise.reject(new Error(`Central is closing; ${label} was not handled`));
    const { core, logger } = this.#options;
    this.#pending++;
    let effectsDone: Promise<void> = Promise.resolve();
    const ran = this.#tail.then(async () => {
      try {
        await input(core);
        effectsDone = this.carryOut(core.takeEffects());
      } catch (error) {
        core.takeEffects(); // a half-run input's effects are dropped with it
        throw error;
      }
    });
    this.#tail = ran.catch(() => undefined);
    return ran
      .then(() => effectsDone)
      .catch((error: unknown) => logger.error({ err: error, input: label }, 'input failed'))
      .finally(() => void this.#pending--);
  };

  /** Stops taking inputs and waits for the queued ones and their effects. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    await this.#line;
  }

  /**
   * Carries out one input's effects in order, after every effect handed in before; durable
   * writes start at once. Rejects with EffectAbortedError when a write failed: what followed
   * it in this input was not carried out.
   */
  carryOut(effects: readonly Effect[]): Promise<void> {
    const updated = new Set<string>();
    let pendingUpdated = false;
    const steps: (() => void | Promise<void>)[] = [];
    for (const effect of effects) {
      if (effect.kind === 'cp-updated') {
        updated.add(effect.cpId);
      } else if (effect.kind === 'pending-updated') {
        pendingUpdated = true;
      } else if (mustAwait(effect)) {
        const written = this.#durable(effect).catch((error: unknown) => {
          throw new EffectAbortedError(effect, error);
        });
        written.catch(() => undefined); // reported when its turn in the line comes
        steps.push(async () => {
          await written;
          if (effect.kind === 'persist-session-end') this.#options.listener.sessionEnded(effect.ticket);
          if (effect.kind === 'remove-cp') this.#options.listener.cpRemoved(effect.cpId);
        });
      } else {
        steps.push(() => this.#immediate(effect));
      }
    }
    const run = async (): Promise<void> => {
      try {
        for (const step of steps) await step();
      } finally {
        for (const cpId of updated) this.#options.listener.cpUpdated(cpId);
        if (pendingUpdated) this.#options.listener.pendingUpdated();
      }
    };
    const done = this.#line.then(run);
    this.#line = done.catch(() => undefined);
    return done;
  }

  #durable(effect: Effect): Promise<void> {
    const { store } = this.#options;
    switch (effect.kind) {
      case 'register-cp':
        return store.registerCp(effect.cp, effect.secret);
      case 'remove-cp':
        return store.removeCp(effect.cpId);
      case 'persist-session':
        return store.persistSession(effect.session);
      case 'hold-ticket':
        return store.holdTicket(effect.driverId, effect.ticket);
      case 'persist-session-end':
        return store.persistSessionEnd(effect.ticket);
      case 'ledger-append':
        return store.appendOperatorAction(effect.line);
      default:
        return Promise.reject(new Error(`${effect.kind} is not a durable effect`));
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
      case 'rejected':
        return listener.rejected(effect.source, effect.reason);
      case 'cp-updated':
      case 'pending-updated':
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
