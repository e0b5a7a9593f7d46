import assert from 'node:assert/strict';
import { aCore, aSessionEnded, charging, connect, deviceMessages, driverMessages, ofKind, trace } from '../../../builders.ts';

describe('central/gateways/device/handlers/session-ended (DESIGN §4.4)', () => {
  it('acks a redelivered session-ended again but bills it once', () => {
    const { core } = aCore();
    const sessionId = charging(core);
    const ended = aSessionEnded(sessionId);
    const first = core.deviceEvent('CP1', ended);
    const again = core.deviceEvent('CP1', ended);
    assert.equal(driverMessages(first, 'D1', 'ticket').length, 1);
    assert.deepEqual(trace(again), ['send-device:ack']);
    assert.equal(deviceMessages(again, 'CP1', 'ack')[0]!.re, ended.id);
  });

  it('acks a session-ended for a session or CP it does not know, so the outbox clears', () => {
    const { core } = aCore();
    connect(core);
    const unknownSession = core.deviceEvent('CP1', aSessionEnded('S-lost'));
    assert.equal(deviceMessages(unknownSession, 'CP1', 'ack').length, 1);
    assert.equal(ofKind(unknownSession, 'persist-session-end').length, 0);
    const unknownCp = core.deviceEvent('CP9', aSessionEnded('S-x'));
    assert.equal(deviceMessages(unknownCp, 'CP9', 'ack').length, 1);
  });

  it('ignores a session-ended from a CP the session does not belong to (acks it)', () => {
    const { core } = aCore();
    connect(core, 'CP2');
    const sessionId = charging(core);
    const effects = core.deviceEvent('CP2', aSessionEnded(sessionId));
    assert.equal(driverMessages(effects, 'D1', 'ticket').length, 0);
    assert.equal(core.cpView('CP1')?.state, 'CHARGING');
  });
});
