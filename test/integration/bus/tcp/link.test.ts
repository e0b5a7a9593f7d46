import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { FramedLink, LinkError } from '../../../../bus/tcp/index.ts';
import { connectFramedLink, FramedServer } from '../../../../bus/tcp/index.ts';
import { EOT, ETX, STX } from '../../../../protocol/framing/control-bytes.ts';
import { encodeFrame } from '../../../../protocol/framing/encode.ts';
import { engineLink, type EngineLinkMessage } from '../../../../protocol/messages/monitor.ts';
import { encodeMessage } from '../../../../protocol/parse.ts';
import { activeTimers, aHealth, baselineTimers, aPing, aPong } from './builders.ts';
import { ackToken, nackToken, RawPeer } from './raw-peer.ts';

type Link = FramedLink<typeof engineLink>;

describe('bus/tcp FramedLink over loopback (DESIGN §4.1)', () => {
  let server: FramedServer<typeof engineLink>;
  let port: number;
  const opened: Array<Link | RawPeer> = [];

  beforeEach(async () => {
    server = new FramedServer({ inbound: engineLink, ackTimeoutMs: 2000 });
    ({ port } = await server.listen());
  });

  afterEach(async () => {
    for (const end of opened.splice(0)) {
      if (end instanceof RawPeer) end.socket.destroy();
      else await end.close();
    }
    await server.close();
  });

  async function linkedPair(): Promise<{ client: Link; serverSide: Link }> {
    const serverSide = once(server, 'link').then(([link]) => link as Link);
    const client = await connectFramedLink({ host: '127.0.0.1', port, inbound: engineLink });
    opened.push(client);
    return { client, serverSide: await serverSide };
  }

  async function rawClient(): Promise<{ raw: RawPeer; link: Link }> {
    const linked = once(server, 'link').then(([link]) => link as Link);
    const raw = await RawPeer.connect(port);
    opened.push(raw);
    assert.deepEqual(await raw.next(), ackToken, 'the server ACKs the ENQ');
    return { raw, link: await linked };
  }

  describe('between two FramedLinks', () => {
    it('shakes hands, then delivers messages both ways', async () => {
      const { client, serverSide } = await linkedPair();
      const ping = aPing(1);
      const received = once(serverSide, 'message');
      await client.send(ping);
      assert.deepEqual((await received)[0], ping);
      const health = aHealth({ engine: 'ko' });
      const back = once(client, 'message');
      await serverSide.send(health);
      assert.deepEqual((await back)[0], health);
    });

    it('request resolves with the reply whose re is the request id, other messages still flow', async () => {
      const { client, serverSide } = await linkedPair();
      serverSide.on('message', (message: EngineLinkMessage) => {
        if (message.type !== 'ping') return;
        void serverSide.send(aHealth({ detail: 'pushed before the pong' }));
        void serverSide.send(aPong(message, { seq: message.seq }));
      });
      const pushed = once(client, 'message');
      const replies = await Promise.all([1, 2, 3].map((seq) => client.request(aPing(seq), { timeoutMs: 2000 })));
      assert.deepEqual(
        replies.map((reply) => (reply.type === 'pong' ? reply.seq : -1)),
        [1, 2, 3],
      );
      assert.equal(((await pushed)[0] as EngineLinkMessage).type, 'health', 'a message without re goes to "message"');
    });

    it('a request without reply rejects with a TIMEOUT naming the request, and the link stays usable', async () => {
      const { client, serverSide } = await linkedPair();
      const ping = aPing(9);
      await assert.rejects(client.request(ping, { timeoutMs: 50 }), (error: LinkError) => {
        assert.equal(error.code, 'TIMEOUT');
        assert.match(error.message, new RegExp(`no reply to ping ${ping.id} within 50 ms`));
        return true;
      });
      const received = once(serverSide, 'message');
      await client.send(aPing(10));
      assert.equal(((await received)[0] as EngineLinkMessage).type, 'ping');
    });

    it('close() sends EOT: the peer closes too, pending requests and later sends reject with CLOSED', async () => {
      const { client, serverSide } = await linkedPair();
      const peerClosed = once(serverSide, 'close');
      const pending = client.request(aPing(1), { timeoutMs: 10_000 });
      const closing = client.close();
      await assert.rejects(pending, (error: LinkError) => error.code === 'CLOSED' && /closed \(closed locally\)/.test(error.message));
      await closing;
      assert.deepEqual(await peerClosed, ['peer sent EOT']);
      assert.equal(client.closeReason, 'closed locally');
      await assert.rejects(client.send(aPing(2)), (error: LinkError) => error.code === 'CLOSED');
      await assert.rejects(client.request(aPing(3)), /the link is closed/);
    });

    it('close() leaves no timer of the link behind, with requests and frames pending', async () => {
      const baseline = await baselineTimers();
      const { client, serverSide } = await linkedPair();
      serverSide.on('message', () => {}); // never replies
      const requests = [client.request(aPing(1), { timeoutMs: 30_000 }), client.request(aPing(2), { timeoutMs: 30_000 })];
      const outcomes = Promise.allSettled(requests);
      assert.ok(activeTimers() > baseline, 'request timers are running');
      await client.close();
      await server.close();
      const settled = await outcomes;
      assert.ok(settled.every((outcome) => outcome.status === 'rejected' && /closed/.test(String(outcome.reason))));
      assert.equal(activeTimers(), baseline);
    });
  });

  describe('against a raw peer', () => {
    it('ACKs each valid frame and NACKs a bad LRC, then takes the resent frame', async () => {
      const { raw, link } = await rawClient();
      const messages: EngineLinkMessage[] = [];
      const invalid: string[] = [];
      link.on('message', (m) => messages.push(m));
      link.on('invalid', (reason) => invalid.push(reason));
      const ping = aPing(1);
      const frame = encodeFrame(encodeMessage(ping));
      const corrupt = Buffer.from(frame);
      corrupt[corrupt.length - 1]! ^= 0xff;
      raw.write(corrupt);
      assert.deepEqual(await raw.next(), nackToken);
      raw.write(frame);
      assert.deepEqual(await raw.next(), ackToken);
      assert.deepEqual(messages, [ping]);
      assert.deepEqual(invalid, ['bad LRC']);
    });

    it('NACKs DATA that is not a valid message for the link, with the reason in "invalid"', async () => {
      const { raw, link } = await rawClient();
      const invalid = once(link, 'invalid');
      raw.sendMessage({ type: 'hello', id: 'h1', ts: 1 });
      assert.deepEqual(await raw.next(), nackToken);
      assert.match(String((await invalid)[0]), /^invalid message: type: /);
      raw.write(encodeFrame(Buffer.from('not json')));
      assert.deepEqual(await raw.next(), nackToken);
      raw.sendMessage(aPing(2));
      assert.deepEqual(await raw.next(), ackToken, 'the link survives bad input');
    });

    it('skips bytes outside frames', async () => {
      const { raw, link } = await rawClient();
      const messages: EngineLinkMessage[] = [];
      link.on('message', (m) => messages.push(m));
      const one = aPing(1);
      const two = aPing(2);
      raw.write(Buffer.from('garbage\r\n'), ETX, 0xff, encodeFrame(encodeMessage(one)), Buffer.from(' noise '), encodeFrame(encodeMessage(two)));
      assert.deepEqual(await raw.next(), ackToken);
      assert.deepEqual(await raw.next(), ackToken);
      assert.deepEqual(messages, [one, two]);
    });

    it('closes the link on a frame over 4 KiB', async () => {
      const { raw, link } = await rawClient();
      const closed = once(link, 'close');
      raw.write(STX, Buffer.alloc(5000, 0x61), ETX, 0);
      assert.match(String((await closed)[0]), /over 4096 bytes/);
      await raw.closed;
    });

    it('EOT from the peer closes the link gracefully', async () => {
      const { raw, link } = await rawClient();
      const closed = once(link, 'close');
      raw.write(EOT);
      assert.deepEqual(await closed, ['peer sent EOT']);
      await raw.closed;
      assert.ok(raw.ended, 'the link ended its side (FIN), not a reset');
    });

    it('keeps one frame in flight: the next leaves only after the ACK', async () => {
      const { raw, link } = await rawClient();
      const pings = [aPing(1), aPing(2), aPing(3)];
      const sent = pings.map((ping) => link.send(ping));
      assert.equal(link.pendingFrames, 3);
      assert.deepEqual(await raw.nextMessage(), pings[0]);
      // A round trip on the same socket: anything the link wrote before its ACK would arrive first.
      raw.sendMessage(aHealth());
      assert.deepEqual(await raw.next(), ackToken);
      raw.ack();
      assert.deepEqual(await raw.nextMessage(), pings[1]);
      raw.ack();
      assert.deepEqual(await raw.nextMessage(), pings[2]);
      raw.ack();
      await Promise.all(sent);
      assert.equal(link.pendingFrames, 0);
    });

    it('resends a NACKed frame and resolves the send once it is ACKed', async () => {
      const { raw, link } = await rawClient();
      const ping = aPing(1);
      const sent = link.send(ping);
      assert.deepEqual(await raw.nextMessage(), ping);
      raw.nack();
      assert.deepEqual(await raw.nextMessage(), ping);
      raw.nack();
      assert.deepEqual(await raw.nextMessage(), ping);
      raw.ack();
      await sent;
      assert.equal(link.closed, false);
    });

    it('drops the link after the frame was refused on its 3rd resend', async () => {
      const { raw, link } = await rawClient();
      const ping = aPing(1);
      const sent = link.send(ping);
      const queued = link.send(aPing(2));
      const closed = once(link, 'close');
      for (let copy = 1; copy <= 4; copy++) {
        assert.deepEqual(await raw.nextMessage(), ping, `copy ${copy}`);
        raw.nack();
      }
      await assert.rejects(sent, (error: LinkError) => error.code === 'NACKED' && /refused ping .* 4 times/.test(error.message));
      await assert.rejects(queued, (error: LinkError) => error.code === 'CLOSED');
      assert.match(String((await closed)[0]), /refused ping/);
      await raw.closed;
    });

    it('drops the link when a frame is never acknowledged', async () => {
      await server.close();
      server = new FramedServer({ inbound: engineLink, ackTimeoutMs: 100 });
      ({ port } = await server.listen());
      const { raw, link } = await rawClient();
      const sent = link.send(aPing(1));
      assert.equal((await raw.next()).kind, 'frame');
      await assert.rejects(sent, (error: LinkError) => error.code === 'TIMEOUT' && /did not acknowledge ping .* within 100 ms/.test(error.message));
      assert.equal(link.closed, true);
      await raw.closed;
    });

    it('ignores an ACK or NACK with no frame in flight', async () => {
      const { raw, link } = await rawClient();
      raw.ack();
      raw.nack();
      raw.sendMessage(aPing(1));
      assert.deepEqual(await raw.next(), ackToken);
      assert.equal(link.closed, false);
    });
  });

  describe('as a client of a raw server', () => {
    it('delivers frames that arrived with the ACK in order, once a listener is attached', async () => {
      const raw = await RawPeer.listen();
      const first = aPing(5);
      const second = aPing(6);
      void raw.accepted.then(async (peer) => {
        assert.deepEqual(await peer.next(), { kind: 'control', byte: 0x05 });
        peer.write(0x06, encodeFrame(encodeMessage(first)));
        peer.write(encodeFrame(encodeMessage(second)));
      });
      const link = await connectFramedLink({ host: '127.0.0.1', port: raw.port, inbound: engineLink });
      opened.push(link);
      const peer = await raw.accepted;
      // Both frames are ACKed before anyone listens: nothing is lost meanwhile.
      assert.deepEqual([await peer.next(), await peer.next()], [ackToken, ackToken]);
      const messages: EngineLinkMessage[] = [];
      const both = new Promise<void>((resolve) => link.on('message', (m) => messages.push(m) === 2 && resolve()));
      await both;
      assert.deepEqual(messages, [first, second]);
      await link.close();
      await raw.close();
    });

    it('emits close with a reason and rejects pending requests when the peer vanishes without EOT', async () => {
      const raw = await RawPeer.listen();
      void raw.accepted.then(async (peer) => {
        await peer.next();
        peer.ack();
      });
      const link = await connectFramedLink({ host: '127.0.0.1', port: raw.port, inbound: engineLink });
      opened.push(link);
      const peer = await raw.accepted;
      const pending = link.request(aPing(1), { timeoutMs: 10_000 });
      assert.equal((await peer.next()).kind, 'frame');
      const closed = once(link, 'close');
      peer.socket.destroy();
      assert.match(String((await closed)[0]), /without EOT|connection/);
      await assert.rejects(pending, (error: LinkError) => error.code === 'CLOSED');
      await raw.close();
    });
  });
});
