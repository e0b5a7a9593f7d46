import type { z } from 'zod';
import { parseMessage } from '../protocol/index.ts';
import type { Bus, BusMessage, Subscription } from './bus.ts';
import { MalformedPayloadError } from './errors.ts';

export type MessageHandler<T> = (message: T, delivery: BusMessage) => void | Promise<void>;

/**
 * Subscribes with a schema: each payload is parsed with parseMessage; a bad one is dropped
 * and reported as a MalformedPayloadError on the bus 'error' event (topic + reason) instead
 * of reaching the handler. Later good messages are delivered as usual.
 */
export function subscribeMessages<S extends z.ZodType>(
  bus: Bus,
  pattern: string,
  schema: S,
  handler: MessageHandler<z.infer<S>>,
): Promise<Subscription> {
  return bus.subscribe(pattern, (delivery) => {
    const result = parseMessage(schema, delivery.payload);
    // Thrown, not emitted: the bus reports it (its 'error' event, or its log when nobody listens).
    if (!result.ok) throw new MalformedPayloadError(delivery.topic, result.reason);
    return handler(result.message, delivery);
  });
}
