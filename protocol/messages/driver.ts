import { z } from 'zod';
import { cpId, driverId, message, sessionId } from './envelope.ts';
import { CP_STATES, SESSION_END_REASONS } from '../states.ts';
import { amount, durationS, energyKwh, epochMs, LIMITS, maxPowerKw, powerKw, pricePerKwh } from '../limits.ts';
import { displayText } from '../text.ts';

// DESIGN §4.5 — driver requests; the message `id` is the request id Central dedups on.
// On Kafka a request carries `proof` (and once, under open registration, `enroll`): protocol/driver-keys.ts.
const requestAuth = { proof: z.string().max(64).optional(), enroll: z.string().max(64).optional() };
export const chargeRequest = message('charge', { driverId, cpId, ...requestAuth });
export const stopRequest = message('stop', { driverId, sessionId, ...requestAuth });
export const listCpsRequest = message('list-cps', { driverId, ...requestAuth });
export const statusRequest = message('status', { driverId, cpId, ...requestAuth });
/** The driver has shown the ticket of `sessionId`: Central stops redelivering it (DESIGN §4.5). */
export const ticketAck = message('ack', { driverId, sessionId, ...requestAuth });

// Events to one driver.
export const accepted = message('accepted', { re: z.string().min(1), sessionId: sessionId.optional() });
export const denied = message('denied', { re: z.string().min(1), reason: displayText(500) });
export const authorized = message('authorized', { sessionId, cpId, plugInBy: epochMs });
export const progress = message('progress', {
  sessionId,
  kW: powerKw,
  kWh: energyKwh,
  amount,
});
export const cpStateEvent = message('cp-state', { cpId, state: z.enum(CP_STATES) });
export const ticket = message('ticket', {
  sessionId,
  cpId,
  driverId,
  startedAt: epochMs,
  endedAt: epochMs,
  durationS,
  kWh: energyKwh,
  pricePerKwh,
  amount,
  currency: z.string().length(3),
  reason: z.enum(SESSION_END_REASONS),
  location: displayText(LIMITS.maxLabelChars).optional(),
  /** Issue 9: `last-plausible-reading` when the CP claimed more than it could deliver (then `claimedKwh` is that claim). */
  billedKwhSource: z.enum(['meter', 'last-plausible-reading']).optional(),
  claimedKwh: z.number().nonnegative().optional(),
});
export const cpSummary = z.object({
  id: cpId,
  state: z.enum(CP_STATES),
  location: displayText(LIMITS.maxLabelChars),
  pricePerKwh,
  maxPowerKw: maxPowerKw.optional(),
});
export const cps = message('cps', { list: z.array(cpSummary) });

export const driverRequest = z.discriminatedUnion('type', [chargeRequest, stopRequest, listCpsRequest, statusRequest, ticketAck]);
export const driverEvent = z.discriminatedUnion('type', [accepted, denied, authorized, progress, cpStateEvent, ticket, cps]);

export type ChargeRequest = z.infer<typeof chargeRequest>;
export type StopRequest = z.infer<typeof stopRequest>;
export type ListCpsRequest = z.infer<typeof listCpsRequest>;
export type StatusRequest = z.infer<typeof statusRequest>;
export type Accepted = z.infer<typeof accepted>;
export type Denied = z.infer<typeof denied>;
export type Authorized = z.infer<typeof authorized>;
export type Progress = z.infer<typeof progress>;
export type CpStateEvent = z.infer<typeof cpStateEvent>;
export type Ticket = z.infer<typeof ticket>;
export type CpSummary = z.infer<typeof cpSummary>;
export type Cps = z.infer<typeof cps>;
export type DriverRequest = z.infer<typeof driverRequest>;
export type DriverEvent = z.infer<typeof driverEvent>;
