import { z } from 'zod';
import { cpId, message } from './envelope.ts';
import { ENGINE_STATES } from '../states.ts';
import { counter, latitude, LIMITS, longitude, maxPowerKw, pricePerKwh } from '../limits.ts';
import { displayText } from '../text.ts';

// DESIGN §4.2 — Monitor → Central, and Central's replies.
export const hello = message('hello', {
  cpId,
  secret: z.string().min(1).max(256),
  location: z.object({
    // Cleaned as it is parsed: a label reaches terminals and pages (issue 9).
    label: displayText(LIMITS.maxLabelChars).pipe(z.string().min(1, 'location label is empty once control characters are removed')),
    lat: latitude.optional(),
    lon: longitude.optional(),
  }),
  pricePerKwh: pricePerKwh.optional(),
  maxPowerKw: maxPowerKw.optional(),
});

export const health = message('health', {
  cpId,
  engine: z.enum(['ok', 'ko', 'unreachable']),
  detail: displayText(500).optional(),
});

export const welcome = message('welcome', { cpId, heartbeatMs: z.number().int().positive().max(LIMITS.maxHeartbeatMs) });

export const REJECT_CODES = ['BAD_SECRET', 'UNKNOWN_CP', 'DUPLICATE', 'BAD_REQUEST'] as const;
export const reject = message('reject', { code: z.enum(REJECT_CODES), message: displayText(500) });

// DESIGN §4.3 — Monitor ↔ Engine on the local socket. The Engine also pushes `health`.
export const ping = message('ping', { seq: counter });
export const pong = message('pong', {
  seq: counter,
  health: z.enum(['ok', 'ko']),
  state: z.enum(ENGINE_STATES),
  sessionId: z.string().optional(),
});

export const monitorToCentral = z.discriminatedUnion('type', [hello, health]);
export const centralToMonitor = z.discriminatedUnion('type', [welcome, reject]);
export const engineLink = z.discriminatedUnion('type', [ping, pong, health]);

export type Hello = z.infer<typeof hello>;
export type Health = z.infer<typeof health>;
export type Welcome = z.infer<typeof welcome>;
export type Reject = z.infer<typeof reject>;
export type RejectCode = (typeof REJECT_CODES)[number];
export type Ping = z.infer<typeof ping>;
export type Pong = z.infer<typeof pong>;
export type MonitorToCentral = z.infer<typeof monitorToCentral>;
export type CentralToMonitor = z.infer<typeof centralToMonitor>;
export type EngineLinkMessage = z.infer<typeof engineLink>;
