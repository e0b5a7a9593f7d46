import { LinkError } from './errors.ts';
import type { Timers } from './timers.ts';

interface Outgoing {
  frame: Buffer;
  label: string;
  resends: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface SendQueueOptions {
  write(frame: Buffer): void;
  /** No ACK or NACK within this time drops the link (TCP is reliable: a silent peer is stuck). */
  ackTimeoutMs: number;
  /** DESIGN §4.1: a NACKed frame is resent up to 3 times, then the link is dropped. */
  maxResends: number;
  /** Called once the queue gives up on a frame; the link must close. */
  onGiveUp(reason: string): void;
  timers: Timers;
}

/**
 * One frame in flight at a time (DESIGN §4.1): an ACK or NACK always answers the oldest
 * unacknowledged frame, so the next frame leaves only after the previous one is settled.
 */
export class SendQueue {
  readonly #options: SendQueueOptions;
  readonly #queue: Outgoing[] = [];
  #timer: unknown;
  #failed = false;

  constructor(options: SendQueueOptions) {
    this.#options = options;
  }

  /** Frames waiting, including the one in flight. */
  get length(): number {
    return this.#queue.length;
  }

  /** Resolves when the peer ACKs the frame; rejects when it is given up or the link closes. */
  enqueue(frame: Buffer, label: string): Promise<void> {
    if (this.#failed) return Promise.reject(new LinkError('CLOSED', `cannot send ${label}: the link is closed`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ frame, label, resends: 0, resolve, reject });
      if (this.#queue.length === 1) this.#transmit();
    });
  }

  /** The peer acknowledged the oldest frame. False when nothing was in flight. */
  acknowledge(): boolean {
    const head = this.#queue.shift();
    if (!head) return false;
    this.#stopTimer();
    head.resolve();
    if (this.#queue.length > 0) this.#transmit();
    return true;
  }

  /** The peer refused the oldest frame: resend it, or give up after `maxResends`. */
  refuse(): boolean {
    const head = this.#queue[0];
    if (!head) return false;
    this.#stopTimer();
    if (head.resends >= this.#options.maxResends) {
      this.#giveUp(new LinkError('NACKED', `peer refused ${head.label} ${head.resends + 1} times; dropping the link`));
      return true;
    }
    head.resends += 1;
    this.#transmit();
    return true;
  }

  /** Rejects every queued frame and stops the timer; later enqueues reject at once. */
  failAll(error: Error): void {
    this.#failed = true;
    this.#stopTimer();
    for (const item of this.#queue.splice(0)) item.reject(error);
  }

  #transmit(): void {
    const head = this.#queue[0]!;
    this.#options.write(head.frame);
    const { ackTimeoutMs } = this.#options;
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#timer = undefined;
      this.#giveUp(new LinkError('TIMEOUT', `peer did not acknowledge ${head.label} within ${ackTimeoutMs} ms; dropping the link`));
    }, ackTimeoutMs);
  }

  #giveUp(error: LinkError): void {
    const head = this.#queue.shift();
    head?.reject(error);
    this.failAll(new LinkError('CLOSED', `link dropped before the frame was acknowledged: ${error.message}`));
    this.#options.onGiveUp(error.message);
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
