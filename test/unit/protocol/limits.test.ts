import assert from 'node:assert/strict';
import { LIMITS, hello, parseMessage, sessionEnded, deviceTelemetry as telemetry, ticket, authorize, progress } from '../../../protocol/index.ts';

const env = { id: 'm1', ts: 1_700_000_000_000 };
const ok = (schema: Parameters<typeof parseMessage>[0], value: object): boolean => parseMessage(schema, JSON.stringify(value)).ok;

describe('protocol/limits (issue 9: every number finite and bounded at the schema)', () => {
  it('refuses the kWh claims of the attack (1e6 is allowed by the schema, 1e12 and 1e308 are not)', () => {
    const ended = { type: 'session-ended', ...env, sessionId: 's', durationS: 1.5, reason: 'unplugged' };
    assert.ok(ok(sessionEnded, { ...ended, kWh: 1_000_000 }));
    assert.equal(ok(sessionEnded, { ...ended, kWh: 1e12 }), false);
    assert.equal(ok(sessionEnded, { ...ended, kWh: 1e308 }), false);
    // JSON.parse turns 1e309 into Infinity: zod 4 refuses non-finite numbers.
    assert.equal(parseMessage(sessionEnded, `{"type":"session-ended","id":"m","ts":1,"sessionId":"s","kWh":1e309,"durationS":1,"reason":"unplugged"}`).ok, false);
    assert.equal(ok(sessionEnded, { ...ended, kWh: 1, durationS: LIMITS.maxDurationS + 1 }), false);
  });

  it('bounds telemetry power and energy', () => {
    const reading = { type: 'telemetry', ...env, sessionId: 's' };
    assert.ok(ok(telemetry, { ...reading, kW: 7.4, kWh: 3 }));
    assert.equal(ok(telemetry, { ...reading, kW: LIMITS.maxPowerKw + 1, kWh: 3 }), false);
    assert.equal(ok(telemetry, { ...reading, kW: 7, kWh: 1e12 }), false);
    assert.equal(ok(telemetry, { ...reading, kW: -1, kWh: 3 }), false);
  });

  it('bounds price, max power and epoch-ms fields', () => {
    const base = { type: 'hello', ...env, cpId: 'CP1', secret: 's', location: { label: 'Lab' } };
    assert.equal(ok(hello, { ...base, pricePerKwh: 1e300 }), false);
    assert.equal(ok(hello, { ...base, maxPowerKw: 1e9 }), false);
    assert.equal(ok(hello, { ...base, ts: 1e300 }), false);
    assert.equal(ok(authorize, { type: 'authorize', ...env, sessionId: 's', driverId: 'D1', expiresAt: Number.MAX_VALUE }), false);
    assert.equal(ok(progress, { type: 'progress', ...env, sessionId: 's', kW: 1, kWh: 1, amount: 1e200 }), false);
  });

  it('the largest energy at the largest price is a finite amount within the amount bound', () => {
    const amount = LIMITS.maxEnergyKwh * LIMITS.maxPricePerKwh;
    assert.ok(Number.isFinite(amount) && amount <= LIMITS.maxAmount);
    const aTicket = {
      type: 'ticket', ...env, sessionId: 's', cpId: 'CP1', driverId: 'D1', startedAt: 1, endedAt: 2, durationS: 1,
      kWh: LIMITS.maxEnergyKwh, pricePerKwh: LIMITS.maxPricePerKwh, amount, currency: 'EUR', reason: 'unplugged',
    };
    assert.ok(ok(ticket, aTicket));
  });
});
