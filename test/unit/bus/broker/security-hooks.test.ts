import assert from 'node:assert/strict';
import type { Client, PublishPacket, Subscription } from 'aedes';
import { createSecurityHooks, type Authenticate } from '../../../../bus/broker/security-hooks.ts';
import { silentLogger } from '../../../../base/logger.ts';

const CENTRAL = { username: '$central', password: 'central-pw' };
const authenticate: Authenticate = async (username, password) => {
  if (username === 'CP1') return password === 'cp1-secret' ? { kind: 'cp', id: 'CP1' } : null;
  if (username === 'broken') throw new Error('store unavailable');
  if (username === 'bad/id') return { kind: 'driver', id: 'bad/id' };
  return password === 'pw' ? { kind: 'driver', id: username } : null;
};

/** The hooks, with what they counted as refused. */
function hooks() {
  const rejected: string[] = [];
  const made = createSecurityHooks({ central: CENTRAL, authenticate, logger: silentLogger, onRejected: (source, reason) => void rejected.push(`${source}:${reason}`) });
  return { ...made, rejected };
}

const aClient = (id: string) => ({ id }) as Client;

/** Runs the authenticate hook: the CONNACK code it refuses with, or 'ok'. */
function login(made: ReturnType<typeof hooks>, client: Client, username: string | undefined, password: string | undefined): Promise<number | 'ok'> {
  return new Promise((resolve) => {
    made.authenticate(client, username, password === undefined ? undefined : Buffer.from(password), (error, success) => {
      resolve(success ? 'ok' : (error as Error & { returnCode: number }).returnCode);
    });
  });
}

function publish(made: ReturnType<typeof hooks>, client: Client, topic: string, retain = false): Promise<Error | null | undefined> {
  return new Promise((resolve) => made.authorizePublish(client, { topic, retain } as PublishPacket, (error) => resolve(error)));
}

function subscribe(made: ReturnType<typeof hooks>, client: Client, topic: string): Promise<Subscription | null> {
  return new Promise((resolve) => made.authorizeSubscribe(client, { topic, qos: 1 } as Subscription, (_error, granted) => resolve(granted ?? null)));
}

describe('bus/broker/security-hooks (DESIGN §4.4–4.5)', () => {
  it('lets Central in with its own password only, and counts nothing for it', async () => {
    const made = hooks();
    assert.equal(await login(made, aClient('central-1'), CENTRAL.username, CENTRAL.password), 'ok');
    assert.equal(await login(made, aClient('central-2'), CENTRAL.username, 'guess'), 4);
    assert.deepEqual(made.rejected, ['mqtt:bad-credentials']);
  });

  it('refuses an anonymous client, a wrong secret, and a role whose id is not a valid id (CONNACK 4)', async () => {
    const made = hooks();
    assert.equal(await login(made, aClient('x'), undefined, undefined), 4);
    assert.equal(await login(made, aClient('CP1'), 'CP1', 'wrong'), 4);
    assert.equal(await login(made, aClient('bad/id'), 'bad/id', 'pw'), 4);
    assert.deepEqual(made.rejected, ['mqtt:bad-credentials', 'mqtt:bad-credentials', 'mqtt:bad-credentials']);
  });

  it('refuses a client id that is someone else’s session (CONNACK 2), and a failing lookup as unavailable (CONNACK 3)', async () => {
    const made = hooks();
    assert.equal(await login(made, aClient('D2'), 'D1', 'pw'), 2);
    assert.equal(await login(made, aClient('CP1.engine'), 'CP1', 'cp1-secret'), 'ok');
    assert.equal(await login(made, aClient('broken'), 'broken', 'pw'), 3);
    assert.deepEqual(made.rejected, ['mqtt:client-id-taken']);
  });

  it('authorizes publishes and subscriptions by the logged-in role; a refused publish is an error (the client is closed), a refused subscription a null grant', async () => {
    const made = hooks();
    const cp = aClient('CP1.engine');
    await login(made, cp, 'CP1', 'cp1-secret');
    assert.equal(await publish(made, cp, 'evc/cp/CP1/events'), null);
    assert.match(String(await publish(made, cp, 'evc/cp/CP2/events')), /not authorized to publish to evc\/cp\/CP2\/events/);
    assert.ok(await publish(made, cp, '$SYS/broker/uptime'), '$SYS is never open to clients');
    assert.deepEqual(await subscribe(made, cp, 'evc/cp/CP1/cmd'), { topic: 'evc/cp/CP1/cmd', qos: 1 });
    assert.equal(await subscribe(made, cp, 'evc/cp/CP2/cmd'), null);
    assert.deepEqual(made.rejected, ['mqtt:acl-publish', 'mqtt:acl-publish', 'mqtt:acl-subscribe']);
  });

  it('a client that never logged in may do nothing', async () => {
    const made = hooks();
    const stranger = aClient('D1');
    assert.ok(await publish(made, stranger, 'evc/drivers/D1/requests'));
    assert.equal(await subscribe(made, stranger, 'evc/drivers/D1/events'), null);
  });
});
