import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { connectAsync } from 'mqtt';
import type { EmbeddedBroker} from '../../../../bus/index.ts';
import { type Authenticate } from '../../../../bus/index.ts';
import { startTestBroker } from '../../../helpers/brokers.ts';

const authenticate: Authenticate = async (username, password) => (password === 'pw' ? { kind: 'driver', id: username } : null);

/** The fixed header of a CONNECT claiming `length` bytes to follow (MQTT 3.1.1 §2.2.3). */
function connectHeader(length: number): Buffer {
  const bytes = [0x10];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}

/** Resolves when the socket is closed (a reset counts: `once` would reject on its error). */
const closedOf = (socket: net.Socket): Promise<void> => new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

function rawSocket(port: number): Promise<net.Socket> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  return once(socket, 'connect').then(() => socket);
}

describe('bus/broker: bounded resources before authentication (issue 9)', function () {
  let broker: EmbeddedBroker;
  const rejected: string[] = [];

  beforeEach(async function () {
    rejected.length = 0;
    broker = await startTestBroker({
      authenticate,
      maxPacketBytes: 64 * 1024,
      maxPendingPerAddress: 3,
      maxConnections: 6,
      onRejected: (source, reason) => rejected.push(`${source}:${reason}`),
    });
  });

  afterEach(async function () {
    await broker.close();
  });

  it('closes a socket announcing a 64 MiB CONNECT at its header, before its body is sent', async function () {
    const socket = await rawSocket(broker.port);
    const closed = closedOf(socket);
    socket.write(connectHeader(64 * 1024 * 1024));
    await closed;
    assert.deepEqual(rejected, ['mqtt:packet-too-large']);
  });

  it('closes a socket whose remaining length runs past 4 bytes', async function () {
    const socket = await rawSocket(broker.port);
    const closed = closedOf(socket);
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]));
    await closed;
    // 0x80 0x80 0x80 0x80 is 0 so far, not yet over the limit: the 4-byte rule closes it.
    assert.deepEqual(rejected, ['mqtt:malformed-length']);
  });

  it('lets a stock client publish a packet under the limit and drops one over it', async function () {
    const client = await connectAsync(broker.url, { clientId: 'D1', username: 'D1', password: 'pw', reconnectPeriod: 0 });
    client.on('error', () => undefined); // the reset that follows the refused packet
    await client.publishAsync('evc/drivers/D1/requests', Buffer.alloc(60 * 1024, 'a'), { qos: 1 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve())); // `once` would reject on the reset
    client.publish('evc/drivers/D1/requests', Buffer.alloc(65 * 1024, 'a'), { qos: 0 });
    await closed;
    client.end(true);
    assert.deepEqual(rejected, ['mqtt:packet-too-large']);
  });

  it('limits connections from one address that have not logged in; a logged-in one no longer counts', async function () {
    // Two logins first (each freed its slot when its CONNACK came back), then three silent sockets fit and a fourth does not.
    const clients = [];
    for (const id of ['D1', 'D2']) clients.push(await connectAsync(broker.url, { clientId: id, username: id, password: 'pw', reconnectPeriod: 0 }));
    const idle = await Promise.all([1, 2, 3].map(() => rawSocket(broker.port)));
    const fourth = await rawSocket(broker.port);
    await closedOf(fourth);
    assert.deepEqual(rejected, ['mqtt:too-many-pending']);
    assert.ok(idle.every((socket) => !socket.destroyed));
    for (const socket of idle) socket.destroy();
    await Promise.all(clients.map((client) => client.endAsync(true)));
  });

  it('limits the total number of connections', async function () {
    const clients = await Promise.all(['D1', 'D2', 'D3', 'D4', 'D5', 'D6'].map((id) => connectAsync(broker.url, { clientId: id, username: id, password: 'pw', reconnectPeriod: 0 })));
    const seventh = await rawSocket(broker.port);
    await closedOf(seventh);
    assert.deepEqual(rejected, ['mqtt:too-many-connections']);
    await Promise.all(clients.map((client) => client.endAsync(true)));
  });

  it('counts refused logins', async function () {
    await assert.rejects(connectAsync(broker.url, { clientId: 'D9', username: 'D9', password: 'wrong', reconnectPeriod: 0 }));
    assert.deepEqual(rejected, ['mqtt:bad-credentials']);
  });
});
