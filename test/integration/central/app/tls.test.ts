import assert from 'node:assert/strict';
import { connectAsync } from 'mqtt';
import { connectFramedLink } from '../../../../bus/tcp/index.ts';
import { centralToMonitor, makeMessage, type Hello } from '../../../../protocol/index.ts';
import { makeTestCertificates, type TestCertificates } from '../../../helpers/certificates.ts';
import { useProcesses } from '../../../helpers/processes.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';

describe('Central over TLS (issue 9: --tls-cert/--tls-key)', function () {
  const processes = useProcesses();
  let certs: TestCertificates;
  let dataDir: string;
  let central: TestCentral;

  before(async function () {
    this.timeout(30_000);
    certs = await makeTestCertificates();
    dataDir = await tempDataDir();
    central = await startCentral(dataDir, { tls: { cert: certs.cert, key: certs.key }, mqttsPort: 0 });
  });

  after(async function () {
    await central?.handle.close();
    await removeDir(dataDir);
    await certs?.remove();
  });

  it('a Monitor trusting the CA says hello over TLS and is welcomed; the banner says tls', async function () {
    const link = await connectFramedLink({ host: '127.0.0.1', port: central.handle.ports.monitor, inbound: centralToMonitor, tls: { ca: certs.ca } });
    const reply = new Promise((resolve) => link.once('message', resolve));
    await link.send(makeMessage<Hello>('hello', { cpId: 'CP1', secret: 'cp1-secret-over-tls-0123456789ab', location: { label: 'Lab' } }));
    assert.equal(((await reply) as { type: string }).type, 'welcome');
    await link.close();
    assert.match(central.handle.banner.join('\n'), /Monitors: {3}tls /);
  });

  it('a plain-text Monitor gets no welcome: the port speaks only TLS, and the refusal is counted', async function () {
    const counted = new Promise<string>((resolve) => central.operations.on('rejected', (source, reason) => source === 'monitor' && resolve(reason)));
    await assert.rejects(connectFramedLink({ host: '127.0.0.1', port: central.handle.ports.monitor, inbound: centralToMonitor, connectTimeoutMs: 1500 }));
    assert.equal(await counted, 'tls-handshake');
  });

  it('the embedded broker also listens on mqtts:// for a stock client trusting the CA', async function () {
    const port = central.handle.ports.mqtts!;
    const client = await connectAsync(`mqtts://127.0.0.1:${port}`, { ca: certs.ca, clientId: 'D1', username: 'D1', password: 'd1-token-pinned-at-first-use', reconnectPeriod: 0 });
    assert.ok(client.connected);
    await client.endAsync();
  });

  it('evc driver trusts the CA given as --bus-ca on mqtts://, and refuses the broker without it', async function () {
    this.timeout(60_000);
    const driverData = await tempDataDir();
    try {
      const driver = (extra: string[]) =>
        processes.run('driver', ['driver', '--id', 'D7', '--bus', `mqtts://127.0.0.1:${central.handle.ports.mqtts!}`, '--data', driverData, ...extra, 'list'], { timeoutMs: 30_000 });
      const trusted = await driver(['--bus-ca', certs.files.ca]);
      assert.equal(trusted.exit.code, 0, trusted.stderr.join('\n'));
      const untrusted = await driver([]);
      assert.equal(untrusted.exit.code, 1);
      assert.match(untrusted.stderr.join('\n'), /has a certificate this client does not trust \(unable to verify the first certificate\); give the CA that signed it with --bus-ca FILE/);
    } finally {
      await removeDir(driverData);
    }
  });
});
