// CentralService, the app's side of CentralOperations, in a real Central (store, input queue, registries).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { BusRefusedError, MqttBus } from '../../../../bus/index.ts';
import { CentralService } from '../../../../central/app/central-service.ts';
import type { CentralEventLine } from '../../../../central/operations.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';

describe('central/app CentralService (operations of a running Central)', () => {
  let dataDir: string;
  let central: TestCentral;
  beforeEach(async () => {
    dataDir = await tempDataDir();
    central = await startCentral(dataDir);
  });
  afterEach(async () => {
    await central.handle.close();
    await removeDir(dataDir);
  });

  it('answers operator commands on an unknown CP with false, without queuing anything', async () => {
    const { operations } = central;
    assert.equal(await operations.stopCp('NOPE'), false);
    assert.equal(await operations.resumeCp('NOPE'), false);
    assert.equal(await operations.removeCp('NOPE'), false);
    assert.equal(await operations.resetSecret('NOPE'), undefined);
    assert.equal(await operations.acceptCp('NOPE'), false);
    await operations.stopAll('maintenance');
    await operations.resumeAll();
    assert.deepEqual(operations.cpViews(), []);
  });

  it("adds and revokes drivers through the input queue; the driver list merges the core's and the registry's", async () => {
    const { operations } = central;
    const added = await operations.addDriver('D1');
    assert.equal(added.outcome, 'added');
    assert.deepEqual(await operations.addDriver('D1'), { outcome: 'exists' });
    assert.deepEqual(operations.driverViews().map(({ id, provisioned, blocked }) => ({ id, provisioned, blocked })), [{ id: 'D1', provisioned: true, blocked: false }]);
    assert.deepEqual(await operations.revokeDriver('D1'), { outcome: 'revoked' });
    assert.deepEqual(await operations.revokeDriver('D1'), { outcome: 'already-revoked' });
    assert.deepEqual(await operations.revokeDriver('D9'), { outcome: 'unknown' });
    assert.deepEqual(operations.driverViews().map(({ id, provisioned, blocked }) => ({ id, provisioned, blocked })), [{ id: 'D1', provisioned: false, blocked: true }]);
  });

  it('closes a revoked driver\'s open MQTT connection at once; its reconnect is refused and says why', async () => {
    const { operations, mqttUrl } = central;
    const added = await operations.addDriver('D1');
    assert.equal(added.outcome, 'added');
    const bus = new MqttBus(mqttUrl, { clientId: 'D1', username: 'D1', password: added.outcome === 'added' ? added.token : '' });
    await bus.connect();
    try {
      const lost = once(bus, 'disconnect');
      const refused = once(bus, 'error');
      assert.deepEqual(await operations.revokeDriver('D1'), { outcome: 'revoked' });
      await lost;
      const [error] = (await refused) as [Error];
      assert.ok(error instanceof BusRefusedError, String(error));
      assert.match(error.message, /bad username or password/);
    } finally {
      await bus.close();
    }
  });

  it('counts rejections and tells listeners; notices become event lines', async () => {
    const { operations } = central;
    const rejected = once(operations, 'rejected');
    operations.rejected('http', 'bad token');
    assert.deepEqual(await rejected, ['http', 'bad token']);
    assert.ok(operations.rejectionCounts().some((entry) => entry.source === 'http' && entry.reason === 'bad token' && entry.count === 1));
    assert.equal(operations.status().rejected >= 1, true);
    const event = once(operations, 'event');
    assert.ok(operations instanceof CentralService);
    operations.notice('warn', 'KO pressed', 'CP3');
    const [line] = (await event) as [CentralEventLine];
    assert.deepEqual([line.level, line.text, line.cpId, typeof line.atMs], ['warn', 'KO pressed', 'CP3', 'number']);
  });

  it('has no sessions on a fresh data directory', async () => {
    assert.deepEqual(await central.operations.sessionViews(), []);
    assert.deepEqual(await central.operations.findSessions({ fromMs: 0 }), []);
  });
});
