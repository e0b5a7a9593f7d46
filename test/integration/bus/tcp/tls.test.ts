import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import type { LinkError} from '../../../../bus/tcp/index.ts';
import { connectFramedLink, FramedServer, type FramedLink } from '../../../../bus/tcp/index.ts';
import { ENQ } from '../../../../protocol/index.ts';
import { engineLink } from '../../../../protocol/messages/monitor.ts';
import { makeTestCertificates, type TestCertificates } from '../../../helpers/certificates.ts';
import { aPing } from './builders.ts';

describe('bus/tcp over TLS (issue 9: secrets and bills never in clear text)', function () {
  let certs: TestCertificates;
  let server: FramedServer<typeof engineLink>;

  before(async function () {
    certs = await makeTestCertificates();
  });

  after(async function () {
    await certs.remove();
  });

  beforeEach(async function () {
    server = new FramedServer({ inbound: engineLink, tls: { cert: certs.cert, key: certs.key }, handshakeTimeoutMs: 1000 });
    await server.listen();
  });

  afterEach(async function () {
    await server.close();
  });

  it('carries framed messages to a client that trusts the CA', async function () {
    const linked = once(server, 'link');
    const client = await connectFramedLink({ host: '127.0.0.1', port: server.port, inbound: engineLink, tls: { ca: certs.ca } });
    const [serverSide] = (await linked) as [FramedLink<typeof engineLink>];
    const got = once(serverSide, 'message');
    await client.send(aPing(7));
    const [message] = (await got) as [{ type: string; seq: number }];
    assert.deepEqual([message.type, message.seq], ['ping', 7]);
    await client.close();
  });

  it('a client trusting another CA refuses the server, and says to check --tls-ca', async function () {
    await assert.rejects(
      connectFramedLink({ host: '127.0.0.1', port: server.port, inbound: engineLink, tls: { ca: certs.otherCa }, connectTimeoutMs: 3000 }),
      (error: LinkError) => error.code === 'UNREACHABLE' && /--tls-ca/.test(error.message),
    );
  });

  it('a plain-text client is refused (the server never answers its ENQ) and counted', async function () {
    const refused = once(server, 'refused');
    const socket = net.createConnection({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    socket.write(Buffer.from([ENQ]));
    const [, reason] = (await refused) as [unknown, string];
    assert.match(reason, /TLS handshake failed/);
    socket.destroy();
  });
});
