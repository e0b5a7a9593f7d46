import { EvcError } from '../protocol/index.ts';

const URL_FORMS = 'use mqtt://host:port, mqtts://host:port or kafka://host:port[,host:port][?sasl=scram-sha-256&tls=true]';

/** A bus URL that is not one of the DESIGN §4.6 forms. Bad usage: exit code 2. */
export class BusUrlError extends EvcError {
  constructor(url: string, why: string) {
    // The URL is shown, its password never: errors reach terminals and logs.
    const shown = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?]*):[^@/?]*@/i, '$1:***@');
    super('BAD_BUS_URL', `bad bus URL "${shown}": ${why}; ${URL_FORMS}`, 2);
    this.name = 'BusUrlError';
  }
}

/** No broker answered: the connect timeout passed, or connecting failed outright. */
export class BusUnreachableError extends EvcError {
  constructor(url: string, timeoutMs: number, cause?: string) {
    const detail = cause ? `${cause}, gave up after ${timeoutMs} ms` : `no answer within ${timeoutMs} ms`;
    super('BUS_UNREACHABLE', `cannot reach the broker at ${url} (${detail}); is it running and reachable?`);
    this.name = 'BusUnreachableError';
  }
}

/** MQTT 3.1.1 §3.2.2.3: what a CONNACK return code refuses. */
export const CONNACK_REFUSALS: Readonly<Record<number, string>> = {
  1: 'unacceptable protocol version',
  2: 'client id rejected',
  3: 'server unavailable',
  4: 'bad username or password',
  5: 'not authorized',
};

/** The broker answered but refused the login (bad credentials, not authorized, id rejected). */
export class BusRefusedError extends EvcError {
  /** The broker's own words: `bad username or password`, `not authorized`, a SASL failure, … */
  readonly reason: string;

  constructor(url: string, reason: string) {
    super('BUS_REFUSED', `the broker at ${url} refused the connection: ${reason}; check the username and password`);
    this.name = 'BusRefusedError';
    this.reason = reason;
  }

  /** The login itself was refused (MQTT CONNACK 4 or 5): trying again with it will not help. */
  get loginRefused(): boolean {
    return this.reason === CONNACK_REFUSALS[4] || this.reason === CONNACK_REFUSALS[5];
  }
}

/** Node's codes for a server certificate the client could not verify (not a network fault: retrying will not help). */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isCertificateError(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (typeof current.code === 'string' && CERTIFICATE_CODES.has(current.code)) return true;
  }
  return false;
}

/** The broker's TLS certificate is not one this client trusts (a private CA not given, a wrong host name). */
export class BusUntrustedError extends EvcError {
  constructor(url: string, reason: string) {
    super('BUS_UNTRUSTED', `the broker at ${url} has a certificate this client does not trust (${reason}); give the CA that signed it with --bus-ca FILE`);
    this.name = 'BusUntrustedError';
  }
}

/** The broker refused a subscription (an ACL denies the pattern). */
export class SubscribeRefusedError extends EvcError {
  readonly pattern: string;

  constructor(pattern: string) {
    super('SUBSCRIBE_REFUSED', `the broker refused the subscription to "${pattern}" (not authorized for this identity)`);
    this.name = 'SubscribeRefusedError';
    this.pattern = pattern;
  }
}

/** A publish larger than `maxPayloadBytes`; nothing was sent. */
export class PayloadTooLargeError extends EvcError {
  readonly topic: string;
  readonly sizeBytes: number;
  readonly limitBytes: number;

  constructor(topic: string, sizeBytes: number, limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `payload for ${topic} is ${sizeBytes} bytes, over the ${limitBytes}-byte limit; nothing was sent`);
    this.name = 'PayloadTooLargeError';
    this.topic = topic;
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }
}

/** A delivered payload that is not a valid message for its channel; it was dropped, not handled. */
export class MalformedPayloadError extends EvcError {
  readonly topic: string;
  readonly reason: string;

  constructor(topic: string, reason: string) {
    super('MALFORMED_PAYLOAD', `dropped a malformed message on ${topic}: ${reason}`);
    this.name = 'MalformedPayloadError';
    this.topic = topic;
    this.reason = reason;
  }
}

/** A subscription handler threw or rejected; the bus carried on. */
export class HandlerError extends EvcError {
  readonly topic: string;

  constructor(topic: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('HANDLER_FAILED', `a handler for ${topic} failed: ${why}`);
    this.name = 'HandlerError';
    this.topic = topic;
    this.cause = cause;
  }
}

/** The bus was used after close(), or closed while the operation was pending. */
export class BusClosedError extends EvcError {
  constructor(what: string) {
    super('BUS_CLOSED', `${what}: the bus is closed`);
    this.name = 'BusClosedError';
  }
}

/** publish/subscribe before connect(). */
export class BusNotConnectedError extends EvcError {
  constructor(what: string) {
    super('BUS_NOT_CONNECTED', `${what}: call connect() first`);
    this.name = 'BusNotConnectedError';
  }
}
