import assert from 'node:assert/strict';
import { classifyToken } from '../../../../bus/tcp/inbound.ts';
import { ACK, ENQ, EOT, NACK } from '../../../../protocol/framing/control-bytes.ts';
import { ping } from '../../../../protocol/messages/monitor.ts';

const frame = (value: unknown) => ({ kind: 'frame' as const, data: Buffer.from(JSON.stringify(value)) });

describe('bus/tcp classifyToken (what a link does with each token)', () => {
  it('delivers a valid message and refuses an invalid one with the reason', () => {
    const message = { type: 'ping', id: 'p', ts: 1, seq: 1 };
    assert.deepEqual(classifyToken(frame(message), ping), { kind: 'deliver', message });
    assert.deepEqual(classifyToken(frame({ ...message, seq: -1 }), ping), { kind: 'refuse', reason: 'invalid message: seq: Too small: expected number to be >=0' });
    assert.deepEqual(classifyToken({ kind: 'frame', data: Buffer.from('{') }, ping), { kind: 'refuse', reason: 'invalid message: not JSON' });
  });

  it('maps bad LRC, oversize and control bytes', () => {
    assert.deepEqual(classifyToken({ kind: 'bad-lrc' }, ping), { kind: 'refuse', reason: 'bad LRC' });
    assert.deepEqual(classifyToken({ kind: 'oversize' }, ping), { kind: 'oversize' });
    assert.deepEqual(classifyToken({ kind: 'control', byte: ACK }, ping), { kind: 'acknowledged' });
    assert.deepEqual(classifyToken({ kind: 'control', byte: NACK }, ping), { kind: 'refused' });
    assert.deepEqual(classifyToken({ kind: 'control', byte: EOT }, ping), { kind: 'end' });
    assert.equal(classifyToken({ kind: 'control', byte: ENQ }, ping).kind, 'ignore');
  });
});
