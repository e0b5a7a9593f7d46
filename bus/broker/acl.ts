import { isValidId } from '../../protocol/ids.ts';

/**
 * Who may do what on the embedded broker (DESIGN §4.4–4.5). Pure: no broker, no I/O.
 *
 * Identities: a CP logs in with username = its cpId, a driver with username = its
 * driverId; which of the two a username is, and whether its password is right, is
 * decided by the injected authenticate function (Central knows its CPs). A privileged
 * `central` identity may do everything; an `operator` (a person with mosquitto_sub) may
 * only watch: subscribe under `evc/`, publish nothing.
 */
export type RoleKind = 'cp' | 'driver' | 'central' | 'operator';

export interface Role {
  kind: RoleKind;
  id: string;
}

/** Topics a CP may publish under its own `evc/cp/{cpId}/` (DESIGN §4.4). */
const CP_PUBLISH = new Set(['events', 'telemetry', 'online']);

export function mayPublish(role: Role, topic: string, retain = false): boolean {
  if (role.kind === 'central') return true;
  if (role.kind === 'operator') return false;
  const own = ownKind(role, topic);
  if (role.kind === 'cp') return own !== undefined && CP_PUBLISH.has(own) && (!retain || own === 'online');
  // A retained driver request would be replayed to Central on every resubscribe.
  return own === 'requests' && !retain;
}

/** Patterns are checked literally: a CP or driver may subscribe only to its own exact topic. */
export function maySubscribe(role: Role, pattern: string): boolean {
  if (role.kind === 'central') return true;
  if (role.kind === 'operator') return pattern === 'evc/#' || pattern.startsWith('evc/');
  const own = ownKind(role, pattern);
  return role.kind === 'cp' ? own === 'cmd' : own === 'events';
}

/**
 * The MQTT client id is the persistent-session key, so taking another's id would take
 * over its session and queued messages. A CP or driver must use its own id, optionally
 * with a `.suffix` (ids cannot contain dots, so `CP1.x` can only be CP1's).
 */
export function mayUseClientId(role: Role, clientId: string): boolean {
  if (role.kind === 'central') return true;
  if (!isValidRoleId(role.id)) return false;
  return clientId === role.id || clientId.startsWith(`${role.id}.`);
}

/** CP and driver ids follow the one id rule (protocol/ids.ts): never a wildcard, a slash or a dot. */
export function isValidRoleId(id: string): boolean {
  return isValidId(id);
}

/** The last level of `evc/{scope}/{id}/{kind}` when it is under the role's own prefix. */
function ownKind(role: Role, topic: string): string | undefined {
  if (!isValidRoleId(role.id)) return undefined;
  const scope = role.kind === 'cp' ? 'cp' : 'drivers';
  const prefix = `evc/${scope}/${role.id}/`;
  if (!topic.startsWith(prefix)) return undefined;
  const kind = topic.slice(prefix.length);
  return kind.length > 0 && !/[/+#]/.test(kind) ? kind : undefined;
}
