import type { z } from 'zod';
import { ACK, ENQ, EOT, NACK } from '../../protocol/framing/control-bytes.ts';
import type { DecodedToken } from '../../protocol/framing/decoder.ts';
import { parseMessage } from '../../protocol/parse.ts';

/** What a link does with one decoded token (DESIGN §4.1). Pure: no socket, no state. */
export type InboundAction<M> =
  | { kind: 'deliver'; message: M } // valid frame: answer ACK, hand the message up
  | { kind: 'refuse'; reason: string } // bad LRC or invalid DATA: answer NACK
  | { kind: 'acknowledged' } // the peer ACKed our oldest frame
  | { kind: 'refused' } // the peer NACKed our oldest frame
  | { kind: 'end' } // EOT: close gracefully
  | { kind: 'oversize' } // DATA over 4 KiB: close the link
  | { kind: 'ignore'; reason: string };

export function classifyToken<S extends z.ZodType>(token: DecodedToken, schema: S): InboundAction<z.infer<S>> {
  switch (token.kind) {
    case 'frame': {
      const parsed = parseMessage(schema, token.data);
      return parsed.ok ? { kind: 'deliver', message: parsed.message } : { kind: 'refuse', reason: `invalid message: ${parsed.reason}` };
    }
    case 'bad-lrc':
      return { kind: 'refuse', reason: 'bad LRC' };
    case 'oversize':
      return { kind: 'oversize' };
    case 'control':
      if (token.byte === ACK) return { kind: 'acknowledged' };
      if (token.byte === NACK) return { kind: 'refused' };
      if (token.byte === EOT) return { kind: 'end' };
      if (token.byte === ENQ) return { kind: 'ignore', reason: 'ENQ after the handshake' };
      return { kind: 'ignore', reason: `control byte 0x${(token.byte as number).toString(16)}` };
  }
}
