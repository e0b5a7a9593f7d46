// The MQTT client's socket, against a plain TCP (and TLS) listener on loopback.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import type { IClientOptions, MqttClient } from 'mqtt';
import { noDelayStreamBuilder } from '../../../../bus/mqtt/stream-builder.ts';
import { makeTestCertificates } from '../../../helpers/certificates.ts';

/** mqtt.js hands the builder its client and options; this builder needs neither. */
const build = (endpoint: Parameters<typeof noDelayStreamBuilder>[0]) => noDelayStreamBuilder(endpoint)(undefined as unknown as MqttClient, {} as IClientOptions) as net.Socket;

describe('bus/mqtt/stream-builder', () => {
  let server: net.Server;
  let received: Buffer[];
  let accepted: Promise<net.Socket>;
  let peer: net.Socket | undefined;
  beforeEach(async () => {
    received = [];
    peer = undefined;
    let accept!: (socket: net.Socket) => void;
    accepted = new Promise((resolve) => (accept = resolve));
    server = net.createServer((socket) => {
      peer = socket;
      socket.on('data', (chunk) => received.push(chunk));
      accept(socket);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterEach(() => {
    peer?.destroy();
    server.close();
  });

  const port = () => (server.address() as net.AddressInfo).port;

  it('opens a TCP socket with Nagle off, and holds the writes of one turn until the turn ends', async () => {
    const socket = build({ protocol: 'mqtt', host: '127.0.0.1', port: port() });
    await once(socket, 'connect');
    const peer = await accepted;
    socket.write('a');
    socket.write('b');
    assert.equal(socket.writableCorked, 1, 'held within the turn');
    socket.write('c');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(socket.writableCorked, 0, 'let go at the end of the turn');
    const arrived = once(peer, 'data');
    await arrived;
    assert.equal(Buffer.concat(received).toString(), 'abc');
    socket.destroy();
  });

  it('lets the held writes go before a destroy', async () => {
    const socket = build({ protocol: 'mqtt', host: '127.0.0.1', port: port() });
    await once(socket, 'connect');
    const peer = await accepted;
    socket.write('last words');
    socket.destroy();
    assert.equal(socket.writableCorked, 0);
    await once(peer, 'end');
    assert.equal(Buffer.concat(received).toString(), 'last words');
  });

  it('speaks TLS for mqtts, with the given options', async () => {
    const certificates = await makeTestCertificates();
    const tlsServer = tls.createServer({ key: certificates.key, cert: certificates.cert }, (socket) => socket.end('hello over tls'));
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    try {
      const socket = build({ protocol: 'mqtts', host: '127.0.0.1', port: (tlsServer.address() as net.AddressInfo).port, tls: { ca: certificates.ca } });
      assert.ok(socket instanceof tls.TLSSocket);
      await once(socket, 'secureConnect');
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      assert.equal(chunk.toString(), 'hello over tls');
      socket.destroy();
    } finally {
      tlsServer.close();
      await certificates.remove();
    }
  });
});
