import { topicMatches } from '../protocol/index.ts';
import type { BusHandler, BusMessage } from './bus.ts';
import { HandlerError, MalformedPayloadError } from './errors.ts';

export interface Registration {
  /** True when this was the first handler on its pattern (the broker must be told). */
  readonly first: boolean;
  /** Removes the handler; true when its pattern has no handler left. */
  remove(): boolean;
}

/**
 * Which handlers listen on which MQTT-style patterns, shared by every bus kind.
 * Handlers are called in delivery order; an async handler is not awaited before the
 * next message (awaiting would let a handler that publishes and waits for its own
 * ack stall the connection it needs), and its failure becomes a HandlerError.
 */
export class HandlerRegistry {
  readonly #byPattern = new Map<string, Set<{ handler: BusHandler }>>();

  add(pattern: string, handler: BusHandler): Registration {
    let entries = this.#byPattern.get(pattern);
    const first = !entries;
    if (!entries) {
      entries = new Set();
      this.#byPattern.set(pattern, entries);
    }
    const entry = { handler };
    entries.add(entry);
    const set = entries;
    return {
      first,
      remove: () => {
        if (!set.delete(entry)) return false;
        if (set.size > 0 || this.#byPattern.get(pattern) !== set) return false;
        this.#byPattern.delete(pattern);
        return true;
      },
    };
  }

  get patterns(): string[] {
    return [...this.#byPattern.keys()];
  }

  matches(topic: string): boolean {
    for (const pattern of this.#byPattern.keys()) if (topicMatches(pattern, topic)) return true;
    return false;
  }

  /** Calls every handler whose pattern matches `message.topic`; returns how many were called. */
  dispatch(message: BusMessage, onError: (error: Error) => void): number {
    let called = 0;
    for (const [pattern, entries] of this.#byPattern) {
      if (!topicMatches(pattern, message.topic)) continue;
      for (const { handler } of [...entries]) {
        called++;
        HandlerRegistry.invoke(handler, message, onError);
      }
    }
    return called;
  }

  /** Calls the handlers of exactly `pattern` (a bus that subscribes per pattern); returns how many were called. */
  dispatchTo(pattern: string, message: BusMessage, onError: (error: Error) => void): number {
    const entries = this.#byPattern.get(pattern);
    if (!entries) return 0;
    for (const { handler } of [...entries]) HandlerRegistry.invoke(handler, message, onError);
    return entries.size;
  }

  /**
   * Calls one handler; a throw or a rejection becomes a HandlerError passed to onError
   * (a MalformedPayloadError from subscribeMessages is passed on as it is).
   */
  static invoke(handler: BusHandler, message: BusMessage, onError: (error: Error) => void): void {
    const fail = (error: unknown): void =>
      onError(error instanceof MalformedPayloadError ? error : new HandlerError(message.topic, error));
    try {
      const result = handler(message);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  }
}
