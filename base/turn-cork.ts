/** What a TurnCork needs of a socket or stream. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Holds a socket's writes (cork) from the first one in a turn of the event loop until the
 * turn ends, so that everything written meanwhile leaves in one syscall: an MQTT packet that
 * mqtt-packet writes in four pieces, the PUBACKs and the publishes of one batch of input.
 * `defer` is the end of the turn: `setImmediate` (after this poll phase's I/O, the most
 * batching) or `process.nextTick` (after the current callback, the least delay).
 */
export class TurnCork {
  readonly #stream: Corkable;
  readonly #defer: (release: () => void) => void;
  #held = false;

  constructor(stream: Corkable, defer: (release: () => void) => void = setImmediate) {
    this.#stream = stream;
    this.#defer = defer;
  }

  /** Call before each write. */
  hold(): void {
    if (this.#held) return;
    this.#held = true;
    this.#stream.cork();
    this.#defer(() => this.release());
  }

  /** Lets what is held go now: before an end or a destroy, which would drop it. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#stream.uncork();
  }
}
