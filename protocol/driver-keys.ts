import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { driverId as driverIdSchema } from './messages/envelope.ts';

/**
 * A driver's keys (DESIGN §4.5, issue 9). A driver holds a random token; Central keeps only
 * the key derived from it (`driverKey`), never the token. From the driver key come:
 * - the MQTT login check: a password is right when it derives the same driver key;
 * - on Kafka, the request proof: HMAC-SHA256 over the canonical request (every field but
 *   the proof, keys sorted) with `proofKey`. Central refuses a request without a valid proof,
 *   whose `ts` is more than PROOF_WINDOW_MS from its clock, or whose id it has seen (replay);
 * - on Kafka, the events: AES-256-GCM with `eventKey` and the driver id as associated data,
 *   so another driver reading the shared events topic learns nothing and cannot forge one.
 */
export interface DriverKeys {
  /** What Central stores (base64url), the root of the two keys below. */
  driverKey: string;
  proofKey: Buffer;
  eventKey: Buffer;
}

export const PROOF_WINDOW_MS = 5 * 60_000;

/** A new driver token: 24 random bytes, base64url (32 characters). */
export function generateDriverToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The driver key a token stands for: HKDF-SHA256 with the driver id as salt. */
export function driverKeyFromToken(driverId: string, token: string): string {
  return Buffer.from(hkdfSync('sha256', token, `evc-driver:${driverId}`, 'evc driver key v1', 32)).toString('base64url');
}

export function keysFromDriverKey(driverKey: string): DriverKeys {
  const root = Buffer.from(driverKey, 'base64url');
  const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), info, 32));
  return { driverKey, proofKey: derive('evc driver request proof v1'), eventKey: derive('evc driver event key v1') };
}

export function keysFromToken(driverId: string, token: string): DriverKeys {
  return keysFromDriverKey(driverKeyFromToken(driverId, token));
}

/** Constant-time: does `token` derive the stored driver key? */
export function tokenMatches(driverId: string, token: string, storedDriverKey: string): boolean {
  const given = Buffer.from(driverKeyFromToken(driverId, token), 'base64url');
  const stored = Buffer.from(storedDriverKey, 'base64url');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

// ---- requests on Kafka ----

type Flat = Record<string, unknown>;

/** Every field but `proof` and `enroll`, keys sorted: the bytes both sides sign. */
export function canonicalRequest(request: Flat): string {
  const entries = Object.keys(request)
    .filter((key) => key !== 'proof' && key !== 'enroll' && request[key] !== undefined)
    .sort()
    .map((key) => [key, request[key]]);
  return JSON.stringify(entries);
}

export function proofFor(request: Flat, keys: Pick<DriverKeys, 'proofKey'>): string {
  return createHmac('sha256', keys.proofKey).update(canonicalRequest(request)).digest('base64url');
}

/** The request with its proof (and, for a first use under open registration, its driver key). */
export function signRequest<R extends Flat>(request: R, keys: DriverKeys, enroll = false): R & { proof: string; enroll?: string } {
  return { ...request, proof: proofFor(request, keys), ...(enroll ? { enroll: keys.driverKey } : {}) };
}

export type ProofVerdict = { ok: true } | { ok: false; reason: 'no-proof' | 'bad-proof' | 'stale' };

export function verifyRequest(request: Flat & { ts: number; proof?: string }, keys: Pick<DriverKeys, 'proofKey'>, nowMs: number): ProofVerdict {
  if (typeof request.proof !== 'string') return { ok: false, reason: 'no-proof' };
  const expected = Buffer.from(proofFor(request, keys), 'base64url');
  const given = Buffer.from(request.proof, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-proof' };
  if (Math.abs(nowMs - request.ts) > PROOF_WINDOW_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}

// ---- events on Kafka ----

/** What travels on `evc.drivers.events` on Kafka: one sealed driver event (still one JSON message, DESIGN §4.6). */
export const sealedEvent = z.object({
  type: z.literal('sealed'),
  driverId: driverIdSchema,
  nonce: z.string().max(32),
  data: z.string().max(1_000_000),
  tag: z.string().max(32),
});
export type SealedEvent = z.infer<typeof sealedEvent>;

export function sealEvent(driverId: string, event: object, keys: Pick<DriverKeys, 'eventKey'>): SealedEvent {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.eventKey, nonce);
  cipher.setAAD(Buffer.from(driverId, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(event), 'utf8'), cipher.final()]);
  return { type: 'sealed', driverId, nonce: nonce.toString('base64url'), data: data.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') };
}

/** The event's JSON text, or undefined when it was not sealed for this driver with this key. */
export function openEvent(sealed: SealedEvent, driverId: string, keys: Pick<DriverKeys, 'eventKey'>): string | undefined {
  if (sealed.driverId !== driverId) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.eventKey, Buffer.from(sealed.nonce, 'base64url'));
    decipher.setAAD(Buffer.from(driverId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
