// What kafkajs errors mean for a bus: an outage to wait through, or a refusal to tell at once.
import type { Logger } from '../../base/logger.ts';
import { isCertificateError } from '../errors.ts';
import type { KafkaEndpoint } from '../url.ts';

/** How long a publish waits through a broker outage before it fails. */
const OUTAGE_LIMIT_MS = 60_000;

/**
 * A send that meets a broker restart waits for the broker and is sent again (DESIGN §4.4:
 * no driver request or session-ended lost across a broker restart), up to OUTAGE_LIMIT_MS;
 * then, or once the bus is closed, it fails as before.
 */
export async function sendThroughOutage<T>(send: () => Promise<T>, bus: { closed(): boolean; brokerLost(): boolean; logger: Logger }): Promise<T> {
  const deadline = Date.now() + OUTAGE_LIMIT_MS;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (bus.closed() || Date.now() > deadline || !isConnectionError(error)) throw error;
      bus.logger.warn({ err: (error as Error).message }, 'kafka publish met a broker outage; waiting for the broker');
      while (!bus.closed() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        if (!bus.brokerLost()) break;
      }
    }
  }
}

/** kafkajs errors that mean the broker could not be reached (not a refusal of the records). */
function isConnectionError(error: unknown): boolean {
  for (let current = error as { name?: string; message?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.name === 'KafkaJSConnectionError' || current.name === 'KafkaJSConnectionClosedError') return true;
    if (/ECONNREFUSED|ECONNRESET|Connection error|Closed connection|disconnected/i.test(current.message ?? '')) return true;
  }
  return false;
}

/**
 * Why a first connect failed, when the brokers answered and said no: a wrong login, or a
 * mechanism they do not offer. kafkajs does not retry these, so the answer comes at once.
 * A broker that wants a login or TLS from a client that offers neither just closes the
 * connection: that is told as a likely cause, not as a certain refusal.
 */
export function describeConnectFailure(error: unknown, endpoint: KafkaEndpoint): { kind: 'refused' | 'untrusted' | 'unreachable'; reason: string } {
  for (let current = error as { name?: string; message?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.name === 'KafkaJSSASLAuthenticationError') return { kind: 'refused', reason: current.message ?? 'SASL authentication failed' };
    if (/does not support the requested SASL mechanism/i.test(current.message ?? '')) {
      return { kind: 'refused', reason: `it does not offer SASL ${endpoint.sasl ?? ''}; ask its operator which mechanism (?sasl=plain|scram-sha-256|scram-sha-512)` };
    }
  }
  const message = (error as Error).message;
  if (isCertificateError(error)) return { kind: 'untrusted', reason: message };
  if (!endpoint.sasl && /Closed connection|ECONNRESET/i.test(message)) {
    return { kind: 'unreachable', reason: `${message}: a broker that wants a login or TLS closes the connection; say so in the URL (?sasl=scram-sha-256, ?tls=true)` };
  }
  return { kind: 'unreachable', reason: message };
}
