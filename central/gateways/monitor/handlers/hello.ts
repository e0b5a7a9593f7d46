import type { Hello, RejectCode } from '../../../../protocol/index.ts';
import { addCp, holdPending, isAccepted, leavePending, unbind, type CentralCore, type CpConfig, type SecretCheck } from '../../../core/index.ts';
import type { MonitorHandler } from '../types.ts';

/**
 * `hello` (DESIGN §4.2) → `welcome` or `reject {BAD_SECRET | UNKNOWN_CP | DUPLICATE}`.
 * The secret is checked against the store first (scrypt, outside the queue); inside the
 * queue the verdict is confirmed, since another hello may have registered the CP meanwhile.
 * Registration open: an unknown CP is trusted on first use (the core emits `register-cp`);
 * closed: only CPs `evc central add-cp` created get in; approve (DESIGN §2/§4.2): an unknown CP
 * is held as PENDING and told so until an operator accepts it, then its next hello registers it.
 */
export const hello: MonitorHandler<'hello'> = async (context, link, message) => {
  const { cpId } = message;
  const first = await context.secrets.check(cpId, message.secret);
  await context.submit(async (core) => {
    const verdict = first.stillValid() ? first : await context.secrets.recheck(cpId, message.secret);
    const stored = core.hasCp(cpId) ? undefined : context.secrets.storedConfig(cpId);
    // The operator's config (add-cp) wins over what the hello announces.
    if (stored) addCp(core, stored);
    answerHello(core, link.id, message, verdict.result);
  }, `hello ${cpId} on ${link.id}`);
};

/** The answer once the secret's verdict is known: bind the link and welcome, or reject and close. */
export function answerHello(core: CentralCore, linkId: string, hello: Hello, secret: SecretCheck): void {
  const bound = core.state.cpOnLink(linkId)?.config.id;
  if (bound !== undefined && bound !== hello.cpId) {
    return reject(core, linkId, 'BAD_REQUEST', `this link already speaks for ${bound}; open a new connection for ${hello.cpId}`);
  }
  const registration = core.options.registration;
  const open = registration === 'open' || (registration === 'approve' && isAccepted(core, hello.cpId));
  let cp = core.state.cp(hello.cpId);
  if (secret === 'mismatch') return reject(core, linkId, 'BAD_SECRET', `wrong secret for ${hello.cpId}`);
  if (!cp && !open && secret === 'none' && registration === 'approve') {
    if (!holdPending(core, hello)) return reject(core, linkId, 'UNKNOWN_CP', `too many CPs wait for approval; ask the operator to run: evc central add-cp ${hello.cpId}`);
    return reject(core, linkId, 'PENDING', `${hello.cpId} waits for the operator to accept it (evc central accept ${hello.cpId}); retrying`);
  }
  if (!cp && !open && secret === 'none') {
    return reject(core, linkId, 'UNKNOWN_CP', `${hello.cpId} is not registered; ask the operator to run: evc central add-cp ${hello.cpId}`);
  }
  if (cp && !open && secret === 'none') {
    return reject(core, linkId, 'BAD_SECRET', `no secret on file for ${hello.cpId}; ask the operator to run: evc central add-cp ${hello.cpId}`);
  }
  if (cp && cp.linkId !== undefined && cp.linkId !== linkId) {
    if (core.linkFresh(cp)) return reject(core, linkId, 'DUPLICATE', `${hello.cpId} is already connected`);
    unbind(core, cp, 'replaced by a new hello after its heartbeats stopped');
  }
  if (!cp) {
    cp = addCp(core, configFromHello(core, hello));
    // The store must have the CP before it is welcomed: `register-cp` when the secret is new to it.
    if (secret === 'match') core.emit({ kind: 'persist-cp', cp: core.cpSnapshot(cp) });
  } else if (cp.config.maxPowerKw === undefined && hello.maxPowerKw !== undefined) {
    // Stored config wins over a hello (the operator sets prices); a hello only fills what is missing.
    cp.config.maxPowerKw = hello.maxPowerKw;
    core.emit({ kind: 'persist-cp', cp: core.cpSnapshot(cp) });
  }
  leavePending(core, cp.config.id);
  if (secret === 'none') core.emit({ kind: 'register-cp', cp: structuredClone(cp.config), secret: hello.secret });
  core.state.bindLink(cp, linkId);
  if (core.options.deviceBusHasPresence === false) cp.engineOnBus = true;
  cp.lastSeenMs = core.now();
  delete cp.health;
  delete cp.linkEndedBy;
  const deviceBus = core.options.deviceBusForCps?.();
  core.emit({
    kind: 'send-monitor',
    linkId,
    message: { type: 'welcome', id: core.options.newId(), ts: core.now(), cpId: cp.config.id, heartbeatMs: core.options.heartbeatMs, ...(deviceBus ? { deviceBus } : {}) },
  });
  core.refresh(cp);
}

function configFromHello(core: CentralCore, hello: Hello): CpConfig {
  const config: CpConfig = { id: hello.cpId, location: { ...hello.location }, pricePerKwh: hello.pricePerKwh ?? core.options.defaultPricePerKwh };
  if (hello.maxPowerKw !== undefined) config.maxPowerKw = hello.maxPowerKw;
  return config;
}

function reject(core: CentralCore, linkId: string, code: RejectCode, message: string): void {
  core.reject('monitor', code.toLowerCase().replaceAll('_', '-'), `hello rejected: ${code}`, { linkId, message });
  core.emit({ kind: 'send-monitor', linkId, message: { type: 'reject', id: core.options.newId(), ts: core.now(), code, message } });
  core.emit({ kind: 'close-monitor-link', linkId, reason: `rejected: ${code}` });
}
