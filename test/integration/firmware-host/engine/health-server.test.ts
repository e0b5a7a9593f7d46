import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { silentLogger } from '../../../../base/logger.ts';
import { connectFramedLink, type FramedLink } from '../../../../bus/tcp/index.ts';
import { ACK, ENQ, NACK, encodeFrame, engineLink, makeMessage, type EngineLinkMessage, type Ping } from '../../../../protocol/index.ts';
import { HealthServer, type EngineStatus } from '../../../../firmware-host/engine/health-server.ts';

function nextMessage(link: FramedLink<typeof engineLink>): Promise<EngineLinkMessage> {
  return once(link, 'message').then(([message]) => message as EngineLinkMessage);
}

/** A raw TCP client past the handshake, for bytes no FramedLink would send. */
async function rawClient(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.write(Buffer.of(ENQ));
  const [reply] = (await once(socket, 'data')) as [Buffer];
  assert.equal(reply[0], ACK);
  return socket;
}

describe('HealthServer (DESIGN §4.3)', () => {
  let status: EngineStatus;
  let server: HealthServer;
  const links: FramedLink<typeof engineLink>[] = [];

  async function connect(): Promise<FramedLink<typeof engineLink>> {
    const link = await connectFramedLink({ host: '127.0.0.1', port: server.port, inbound: engineLink });
    links.push(link);
    return link;
  }

  beforeEach(async () => {
    status = { health: 'ok', state: 'AVAILABLE' };
    server = new HealthServer({ cpId: 'CP1', port: 0, status: () => status, logger: silentLogger });
    await server.listen();
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.close()));
    await server.close();
  });

  it('answers ping with pong carrying the seq, health, state and session', async () => {
    const link = await connect();
    const ping = makeMessage<Ping>('ping', { seq: 7 });
    assert.deepEqual(pick(await link.request(ping)), { type: 'pong', re: ping.id, seq: 7, health: 'ok', state: 'AVAILABLE' });
    status = { health: 'ok', state: 'CHARGING', sessionId: 'S1' };
    const reply = await link.request(makeMessage<Ping>('ping', { seq: 8 }));
    assert.equal(reply.type === 'pong' && reply.sessionId, 'S1');
  });

  it('pushes health to every connected Monitor', async () => {
    const first = await connect();
    const second = await connect();
    const arrivals = [nextMessage(first), nextMessage(second)];
    server.pushHealth('ko');
    for (const message of await Promise.all(arrivals)) {
      assert.equal(message.type, 'health');
      assert.equal(message.type === 'health' && message.engine, 'ko');
      assert.equal(message.type === 'health' && message.cpId, 'CP1');
    }
  });

  it('NACKs garbage frames and keeps answering', async () => {
    const socket = await rawClient(server.port);
    socket.write(Buffer.from('\x01\xffrandom bytes outside any frame'));
    socket.write(encodeFrame(Buffer.from('{"type":"nonsense"}')));
    const [reply] = (await once(socket, 'data')) as [Buffer];
    assert.equal(reply[0], NACK);
    socket.destroy();
    const link = await connect();
    const pong = await link.request(makeMessage<Ping>('ping', { seq: 1 }));
    assert.equal(pong.type, 'pong');
  });

  it('drops a client that sends a huge frame and serves the next one', async () => {
    const socket = await rawClient(server.port);
    // The server destroys the socket, which may surface here as ECONNRESET: only its close matters.
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(Buffer.concat([Buffer.of(0x02), Buffer.alloc(64 * 1024, 0x41)]));
    await closed;
    const link = await connect();
    assert.equal((await link.request(makeMessage<Ping>('ping', { seq: 2 }))).type, 'pong');
  });
});

function pick(message: EngineLinkMessage): Record<string, unknown> {
  const { id: _id, ts: _ts, ...rest } = message;
  return rest;
}
