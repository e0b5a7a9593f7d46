import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { connectFramedLink, FramedServer, type LinkError } from '../../../../bus/tcp/index.ts';
import { engineLink } from '../../../../protocol/messages/monitor.ts';
import { RawPeer } from './raw-peer.ts';

describe('bus/tcp connectFramedLink (DESIGN §4.1)', () => {
  it('connects and shakes hands with a FramedServer: a link both ways', async () => {
    const server = new FramedServer({ inbound: engineLink, port: 0 });
    await server.listen();
    const accepted = once(server, 'link');
    const link = await connectFramedLink({ host: '127.0.0.1', port: server.port, inbound: engineLink });
    await accepted;
    assert.equal(link.closed, false);
    await link.close();
    await server.close();
  });

  it('an abort during the handshake gives up at once with CLOSED', async () => {
    const raw = await RawPeer.listen();
    const stop = new AbortController();
    void raw.accepted.then(async (peer) => {
      await peer.next();
      stop.abort();
    });
    await assert.rejects(
      connectFramedLink({ host: '127.0.0.1', port: raw.port, inbound: engineLink, connectTimeoutMs: 60_000, signal: stop.signal }),
      (error: LinkError) => error.code === 'CLOSED',
    );
    await assert.rejects(
      connectFramedLink({ host: '127.0.0.1', port: raw.port, inbound: engineLink, signal: stop.signal }),
      /aborted/,
    );
    await raw.close();
  });

  it('ECONNREFUSED becomes UNREACHABLE with a hint', async () => {
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    await assert.rejects(connectFramedLink({ host: '127.0.0.1', port, inbound: engineLink, connectTimeoutMs: 2000 }), (error: LinkError) => {
      assert.equal(error.code, 'UNREACHABLE');
      assert.equal(error.message, `cannot connect to 127.0.0.1:${port}: connection refused (is the server running and listening on that port?)`);
      return true;
    });
  });

  it('a server that never answers the ENQ gives TIMEOUT', async () => {
    const raw = await RawPeer.listen();
    await assert.rejects(
      connectFramedLink({ host: '127.0.0.1', port: raw.port, inbound: engineLink, connectTimeoutMs: 100 }),
      (error: LinkError) => error.code === 'TIMEOUT' && /no handshake answer \(ACK\) from 127\.0\.0\.1:\d+ within 100 ms/.test(error.message),
    );
    await raw.close();
  });

  it('a server that hangs up during the handshake gives CLOSED', async () => {
    const raw = await RawPeer.listen();
    void raw.accepted.then((peer) => peer.socket.end());
    await assert.rejects(
      connectFramedLink({ host: '127.0.0.1', port: raw.port, inbound: engineLink }),
      (error: LinkError) => error.code === 'CLOSED' && /while waiting for handshake answer/.test(error.message),
    );
    await raw.close();
  });
});
