import type { EngineState, SessionEndReason } from '../../../protocol/index.ts';
import { relayClosedIn } from '../../../hardware/components/relay-rule.ts';
import { LED_PATTERNS, type LedPattern } from './led-patterns.ts';

/**
 * The Engine's CP state machine (DESIGN §2, §4.4). Pure: no clock, no I/O. The caller
 * feeds events and carries out the effects, in order. Effects that make the CP safe
 * (relay open) always come first.
 */

/** A reservation (RESERVED) or a running session (CHARGING). */
export interface ActiveSession {
  readonly sessionId: string;
  readonly driverId: string;
  /** When the reservation lapses without plug-in, on the caller's monotonic clock (ms). */
  readonly expiresAtMs: number;
}

export interface EngineSnapshot {
  readonly state: EngineState;
  /** A car is plugged in (the plug button's toggle). */
  readonly plugged: boolean;
  /** The KO button's fault is raised. */
  readonly faulted: boolean;
  /** Central stopped the CP ("Out of Order") and has not resumed it. */
  readonly stoppedByCentral: boolean;
  /** Present exactly in RESERVED and CHARGING. */
  readonly session?: ActiveSession;
}

export type EngineEvent =
  | { type: 'authorize'; sessionId: string; driverId: string; expiresAtMs: number }
  | { type: 'cancel'; sessionId: string }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'end-session'; sessionId: string; reason: SessionEndReason }
  | { type: 'plug' }
  | { type: 'unplug' }
  | { type: 'ko-raised' }
  | { type: 'ko-cleared' }
  | { type: 'reservation-expired'; sessionId: string }
  | { type: 'tick'; nowMs: number };

export type EngineEventType = EngineEvent['type'];

export type EngineEffect =
  | { kind: 'relay'; closed: boolean }
  | { kind: 'meter-start'; sessionId: string }
  | { kind: 'meter-stop'; sessionId: string }
  | { kind: 'health'; engine: 'ok' | 'ko' }
  | { kind: 'session-ended'; sessionId: string; reason: SessionEndReason }
  | { kind: 'session-started'; sessionId: string; driverId: string }
  | { kind: 'leds'; pattern: LedPattern }
  | { kind: 'publish-state'; state: EngineState; sessionId?: string }
  | { kind: 'telemetry'; sessionId: string }
  | { kind: 'ignored'; event: EngineEventType; reason: string };

export interface Transition {
  readonly snapshot: EngineSnapshot;
  readonly effects: EngineEffect[];
}

export function initialSnapshot(): EngineSnapshot {
  return { state: 'AVAILABLE', plugged: false, faulted: false, stoppedByCentral: false };
}

/** What to do on start-up, before any event: make the outputs match the state and say so. */
export function startupEffects(snapshot: EngineSnapshot): EngineEffect[] {
  return [
    { kind: 'relay', closed: relayClosedIn(snapshot.state) },
    { kind: 'leds', pattern: LED_PATTERNS[snapshot.state] },
    stateEffect(snapshot),
  ];
}

export function transition(from: EngineSnapshot, event: EngineEvent): Transition {
  switch (event.type) {
    case 'authorize': return onAuthorize(from, event);
    case 'cancel': return onCancel(from, event.sessionId);
    case 'stop': return onStop(from);
    case 'resume': return onResume(from);
    case 'end-session': return onEndSession(from, event.sessionId, event.reason);
    case 'plug': return onPlug(from);
    case 'unplug': return onUnplug(from);
    case 'ko-raised': return onKoRaised(from);
    case 'ko-cleared': return onKoCleared(from);
    case 'reservation-expired': return onExpired(from, event.sessionId);
    case 'tick': return onTick(from, event.nowMs);
  }
}

function onAuthorize(from: EngineSnapshot, event: Extract<EngineEvent, { type: 'authorize' }>): Transition {
  const session = { sessionId: event.sessionId, driverId: event.driverId, expiresAtMs: event.expiresAtMs };
  if (from.session?.sessionId === event.sessionId) return ignore(from, 'authorize', 'session already active');
  // A CP that cannot serve says so with a session-ended, so Central closes that session at once.
  if (from.state === 'FAULTED') return settle(from, from, { ended: { sessionId: event.sessionId, reason: 'fault' } });
  if (from.state === 'STOPPED') return settle(from, from, { ended: { sessionId: event.sessionId, reason: 'stopped' } });
  if (from.state !== 'AVAILABLE') return ignore(from, 'authorize', `busy with session ${from.session?.sessionId}`);
  // A car already waiting at the CP starts charging as soon as the driver is authorized.
  const state = from.plugged ? 'CHARGING' : 'RESERVED';
  return settle(from, { ...from, state, session });
}

function onCancel(from: EngineSnapshot, sessionId: string): Transition {
  if (from.session?.sessionId !== sessionId) return ignore(from, 'cancel', `no session ${sessionId}`);
  // Central withdrew the authorization; a supply already running ends as a driver stop.
  const ended = from.state === 'CHARGING' ? { sessionId, reason: 'driver-stop' as const } : undefined;
  return settle(from, idle(from), { ended });
}

