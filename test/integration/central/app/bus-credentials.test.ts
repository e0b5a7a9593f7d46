import assert from 'node:assert/strict';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../../bus/index.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';

describe('Central: a bus URL with credentials (DESIGN §4.6)', function () {
  let broker: EmbeddedBroker;
  let dataDir: string;
  let central: TestCentral | undefined;

  beforeEach(async () => {
    // An external broker that lets in only the login Central is given in its URLs.
    broker = await createEmbeddedBroker({ host: '127.0.0.1', port: 0, central: { username: 'ops', password: 's3cret' } });
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    await central?.handle.close();
    central = undefined;
    await broker.close();
    await removeDir(dataDir);
  });

  it('logs in with the user and password of mqtt://user:pass@host and never shows them', async function () {
    const url = `mqtt://ops:s3cret@127.0.0.1:${broker.port}`;
    central = await startCentral(dataDir, { deviceBus: url, driverBus: url });
    assert.equal(broker.connectedClients >= 2, true, 'both channels connected');
    assert.doesNotMatch(central.handle.banner.join('\n'), /s3cret/);
  });

  it('fails with a clear error when the URL carries a wrong password', async function () {
    const url = `mqtt://ops:wrong@127.0.0.1:${broker.port}`;
    await assert.rejects(startCentral(dataDir, { deviceBus: url, driverBus: url }), /refused|not authori[sz]ed|bad user/i);
  });
});
