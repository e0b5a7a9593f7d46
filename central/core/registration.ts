import type { Health, Hello, RejectCode } from '../../protocol/index.ts';
import type { CoreContext } from './context.ts';
import type { CpConfig, CpRecord } from './model.ts';
import { endForCpCondition } from './sessions.ts';

/**
 * The Monitor link (DESIGN §4.2): hello → welcome/reject, health, heartbeats.
 *
 * Secret checking is scrypt, slow and async, so it stays at the edge: the gateway asks the
 * store (`store.checkSecret`) and hands the verdict in. `none` = no secret on file for that id.
 */
export type SecretCheck = 'match' | 'mismatch' | 'none';

export function onHello(ctx: CoreContext, linkId: string, hello: Hello, secret: SecretCheck): void {
  const bound = ctx.links.get(linkId);
  if (bound !== undefined && bound !== hello.cpId) {
    return reject(ctx, linkId, 'BAD_REQUEST', `this link already speaks for ${bound}; open a new connection for ${hello.cpId}`);
  }
  const open = ctx.options.registration === 'open';
  let cp = ctx.cps.get(hello.cpId);
  if (secret === 'mismatch') return reject(ctx, linkId, 'BAD_SECRET', `wrong secret for ${hello.cpId}`);
  if (!cp && !open && secret === 'none') {
    return reject(ctx, linkId, 'UNKNOWN_CP', `${hello.cpId} is not registered; ask the operator to run: evc central add-cp ${hello.cpId}`);
  }
  if (cp && !open && secret === 'none') {
    return reject(ctx, linkId, 'BAD_SECRET', `no secret on file for ${hello.cpId}; ask the operator to run: evc central add-cp ${hello.cpId}`);
  }
  if (cp && cp.linkId !== undefined && cp.linkId !== linkId) {
    if (ctx.linkFresh(cp)) return reject(ctx, linkId, 'DUPLICATE', `${hello.cpId} is already connected`);
    unbind(ctx, cp, 'replaced by a new hello after its heartbeats stopped');
  }
  if (!cp) {
    cp = addCp(ctx, configFromHello(ctx, hello));
    // The store must have the CP before it is welcomed: `register-cp` when the secret is new to it.
    if (secret === 'match') ctx.emit({ kind: 'persist-cp', cp: ctx.cpSnapshot(cp) });
  } else if (cp.config.maxPowerKw === undefined && hello.maxPowerKw !== undefined) {
    // Stored config wins over a hello (the operator sets prices); a hello only fills what is missing.
    cp.config.maxPowerKw = hello.maxPowerKw;
    ctx.emit({ kind: 'persist-cp', cp: ctx.cpSnapshot(cp) });
  }
  if (secret === 'none') ctx.emit({ kind: 'register-cp', cp: structuredClone(cp.config), secret: hello.secret });
  ctx.links.set(linkId, cp.config.id);
  cp.linkId = linkId;
  cp.lastSeenMs = ctx.now();
  delete cp.health;
  ctx.emit({ kind: 'send-monitor', linkId, message: { type: 'welcome', id: ctx.options.newId(), ts: ctx.now(), cpId: cp.config.id, heartbeatMs: ctx.options.heartbeatMs } });
  ctx.refresh(cp);
}

export function onHealth(ctx: CoreContext, linkId: string, health: Health): void {
  const cpId = ctx.links.get(linkId);
  if (cpId === undefined) return ctx.log('warn', 'health on a link that has not said hello; ignored', { linkId, cpId: health.cpId });
  if (cpId !== health.cpId) return ctx.log('warn', `health for ${health.cpId} on ${cpId}'s link; ignored`, { linkId });
  const cp = ctx.cps.get(cpId)!;
  cp.lastSeenMs = ctx.now();
  if (cp.health === health.engine) return;
  cp.health = health.engine;
  if (health.engine !== 'ok') ctx.log('warn', `${cpId} engine ${health.engine}`, { cpId, detail: health.detail });
  ctx.refresh(cp);
  // DESIGN §1: a fault during a supply ends it at once. A KO is reported by a live Engine,
  // which ends the session itself; an unreachable one cannot, so Central closes it.
  if (health.engine !== 'ok') endForCpCondition(ctx, cp, 'fault', health.engine === 'ko');
}

export function onLinkClosed(ctx: CoreContext, linkId: string): void {
  const cpId = ctx.links.get(linkId);
  ctx.links.delete(linkId);
  const cp = cpId === undefined ? undefined : ctx.cps.get(cpId);
  if (!cp || cp.linkId !== linkId) return;
  delete cp.linkId;
  delete cp.health;
  ctx.refresh(cp);
}

/** DESIGN §4.2: `missedHeartbeats` heartbeats without a word → DISCONNECTED, and the link is dropped. */
export function checkHeartbeats(ctx: CoreContext): void {
  for (const cp of ctx.cps.values()) {
    if (cp.linkId !== undefined && !ctx.linkFresh(cp)) {
      unbind(ctx, cp, `no heartbeat for ${ctx.options.missedHeartbeats} × ${ctx.options.heartbeatMs} ms`);
      ctx.refresh(cp);
    }
  }
}

/** Adds a CP Central did not know (operator `add-cp` or a first hello). Existing CPs keep their runtime state. */
export function addCp(ctx: CoreContext, config: CpConfig): CpRecord {
  const existing = ctx.cps.get(config.id);
  if (existing) {
    existing.config = structuredClone(config);
    ctx.emit({ kind: 'cp-updated', cpId: config.id });
    return existing;
  }
  const cp: CpRecord = { config: structuredClone(config), operatorStopped: false, state: 'DISCONNECTED' };
  ctx.cps.set(config.id, cp);
  ctx.emit({ kind: 'cp-updated', cpId: config.id });
  return cp;
}

function configFromHello(ctx: CoreContext, hello: Hello): CpConfig {
  const config: CpConfig = { id: hello.cpId, location: { ...hello.location }, pricePerKwh: hello.pricePerKwh ?? ctx.options.defaultPricePerKwh };
  if (hello.maxPowerKw !== undefined) config.maxPowerKw = hello.maxPowerKw;
  return config;
}

function unbind(ctx: CoreContext, cp: CpRecord, reason: string): void {
  const linkId = cp.linkId!;
  ctx.links.delete(linkId);
  delete cp.linkId;
  delete cp.health;
  ctx.emit({ kind: 'close-monitor-link', linkId, reason });
}

function reject(ctx: CoreContext, linkId: string, code: RejectCode, message: string): void {
  ctx.log('warn', `hello rejected: ${code}`, { linkId, message });
  ctx.emit({ kind: 'send-monitor', linkId, message: { type: 'reject', id: ctx.options.newId(), ts: ctx.now(), code, message } });
  ctx.emit({ kind: 'close-monitor-link', linkId, reason: `rejected: ${code}` });
}
