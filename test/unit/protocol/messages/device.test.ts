import assert from 'node:assert/strict';
import {
  authorize,
  cancel,
  deviceCommand,
  deviceEvent,
  endSession,
  eventAck,
  resumeCp,
  sessionEnded,
  sessionStarted,
  stateEvent,
  stopCp,
  deviceTelemetry as telemetry,
} from '../../../../protocol/messages/device.ts';
import { parseMessage } from '../../../../protocol/parse.ts';
import { describeSchema, envelope } from './schema-cases.ts';

describe('protocol/messages/device (DESIGN §4.4)', () => {
  describeSchema(authorize, { type: 'authorize', ...envelope, sessionId: 'S1', driverId: 'D1', expiresAt: 1_700_000_060_000 }, [
    { name: 'a driver id with spaces', change: (m) => (m.driverId = 'D 1'), reason: /^driverId: driver ids are/ },
    { name: 'no expiry', change: (m) => delete m.expiresAt, reason: /^expiresAt: / },
    { name: 'an empty session id', change: (m) => (m.sessionId = ''), reason: /^sessionId: / },
  ]);
  describeSchema(cancel, { type: 'cancel', ...envelope, sessionId: 'S1' }, [
    { name: 'no session id', change: (m) => delete m.sessionId, reason: /^sessionId: / },
  ]);
  describeSchema(stopCp, { type: 'stop', ...envelope, reason: 'operator' }, [
    { name: 'a reason over 200 characters', change: (m) => (m.reason = 'x'.repeat(201)), reason: /^reason: / },
  ]);
  describeSchema(resumeCp, { type: 'resume', ...envelope }, []);
  describeSchema(endSession, { type: 'end-session', ...envelope, sessionId: 'S1', reason: 'driver-stop' }, [
    { name: 'an unknown reason', change: (m) => (m.reason = 'bored'), reason: /^reason: / },
  ]);
  describeSchema(eventAck, { type: 'ack', ...envelope, re: 'event-1' }, [
    { name: 'no re', change: (m) => delete m.re, reason: /^re: / },
  ]);
  describeSchema(stateEvent, { type: 'state', ...envelope, state: 'CHARGING', sessionId: 'S1' }, [
    { name: 'DISCONNECTED (Central’s judgement only)', change: (m) => (m.state = 'DISCONNECTED'), reason: /^state: / },
  ]);
  describeSchema(sessionStarted, { type: 'session-started', ...envelope, sessionId: 'S1', driverId: 'D1' }, [
    { name: 'no driver id', change: (m) => delete m.driverId, reason: /^driverId: / },
  ]);
  describeSchema(sessionEnded, { type: 'session-ended', ...envelope, sessionId: 'S1', kWh: 3.2, durationS: 1800, reason: 'unplugged' }, [
    { name: 'negative energy', change: (m) => (m.kWh = -0.1), reason: /^kWh: / },
    { name: 'energy as a string', change: (m) => (m.kWh = '3.2'), reason: /^kWh: / },
    { name: 'a negative duration', change: (m) => (m.durationS = -1), reason: /^durationS: / },
  ]);
  describeSchema(telemetry, { type: 'telemetry', ...envelope, sessionId: 'S1', kW: 7.4, kWh: 0.5 }, [
    { name: 'negative power', change: (m) => (m.kW = -7.4), reason: /^kW: / },
  ]);

  it('commands and events are separate unions: a stop is a command, not an event', () => {
    const stop = JSON.stringify({ type: 'stop', ...envelope });
    assert.ok(parseMessage(deviceCommand, stop).ok);
    assert.equal(parseMessage(deviceEvent, stop).ok, false);
  });
});
