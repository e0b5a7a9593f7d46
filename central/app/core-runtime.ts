import type { Logger } from 'pino';
import type { CentralCore, Effect } from '../core/index.ts';
import { EffectRunner, type EffectListener, type EffectOutlets, type EffectStore } from './effect-runner.ts';
import { SerialQueue } from './serial-queue.ts';

/** One input to the core: a call that returns its effects (it may await a store read first). */
export type CoreInput = (core: CentralCore) => Effect[] | Promise<Effect[]>;

/** How gateways hand an input to the core; resolves once its effects were carried out. */
export type SubmitInput = (input: CoreInput, label: string) => Promise<void>;

export interface CoreRuntimeOptions {
  core: CentralCore;
  store: EffectStore;
  outlets: EffectOutlets;
  listener: EffectListener;
  logger: Logger;
}

/**
 * Serialises every input through the core and its effects (one at a time, in arrival
 * order) so the order DESIGN §5 asks for holds across inputs too: an input's awaited
 * writes finish before the next input reaches the core.
 */
export class CoreRuntime {
  readonly #core: CentralCore;
  readonly #queue = new SerialQueue();
  readonly #runner: EffectRunner;
  readonly #logger: Logger;
  #closed = false;

  constructor(options: CoreRuntimeOptions) {
    this.#core = options.core;
    this.#logger = options.logger;
    this.#runner = new EffectRunner(options);
  }

  /** The core, for synchronous reads (views). Inputs go through `submit`. */
  get core(): CentralCore {
    return this.#core;
  }

  /** Inputs queued or running. */
  get pending(): number {
    return this.#queue.pending;
  }

  /**
   * Queues one input. Never rejects for a failed input (it is logged: bad input or a store
   * failure must not take Central down); rejects only after `close()`.
   */
  submit: SubmitInput = (input, label) => {
    if (this.#closed) return Promise.reject(new Error(`Central is closing; ${label} was not handled`));
    return this.#queue.push(async () => {
      try {
        const effects = await input(this.#core);
        await this.#runner.run(effects);
      } catch (error) {
        this.#logger.error({ err: error, input: label }, 'input failed');
      }
    });
  };

  /** Stops taking inputs and waits for the queued ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.idle();
  }
}
