import { EvcError } from '../../protocol/errors.ts';

export type LinkErrorCode =
  | 'REFUSED' // the server answered the handshake with NACK
  | 'UNREACHABLE' // TCP connect failed (ECONNREFUSED, EHOSTUNREACH, ...)
  | 'TIMEOUT' // no handshake answer, no ACK, or no reply in time
  | 'CLOSED' // the link closed while the operation was pending
  | 'NACKED' // the peer refused a frame more times than DESIGN §4.1 allows
  | 'LISTEN'; // a server could not bind its port

/** Every failure of a framed link: a code to branch on and a sentence a person can act on. */
export class LinkError extends EvcError {
  declare readonly code: LinkErrorCode;

  constructor(code: LinkErrorCode, message: string) {
    super(code, message, 1);
    this.name = 'LinkError';
  }
}
