import { createHash, timingSafeEqual } from 'node:crypto';
import type { AedesOptions, Client } from 'aedes';
import type { Logger } from '../../base/logger.ts';
import { isValidRoleId, mayPublish, maySubscribe, mayUseClientId, type Role } from './acl.ts';

/**
 * Decides who a client is from its MQTT username and password: a CP (username = cpId,
 * password = its secret), a driver (username = driverId, plus its token once drivers
 * are provisioned), or null to refuse. Central injects one that looks CPs up in its store.
 * `clientId` helps tell an Engine (`{cpId}.engine`) whose CP is not registered yet from a driver.
 */
export type Authenticate = (username: string, password: string | undefined, clientId: string) => Promise<Role | null>;

/** The privileged identity Central's own bus clients log in with. */
export interface CentralCredentials {
  username: string;
  password: string;
}

/** A refusal to count: where (`mqtt`) and why (`bad-credentials`, `acl-publish`, …). */
export type OnRejected = (source: string, reason: string) => void;

export interface SecurityOptions {
  central: CentralCredentials;
  /** Default: refuse everyone but `central`. */
  authenticate?: Authenticate;
  logger: Logger;
  onRejected?: OnRejected;
}

type Hooks = Required<Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>>;

/** The aedes hooks, and who a logged-in client is (to find a revoked user's connections). */
export type SecurityHooks = Hooks & { roleOf(client: Client): Role | undefined };

// MQTT 3.1.1 §3.2.2.3 CONNACK return codes.
const ID_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_CREDENTIALS = 4;

const refuseAll: Authenticate = async () => null;

/** aedes security hooks enforcing the ACL of acl.ts (DESIGN §4.4–4.5). */
export function createSecurityHooks({ central, authenticate = refuseAll, logger, onRejected = () => undefined }: SecurityOptions): SecurityHooks {
  const roles = new WeakMap<Client, Role>();

  const resolveRole = async (username: string | undefined, password: string | undefined, clientId: string): Promise<Role | null> => {
    if (username === undefined) return null;
    if (username === central.username) {
      return password !== undefined && sameSecret(password, central.password) ? { kind: 'central', id: username } : null;
    }
    const role = await authenticate(username, password, clientId);
    return role && (role.kind === 'central' || isValidRoleId(role.id)) ? role : null;
  };

  return {
    roleOf: (client) => roles.get(client),

    authenticate(client, username, password, done) {
      resolveRole(username ?? undefined, password?.toString('utf8'), client.id).then(
        (role) => {
          if (!role) {
            logger.warn({ clientId: client.id, username }, 'mqtt login refused: bad username or password');
            onRejected('mqtt', 'bad-credentials');
            return done(refusal('bad username or password', BAD_CREDENTIALS), false);
          }
          if (!mayUseClientId(role, client.id)) {
            logger.warn({ clientId: client.id, username }, 'mqtt login refused: client id belongs to someone else');
            onRejected('mqtt', 'client-id-taken');
            return done(refusal(`client id must be "${role.id}" or start with "${role.id}."`, ID_REJECTED), false);
          }
          roles.set(client, role);
          done(null, true);
        },
        (error: unknown) => {
          logger.error({ err: error, username }, 'mqtt authenticate failed');
          done(refusal('authentication unavailable', SERVER_UNAVAILABLE), false);
        },
      );
    },

    authorizePublish(client, packet, done) {
      const role = client ? roles.get(client) : undefined;
      if (role && !packet.topic.startsWith('$SYS') && mayPublish(role, packet.topic, packet.retain)) return done(null);
      logger.warn({ clientId: client?.id, topic: packet.topic }, 'mqtt publish refused by ACL; closing the client');
      onRejected('mqtt', 'acl-publish');
      // MQTT 3.1.1 has no negative PUBACK: the broker closes the connection (§3.3.5).
      done(new Error(`not authorized to publish to ${packet.topic}`));
    },

    authorizeSubscribe(client, subscription, done) {
      const role = roles.get(client);
      if (role && maySubscribe(role, subscription.topic)) return done(null, subscription);
      logger.warn({ clientId: client.id, topic: subscription.topic }, 'mqtt subscription refused by ACL');
      onRejected('mqtt', 'acl-subscribe');
      done(null, null); // SUBACK 0x80 for this topic; the client stays connected
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function refusal(message: string, returnCode: number): Error & { returnCode: number } {
  return Object.assign(new Error(message), { returnCode });
}