function onStop(from: EngineSnapshot): Transition {
  const to: EngineSnapshot = { ...idle(from), stoppedByCentral: true, state: from.faulted ? 'FAULTED' : 'STOPPED' };
  const ended = from.session ? { sessionId: from.session.sessionId, reason: 'stopped' as const } : undefined;
  return settle(from, to, { ended, answer: true });
}

function onResume(from: EngineSnapshot): Transition {
  if (!from.stoppedByCentral) return settle(from, from, { answer: true });
  const to: EngineSnapshot = { ...from, stoppedByCentral: false, state: from.faulted ? 'FAULTED' : 'AVAILABLE' };
  return settle(from, to, { answer: true });
}

function onEndSession(from: EngineSnapshot, sessionId: string, reason: SessionEndReason): Transition {
  if (from.session?.sessionId !== sessionId) return ignore(from, 'end-session', `no session ${sessionId}`);
  return settle(from, idle(from), { ended: { sessionId, reason } });
}

function onPlug(from: EngineSnapshot): Transition {
  if (from.plugged) return ignore(from, 'plug', 'already plugged');
  const plugged = { ...from, plugged: true };
  return settle(from, from.state === 'RESERVED' ? { ...plugged, state: 'CHARGING' } : plugged);
}

function onUnplug(from: EngineSnapshot): Transition {
  if (!from.plugged) return ignore(from, 'unplug', 'not plugged');
  const unplugged = { ...from, plugged: false };
  if (from.state !== 'CHARGING') return settle(from, unplugged);
  return settle(from, idle(unplugged), { ended: { sessionId: from.session!.sessionId, reason: 'unplugged' } });
}

function onKoRaised(from: EngineSnapshot): Transition {
  if (from.faulted) return ignore(from, 'ko-raised', 'fault already raised');
  const ended = from.session ? { sessionId: from.session.sessionId, reason: 'fault' as const } : undefined;
  return settle(from, { ...idle(from), faulted: true, state: 'FAULTED' }, { ended });
}

function onKoCleared(from: EngineSnapshot): Transition {
  if (!from.faulted) return ignore(from, 'ko-cleared', 'no fault raised');
  return settle(from, { ...from, faulted: false, state: from.stoppedByCentral ? 'STOPPED' : 'AVAILABLE' });
}

function onExpired(from: EngineSnapshot, sessionId: string): Transition {
  if (from.state !== 'RESERVED' || from.session?.sessionId !== sessionId) {
    return ignore(from, 'reservation-expired', `no reservation ${sessionId}`);
  }
  return settle(from, idle(from), { ended: { sessionId, reason: 'expired' } });
}

function onTick(from: EngineSnapshot, nowMs: number): Transition {
  if (from.state === 'CHARGING') return { snapshot: from, effects: [{ kind: 'telemetry', sessionId: from.session!.sessionId }] };
  if (from.state === 'RESERVED' && nowMs >= from.session!.expiresAtMs) return onExpired(from, from.session!.sessionId);
  return { snapshot: from, effects: [] };
}

/** The same CP with no session, back to AVAILABLE (or whatever the flags force). */
function idle(from: EngineSnapshot): EngineSnapshot {
  const state: EngineState = from.faulted ? 'FAULTED' : from.stoppedByCentral ? 'STOPPED' : 'AVAILABLE';
  return { state, plugged: from.plugged, faulted: from.faulted, stoppedByCentral: from.stoppedByCentral };
}

function ignore(from: EngineSnapshot, event: EngineEventType, reason: string): Transition {
  return { snapshot: from, effects: [{ kind: 'ignored', event, reason }] };
}

interface SettleOptions {
  ended?: { sessionId: string; reason: SessionEndReason } | undefined;
  /** A command from Central answered with the current state even when nothing changed, so its view converges. */
  answer?: boolean;
}

/** Derives the effects of moving `from` → `to`, safety first (DESIGN §2: relay opens in the same turn). */
function settle(from: EngineSnapshot, to: EngineSnapshot, options: SettleOptions = {}): Transition {
  const effects: EngineEffect[] = [];
  const wasClosed = relayClosedIn(from.state);
  const isClosed = relayClosedIn(to.state);
  if (wasClosed && !isClosed) {
    effects.push({ kind: 'relay', closed: false }, { kind: 'meter-stop', sessionId: from.session!.sessionId });
  }
  if (from.faulted !== to.faulted) effects.push({ kind: 'health', engine: to.faulted ? 'ko' : 'ok' });
  if (options.ended) effects.push({ kind: 'session-ended', ...options.ended });
  if (!wasClosed && isClosed) {
    const { sessionId, driverId } = to.session!;
    effects.push({ kind: 'relay', closed: true }, { kind: 'meter-start', sessionId }, { kind: 'session-started', sessionId, driverId });
  }
  if (from.state !== to.state) effects.push({ kind: 'leds', pattern: LED_PATTERNS[to.state] });
  if (from.state !== to.state || from.session?.sessionId !== to.session?.sessionId || options.answer) {
    effects.push(stateEffect(to));
  }
  return { snapshot: to, effects };
}

function stateEffect(snapshot: EngineSnapshot): EngineEffect {
  return snapshot.session
    ? { kind: 'publish-state', state: snapshot.state, sessionId: snapshot.session.sessionId }
    : { kind: 'publish-state', state: snapshot.state };
}
