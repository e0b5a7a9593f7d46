import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { FramedLink, LinkError} from '../../../../bus/tcp/index.ts';
import { connectFramedLink, FramedServer, type FramedServerOptions, type PeerInfo } from '../../../../bus/tcp/index.ts';
import { engineLink } from '../../../../protocol/messages/monitor.ts';
import { activeTimers, aPing, baselineTimers } from './builders.ts';
import { ackToken, nackToken, RawPeer } from './raw-peer.ts';

type Link = FramedLink<typeof engineLink>;

describe('bus/tcp FramedServer (DESIGN §4.1)', () => {
  const servers: FramedServer<typeof engineLink>[] = [];
  const links: Link[] = [];

  async function startServer(options: Omit<FramedServerOptions<typeof engineLink>, 'inbound'> = {}): Promise<FramedServer<typeof engineLink>> {
    const server = new FramedServer({ ...options, inbound: engineLink });
    servers.push(server);
    await server.listen();
    return server;
  }

  async function connect(port: number): Promise<Link> {
    const link = await connectFramedLink({ host: '127.0.0.1', port, inbound: engineLink, connectTimeoutMs: 2000 });
    links.push(link);
    return link;
  }

  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('listens on a free port when given 0 and tracks its open links', async () => {
    const server = await startServer({ port: 0 });
    assert.ok(server.port > 0);
    const linked = once(server, 'link');
    const client = await connect(server.port);
    const [serverSide] = (await linked) as [Link];
    assert.equal(server.links.size, 1);
    assert.match(serverSide.remoteAddress, /^127\.0\.0\.1:\d+$/);
    assert.equal(serverSide.remoteHost, '127.0.0.1');
    const serverSideClosed = once(serverSide, 'close');
    await client.close();
    await serverSideClosed;
    assert.equal(server.links.size, 0);
  });

  it('answers NACK past maxConnections: the client rejects with REFUSED', async () => {
    const server = await startServer({ maxConnections: 1 });
    await connect(server.port);
    const refused = once(server, 'refused');
    await assert.rejects(connect(server.port), (error: LinkError) => {
      assert.equal(error.code, 'REFUSED');
      assert.match(error.message, /^server 127\.0\.0\.1:\d+ refused the link \(NACK\): it is full/);
      return true;
    });
    assert.match(String((await refused)[1]), /^full \(1 links\)$/);
  });

  it('a raw client sees NACK then the connection closed when the server is full', async () => {
    const server = await startServer({ maxConnections: 0 });
    const raw = await RawPeer.connect(server.port);
    assert.deepEqual(await raw.next(), nackToken);
    await raw.closed;
  });

  it('asks the accept hook, with the peer address, and NACKs when it says no', async () => {
    const seen: PeerInfo[] = [];
    const server = await startServer({ accept: async (peer) => (seen.push(peer), seen.length === 1) });
    await connect(server.port);
    await assert.rejects(connect(server.port), (error: LinkError) => error.code === 'REFUSED');
    assert.equal(seen.length, 2);
    assert.equal(seen[0]!.remoteAddress, '127.0.0.1');
  });

  it('NACKs when the accept hook throws, and keeps serving', async () => {
    let fail = true;
    const server = await startServer({
      accept: () => {
        if (fail) throw new Error('registry down');
        return true;
      },
    });
    const refused = once(server, 'refused');
    await assert.rejects(connect(server.port), (error: LinkError) => error.code === 'REFUSED');
    assert.match(String((await refused)[1]), /accept hook failed: registry down/);
    fail = false;
    await connect(server.port);
  });

  it('skips bytes before the ENQ and drops a client that never sends one', async () => {
    const server = await startServer({ handshakeTimeoutMs: 100 });
    const early = await RawPeer.connect(server.port, false);
    early.write(Buffer.from('hello?'), 0x05);
    assert.deepEqual(await early.next(), ackToken);
    const silent = await RawPeer.connect(server.port, false);
    const [, reason] = await once(server, 'refused');
    assert.match(String(reason), /no ENQ within 100 ms/);
    await silent.closed;
    early.socket.destroy();
  });

  it('close() sends EOT on every link and leaves no timer behind', async () => {
    const baseline = await baselineTimers();
    const server = await startServer();
    const clients = [await connect(server.port), await connect(server.port)];
    const reasons = clients.map((client) => once(client, 'close'));
    const pending = clients[0]!.request(aPing(1), { timeoutMs: 30_000 }).catch((error: Error) => error);
    await server.close();
    assert.deepEqual(await Promise.all(reasons), [['peer sent EOT'], ['peer sent EOT']]);
    assert.match(String(await pending), /closed \(peer sent EOT\)/);
    await Promise.all(clients.map((client) => client.close()));
    assert.equal(activeTimers(), baseline);
  });

  it('refuses new clients once closing', async () => {
    const server = await startServer();
    const port = server.port;
    await server.close();
    await assert.rejects(connect(port), (error: LinkError) => error.code === 'UNREACHABLE');
  });

  it('listen() on a port in use rejects with LISTEN and says why', async () => {
    const first = await startServer();
    const second = new FramedServer({ inbound: engineLink, port: first.port });
    await assert.rejects(second.listen(), (error: LinkError) => {
      assert.equal(error.code, 'LISTEN');
      assert.equal(error.message, `cannot listen on 127.0.0.1:${first.port}: the port is already in use (is another instance running?)`);
      return true;
    });
  });

});
