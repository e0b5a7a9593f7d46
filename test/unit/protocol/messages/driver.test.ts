import assert from 'node:assert/strict';
import {
  accepted,
  authorized,
  chargeRequest,
  cps,
  cpStateEvent,
  denied,
  driverEvent,
  driverRequest,
  listCpsRequest,
  progress,
  statusRequest,
  stopRequest,
  ticket,
} from '../../../../protocol/messages/driver.ts';
import { parseMessage } from '../../../../protocol/parse.ts';
import { describeSchema, envelope } from './schema-cases.ts';

const aTicket = {
  type: 'ticket',
  ...envelope,
  sessionId: 'S1',
  cpId: 'CP1',
  driverId: 'D1',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_900_000,
  durationS: 900,
  kWh: 1.85,
  pricePerKwh: 0.35,
  amount: 0.6475,
  currency: 'EUR',
  reason: 'unplugged',
  location: 'Lab 1',
};

describe('protocol/messages/driver (DESIGN §4.5)', () => {
  describeSchema(chargeRequest, { type: 'charge', ...envelope, driverId: 'D1', cpId: 'CP1' }, [
    { name: 'no CP id', change: (m) => delete m.cpId, reason: /^cpId: / },
    { name: 'a driver id over 64 characters', change: (m) => (m.driverId = 'D'.repeat(65)), reason: /^driverId: / },
  ]);
  describeSchema(stopRequest, { type: 'stop', ...envelope, driverId: 'D1', sessionId: 'S1' }, [
    { name: 'no session id', change: (m) => delete m.sessionId, reason: /^sessionId: / },
  ]);
  describeSchema(listCpsRequest, { type: 'list-cps', ...envelope, driverId: 'D1' }, [
    { name: 'no driver id', change: (m) => delete m.driverId, reason: /^driverId: / },
  ]);
  describeSchema(statusRequest, { type: 'status', ...envelope, driverId: 'D1', cpId: 'CP1' }, [
    { name: 'a CP id with a dot', change: (m) => (m.cpId = 'CP.1'), reason: /^cpId: / },
  ]);
  describeSchema(accepted, { type: 'accepted', ...envelope, re: 'req-1', sessionId: 'S1' }, [
    { name: 'no re', change: (m) => delete m.re, reason: /^re: / },
  ]);
  describeSchema(denied, { type: 'denied', ...envelope, re: 'req-1', reason: 'CP1 is FAULTED' }, [
    { name: 'no reason', change: (m) => delete m.reason, reason: /^reason: / },
  ]);
  describeSchema(authorized, { type: 'authorized', ...envelope, sessionId: 'S1', cpId: 'CP1', plugInBy: 1_700_000_060_000 }, [
    { name: 'a fractional deadline', change: (m) => (m.plugInBy = 1.5), reason: /^plugInBy: / },
  ]);
  describeSchema(progress, { type: 'progress', ...envelope, sessionId: 'S1', kW: 7.4, kWh: 1.2, amount: 0.42 }, [
    { name: 'a negative amount', change: (m) => (m.amount = -1), reason: /^amount: / },
  ]);
  describeSchema(cpStateEvent, { type: 'cp-state', ...envelope, cpId: 'CP1', state: 'DISCONNECTED' }, [
    { name: 'a lower-case state', change: (m) => (m.state = 'available'), reason: /^state: / },
  ]);
  describeSchema(ticket, aTicket, [
    { name: 'a currency of 4 letters', change: (m) => (m.currency = 'EURO'), reason: /^currency: / },
    { name: 'no price', change: (m) => delete m.pricePerKwh, reason: /^pricePerKwh: / },
    { name: 'an unknown end reason', change: (m) => (m.reason = 'lunch'), reason: /^reason: / },
  ]);
  describeSchema(
    cps,
    { type: 'cps', ...envelope, list: [{ id: 'CP1', state: 'AVAILABLE', location: 'Lab 1', pricePerKwh: 0.35, maxPowerKw: 7.4 }] },
    [
      { name: 'a list entry without state', change: (m) => (m.list = [{ id: 'CP1', location: 'x', pricePerKwh: 1 }]), reason: /^list\.0\.state: / },
      { name: 'a list that is not an array', change: (m) => (m.list = {}), reason: /^list: / },
    ],
  );

  it('requests and events are separate unions', () => {
    const charge = JSON.stringify({ type: 'charge', ...envelope, driverId: 'D1', cpId: 'CP1' });
    assert.ok(parseMessage(driverRequest, charge).ok);
    assert.equal(parseMessage(driverEvent, charge).ok, false);
    assert.ok(parseMessage(driverEvent, JSON.stringify(aTicket)).ok);
  });
});
