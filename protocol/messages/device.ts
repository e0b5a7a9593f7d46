import { z } from 'zod';
import { driverId, message, sessionId } from './envelope.ts';
import { ENGINE_STATES, SESSION_END_REASONS } from '../states.ts';
import { durationS, energyKwh, epochMs, LIMITS, powerKw } from '../limits.ts';
import { displayText } from '../text.ts';

// DESIGN §4.4 — evc/cp/{cpId}/cmd, Central → Engine.
export const authorize = message('authorize', { sessionId, driverId, expiresAt: epochMs });
export const cancel = message('cancel', { sessionId });
export const stopCp = message('stop', { reason: displayText(LIMITS.maxLabelChars).optional() });
export const resumeCp = message('resume', {});
export const endSession = message('end-session', { sessionId, reason: z.enum(SESSION_END_REASONS) });
/**
 * Central's receipt of an Engine event (its `re` is the event id). DESIGN §4.4 asks the
 * Engine to keep `session-ended` in an outbox "until Central acknowledges it"; a broker
 * PUBACK only proves the broker has it, so Central answers with this.
 */
export const eventAck = message('ack', { re: z.string().min(1) });

// evc/cp/{cpId}/events, Engine → Central.
export const stateEvent = message('state', { state: z.enum(ENGINE_STATES), sessionId: sessionId.optional() });
export const sessionStarted = message('session-started', { sessionId, driverId });
export const sessionEnded = message('session-ended', {
  sessionId,
  kWh: energyKwh,
  durationS,
  reason: z.enum(SESSION_END_REASONS),
});

// evc/cp/{cpId}/telemetry, every second while charging.
const telemetry = message('telemetry', { sessionId, kW: powerKw, kWh: energyKwh });

export const deviceCommand = z.discriminatedUnion('type', [authorize, cancel, stopCp, resumeCp, endSession, eventAck]);
export const deviceEvent = z.discriminatedUnion('type', [stateEvent, sessionStarted, sessionEnded]);
export const deviceTelemetry = telemetry;
export type Authorize = z.infer<typeof authorize>;
export type StopCp = z.infer<typeof stopCp>;
export type ResumeCp = z.infer<typeof resumeCp>;
export type EndSession = z.infer<typeof endSession>;
export type EventAck = z.infer<typeof eventAck>;
export type StateEvent = z.infer<typeof stateEvent>;
export type SessionStarted = z.infer<typeof sessionStarted>;
export type SessionEnded = z.infer<typeof sessionEnded>;
export type Telemetry = z.infer<typeof telemetry>;
export type DeviceCommand = z.infer<typeof deviceCommand>;
export type DeviceEvent = z.infer<typeof deviceEvent>;
