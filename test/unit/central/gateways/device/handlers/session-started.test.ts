import assert from 'node:assert/strict';
import { aCore, aSessionStarted, charging, connect, deviceMessages, reserve, trace } from '../../../builders.ts';

describe('central/gateways/device/handlers/session-started (DESIGN §4.4)', () => {
  describe('session-started for a session that is not active', () => {
    it('ends a supply Central never authorized (reason fault)', () => {
      const { core } = aCore();
      connect(core);
      const effects = core.deviceEvent('CP1', aSessionStarted('S-rogue', 'D9'));
      assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => [m.sessionId, m.reason]), [['S-rogue', 'fault']]);
    });

    it('ends a supply that started after its reservation expired (reason expired)', () => {
      const { core, clock } = aCore({ heartbeatMs: 120_000 });
      connect(core);
      const sessionId = reserve(core);
      clock.advance(60_000);
      core.tick();
      const effects = core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1'));
      assert.deepEqual(deviceMessages(effects, 'CP1', 'end-session').map((m) => m.reason), ['expired']);
      assert.equal(core.cpView('CP1')?.state, 'AVAILABLE');
    });

    it('ignores a repeated session-started for a running session, only acknowledging it again', () => {
      const { core } = aCore();
      const sessionId = charging(core);
      assert.deepEqual(trace(core.deviceEvent('CP1', aSessionStarted(sessionId, 'D1'))), ['send-device:ack']);
    });
  });
});
