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

/** DESIGN §4.2: `starting` = the Engine has not answered since the CP started (or said goodbye), within a grace period. */
export const ENGINE_HEALTHS = ['ok', 'ko', 'unreachable', 'starting'] as const;
export const health = message('health', {
  cpId,
  engine: z.enum(ENGINE_HEALTHS),
  detail: displayText(500).optional(),
});

/** A device-bus URL as one client hands it to another: mqtt(s):// or kafka://, no credentials (DESIGN §4.2 `deviceBus`). */
const deviceBusUrl = z.string().max(512).regex(/^(mqtts?|kafka):\/\/[^\s@/]+\/?$/, 'a device-bus URL such as mqtt://host:1883, without credentials');

export const welcome = message('welcome', {
  cpId,
  heartbeatMs: z.number().int().positive().max(LIMITS.maxHeartbeatMs),
  /** The device bus Central's Engines use; a wildcard or loopback host means "the host you reached Central at". */
  deviceBus: deviceBusUrl.optional(),
});

/** DESIGN §4.2: a Monitor stopping cleanly says goodbye, so Central shows DISCONNECTED at once and no fault. */
export const bye = message('bye', { cpId: cpId.optional(), reason: displayText(200).optional() });

export const REJECT_CODES = ['BAD_SECRET', 'UNKNOWN_CP', 'DUPLICATE', 'BAD_REQUEST', 'PENDING'] as const;
export const reject = message('reject', { code: z.enum(REJECT_CODES), message: displayText(500) });

// DESIGN §4.3 — Monitor ↔ Engine on the local socket. The Engine also pushes `health`.
export const ping = message('ping', {
  seq: counter,
  /** The device bus Central named in `welcome`, for an Engine started without `--bus` (issue 12). */
  deviceBus: deviceBusUrl.optional(),
});
export const pong = message('pong', {
  seq: counter,
  health: z.enum(['ok', 'ko']),
  state: z.enum(ENGINE_STATES),
  sessionId: z.string().optional(),
});

export const monitorToCentral = z.discriminatedUnion('type', [hello, health, bye]);
export const centralToMonitor = z.discriminatedUnion('type', [welcome, reject]);
export const engineLink = z.discriminatedUnion('type', [ping, pong, health, bye]);

export type Hello = z.infer<typeof hello>;
export type Health = z.infer<typeof health>;
export type Welcome = z.infer<typeof welcome>;
export type Reject = z.infer<typeof reject>;
export type Bye = z.infer<typeof bye>;
export type EngineHealth = (typeof ENGINE_HEALTHS)[number];
export type RejectCode = (typeof REJECT_CODES)[number];
export type Ping = z.infer<typeof ping>;
export type Pong = z.infer<typeof pong>;
export type MonitorToCentral = z.infer<typeof monitorToCentral>;
export type CentralToMonitor = z.infer<typeof centralToMonitor>;
export type EngineLinkMessage = z.infer<typeof engineLink>;
