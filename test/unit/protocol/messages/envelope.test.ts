import assert from 'node:assert/strict';
import { z } from 'zod';
import { cpId, driverId, message, sessionId } from '../../../../protocol/messages/envelope.ts';

const ping = message('ping', { count: z.number().int() });
const pong = message('pong', { re: z.string().min(1) });

describe('protocol/messages/envelope', () => {
  it('a message schema is the envelope plus a literal type and its own fields', () => {
    const parsed = ping.parse({ type: 'ping', id: 'm1', ts: 1_714_564_800_000, count: 3 });
    assert.deepEqual(parsed, { type: 'ping', id: 'm1', ts: 1_714_564_800_000, count: 3 });
    assert.equal(ping.safeParse({ type: 'pong', id: 'm1', ts: 1_714_564_800_000, count: 3 }).success, false, 'wrong type');
    assert.equal(ping.safeParse({ type: 'ping', ts: 1_714_564_800_000, count: 3 }).success, false, 'no id');
    assert.equal(ping.safeParse({ type: 'ping', id: 'm1', count: 3 }).success, false, 'no ts');
    assert.equal(ping.safeParse({ type: 'ping', id: '', ts: 1_714_564_800_000, count: 3 }).success, false, 'empty id');
    assert.equal(ping.safeParse({ type: 'ping', id: 'x'.repeat(129), ts: 1_714_564_800_000, count: 3 }).success, false, 'id over 128');
  });

  it('re is optional on the envelope, and a reply makes it required by naming it', () => {
    assert.equal(ping.safeParse({ type: 'ping', id: 'm1', ts: 1_714_564_800_000, count: 1, re: 'm0' }).success, true);
    assert.equal(pong.safeParse({ type: 'pong', id: 'm2', ts: 1_714_564_800_000 }).success, false, 'a reply without re');
    assert.equal(pong.safeParse({ type: 'pong', id: 'm2', ts: 1_714_564_800_000, re: 'm1' }).success, true);
  });

  it('CP and driver ids follow the one id rule and say it when refused', () => {
    assert.equal(cpId.safeParse('CP-1').success, true);
    assert.equal(driverId.safeParse('alice_2').success, true);
    const refused = cpId.safeParse('cp/1');
    assert.equal(refused.success, false);
    assert.match(refused.error!.issues[0]!.message, /CP ids are 1-64 letters, digits, _ or -/);
    assert.match(driverId.safeParse('a.b').error!.issues[0]!.message, /driver ids are/);
    assert.equal(sessionId.safeParse('').success, false);
    assert.equal(sessionId.safeParse('s-1').success, true);
  });
});
