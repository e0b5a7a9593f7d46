import type { logCreator } from 'kafkajs';
import { loadKafkaJs } from './kafkajs.ts';
import type { Logger } from '../../base/logger.ts';

/** kafkajs's own advice when retries are bounded; bounded is the choice here (publish must fail, not hang). */
const EXPECTED = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/** Sends kafkajs warnings and errors to the bus logger (pino); everything below warn is dropped. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const { logLevel } = loadKafkaJs();
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      if (EXPECTED.has(message)) return;
      const fields = { kafkajs: namespace, ...extra };
      // Every error response is logged by the connection, retriable ones included; what
      // finally fails reaches the caller as a rejected publish/subscribe or an 'error' event.
      if (namespace === 'Connection') logger.debug(fields, message);
      else if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
    };
}
