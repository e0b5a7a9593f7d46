import assert from 'node:assert/strict';
import {
  centralToMonitor,
  engineLink,
  health,
  hello,
  monitorToCentral,
  ping,
  pong,
  reject,
  welcome,
} from '../../../../protocol/messages/monitor.ts';
import { parseMessage } from '../../../../protocol/parse.ts';
import { describeSchema, envelope } from './schema-cases.ts';

const aHello = {
  type: 'hello',
  ...envelope,
  cpId: 'CP1',
  secret: 's3cret',
  location: { label: 'Lab 1', lat: 38.38, lon: -0.51 },
  pricePerKwh: 0.35,
  maxPowerKw: 7.4,
};

describe('protocol/messages/monitor (DESIGN §4.2–4.3)', () => {
  describeSchema(hello, aHello, [
    { name: 'a CP id with a slash', change: (m) => (m.cpId = 'CP/1'), reason: /^cpId: CP ids are 1-64 letters/ },
    { name: 'no secret', change: (m) => delete m.secret, reason: /^secret: / },
    { name: 'an empty secret', change: (m) => (m.secret = ''), reason: /^secret: / },
    { name: 'a location without label', change: (m) => (m.location = { lat: 1 }), reason: /^location\.label: / },
    { name: 'a latitude of 91', change: (m) => (m.location = { label: 'x', lat: 91 }), reason: /^location\.lat: / },
    { name: 'a negative price', change: (m) => (m.pricePerKwh = -0.1), reason: /^pricePerKwh: / },
    { name: 'zero max power', change: (m) => (m.maxPowerKw = 0), reason: /^maxPowerKw: / },
  ]);

  it('hello: price, power and coordinates are optional', () => {
    const minimal = { type: 'hello', ...envelope, cpId: 'CP1', secret: 's', location: { label: 'Lab' } };
    assert.ok(parseMessage(hello, JSON.stringify(minimal)).ok);
  });

  describeSchema(health, { type: 'health', ...envelope, cpId: 'CP1', engine: 'unreachable', detail: 'no pong for 1000 ms' }, [
    { name: 'an unknown engine health', change: (m) => (m.engine = 'broken'), reason: /^engine: / },
    { name: 'no cpId', change: (m) => delete m.cpId, reason: /^cpId: / },
    { name: 'a detail over 500 characters', change: (m) => (m.detail = 'x'.repeat(501)), reason: /^detail: / },
  ]);

  describeSchema(welcome, { type: 'welcome', ...envelope, re: 'hello-1', cpId: 'CP1', heartbeatMs: 1000 }, [
    { name: 'a zero heartbeat', change: (m) => (m.heartbeatMs = 0), reason: /^heartbeatMs: / },
    { name: 'a fractional heartbeat', change: (m) => (m.heartbeatMs = 1000.5), reason: /^heartbeatMs: / },
    { name: 'an empty re', change: (m) => (m.re = ''), reason: /^re: / },
  ]);

  describeSchema(reject, { type: 'reject', ...envelope, re: 'hello-1', code: 'BAD_SECRET', message: 'wrong secret for CP1' }, [
    { name: 'an unknown code', change: (m) => (m.code = 'NOPE'), reason: /^code: / },
    { name: 'no message', change: (m) => delete m.message, reason: /^message: / },
  ]);

  describeSchema(ping, { type: 'ping', ...envelope, seq: 7 }, [
    { name: 'a negative seq', change: (m) => (m.seq = -1), reason: /^seq: / },
    { name: 'no seq', change: (m) => delete m.seq, reason: /^seq: / },
  ]);

  describeSchema(pong, { type: 'pong', ...envelope, re: 'ping-7', seq: 7, health: 'ok', state: 'CHARGING', sessionId: 'S1' }, [
    { name: 'health unreachable (only the Monitor judges that)', change: (m) => (m.health = 'unreachable'), reason: /^health: / },
    { name: 'the DISCONNECTED state (only Central judges that)', change: (m) => (m.state = 'DISCONNECTED'), reason: /^state: / },
  ]);

  describe('channel unions', () => {
    const aHealth = { type: 'health', ...envelope, cpId: 'CP1', engine: 'ok' };
    const aPing = { type: 'ping', ...envelope, seq: 1 };
    const aWelcome = { type: 'welcome', ...envelope, cpId: 'CP1', heartbeatMs: 1000 };

    it('Monitor → Central carries hello and health only', () => {
      assert.ok(parseMessage(monitorToCentral, JSON.stringify(aHello)).ok);
      assert.ok(parseMessage(monitorToCentral, JSON.stringify(aHealth)).ok);
      assert.equal(parseMessage(monitorToCentral, JSON.stringify(aPing)).ok, false);
    });

    it('Central → Monitor carries welcome and reject only', () => {
      assert.ok(parseMessage(centralToMonitor, JSON.stringify(aWelcome)).ok);
      assert.equal(parseMessage(centralToMonitor, JSON.stringify(aHealth)).ok, false);
    });

    it('the engine link carries ping, pong and the pushed health', () => {
      assert.ok(parseMessage(engineLink, JSON.stringify(aPing)).ok);
      assert.ok(parseMessage(engineLink, JSON.stringify(aHealth)).ok);
      const result = parseMessage(engineLink, JSON.stringify(aHello));
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, /type/);
    });
  });
});
