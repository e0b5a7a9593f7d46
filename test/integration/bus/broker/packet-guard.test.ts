import assert from 'node:assert/strict';
import { connectAsync } from 'mqtt';
import type { Authenticate, EmbeddedBroker } from '../../../../bus/index.ts';
import { startTestBroker } from '../../../helpers/brokers.ts';
import { closedOf, connectHeader, rawSocket } from '../../../helpers/raw-mqtt.ts';

const authenticate: Authenticate = async (username, password) => (password === 'pw' ? { kind: 'driver', id: username } : null);

describe('bus/broker/packet-guard: packets bounded before they are read (issue 9)', function () {
  let broker: EmbeddedBroker;
  const rejected: string[] = [];

  beforeEach(async function () {
    rejected.length = 0;
    broker = await startTestBroker({
      authenticate,
      maxPacketBytes: 64 * 1024,
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

});
