import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { addCp } from '../../../../central/app/index.ts';
import { connectFramedLink, LinkError } from '../../../../bus/tcp/index.ts';
import { centralToMonitor, ENQ, NACK } from '../../../../protocol/index.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from './central-fixture.ts';
import { TestEngine } from './test-clients.ts';
import { TestMonitor } from './test-monitor.ts';

const LAB = { label: 'Lab 1' };

describe('Central: Monitor registration over TCP (DESIGN §4.1–4.2)', function () {
  let dataDir: string;
  let central: TestCentral | undefined;
  const monitors: TestMonitor[] = [];

  beforeEach(async () => {
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    await Promise.all(monitors.splice(0).map((monitor) => monitor.close()));
    await central?.handle.close();
    central = undefined;
    await removeDir(dataDir);
  });

  async function monitor(): Promise<TestMonitor> {
    const connected = await TestMonitor.connect(central!.handle.ports.monitor);
    monitors.push(connected);
    return connected;
  }

  describe('registration open (trust on first use)', () => {
    beforeEach(async () => {
      central = await startCentral(dataDir, { registration: 'open' });
    });

    it('welcomes an unknown CP, registers its secret and shows it AVAILABLE', async () => {
      const reply = await (await monitor()).hello({ cpId: 'CP1', secret: 's3cret', location: LAB, pricePerKwh: 0.4 });
      assert.equal(reply.type, 'welcome');
      const view = await cpReaches(central!.operations, 'CP1', 'AVAILABLE');
      assert.equal(view.pricePerKwh, 0.4);
      assert.equal(view.location, 'Lab 1');
    });

    it('then refuses the same CP with another secret (BAD_SECRET)', async () => {
      const first = await monitor();
      assert.equal((await first.hello({ cpId: 'CP1', secret: 'right', location: LAB })).type, 'welcome');
      await first.close();
      await cpReaches(central!.operations, 'CP1', 'DISCONNECTED');
      const reply = await (await monitor()).hello({ cpId: 'CP1', secret: 'wrong', location: LAB });
      assert.equal(reply.type, 'reject');
      assert.equal(reply.type === 'reject' && reply.code, 'BAD_SECRET');
    });

    it('refuses a second live link for a connected CP (DUPLICATE)', async () => {
      assert.equal((await (await monitor()).hello({ cpId: 'CP1', secret: 'right', location: LAB })).type, 'welcome');
      const reply = await (await monitor()).hello({ cpId: 'CP1', secret: 'right', location: LAB });
      assert.equal(reply.type === 'reject' && reply.code, 'DUPLICATE');
      assert.equal(central!.operations.cpViews().find((view) => view.id === 'CP1')?.state, 'AVAILABLE');
    });

    it("refuses an Engine's bus login until its Monitor registered the CP, then lets it in with that secret only", async () => {
      const secret = 'cp3-own-secret-made-at-first-start';
      await assert.rejects(TestEngine.connect(central!.mqttUrl, 'CP3', secret, { connectTimeoutMs: 2000 }), /refused/);
      assert.equal((await (await monitor()).hello({ cpId: 'CP3', secret, location: LAB })).type, 'welcome');
      // Issue 9: no default secret — no password (or `none`) is no login.
      await assert.rejects(TestEngine.connect(central!.mqttUrl, 'CP3', undefined, { connectTimeoutMs: 2000 }), /refused/);
      await assert.rejects(TestEngine.connect(central!.mqttUrl, 'CP3', 'none', { connectTimeoutMs: 2000 }), /refused/);
      const engine = await TestEngine.connect(central!.mqttUrl, 'CP3', secret);
      await engine.close();
    });

    it('marks a CP DISCONNECTED when its link closes', async () => {
      const link = await monitor();
      await link.hello({ cpId: 'CP1', secret: 'x', location: LAB });
      await cpReaches(central!.operations, 'CP1', 'AVAILABLE');
      await link.close();
      await cpReaches(central!.operations, 'CP1', 'DISCONNECTED');
    });
  });

  describe('registration closed', () => {
    it('rejects a CP nobody added (UNKNOWN_CP) and welcomes one add-cp created, with its secret', async () => {
      const { secret } = await addCp({ dataDir, config: { id: 'CP7', location: LAB, pricePerKwh: 0.35 } });
      central = await startCentral(dataDir, { registration: 'closed' });
      const unknown = await (await monitor()).hello({ cpId: 'CP8', secret: 'guess', location: LAB });
      assert.equal(unknown.type === 'reject' && unknown.code, 'UNKNOWN_CP');
      const wrong = await (await monitor()).hello({ cpId: 'CP7', secret: 'guess', location: LAB });
      assert.equal(wrong.type === 'reject' && wrong.code, 'BAD_SECRET');
      const right = await (await monitor()).hello({ cpId: 'CP7', secret, location: { label: 'announced elsewhere' }, pricePerKwh: 9 });
      assert.equal(right.type, 'welcome');
      const view = await cpReaches(central.operations, 'CP7', 'AVAILABLE');
      assert.equal(view.pricePerKwh, 0.35, "the operator's price wins over the hello's");
      assert.equal(view.location, 'Lab 1');
      assert.equal(central.operations.cpViews().some((cp) => cp.id === 'CP8'), false);
    });

    it('sees a CP add-cp adds while it runs', async () => {
      central = await startCentral(dataDir, { registration: 'closed' });
      const added = await addCp({ dataDir, config: { id: 'CP9', location: LAB, pricePerKwh: 0.3 } });
      assert.equal(added.via, 'running-central');
      assert.equal(added.takenIn, true);
      await cpReaches(central.operations, 'CP9', 'DISCONNECTED');
      const reply = await (await monitor()).hello({ cpId: 'CP9', secret: added.secret, location: LAB });
      assert.equal(reply.type, 'welcome');
    });
  });

  describe('links', () => {
    it('answers NACK past --max-monitors and closes', async () => {
      central = await startCentral(dataDir, { maxMonitors: 1 });
      await monitor();
      await assert.rejects(
        connectFramedLink({ host: '127.0.0.1', port: central.handle.ports.monitor, inbound: centralToMonitor }),
        (error: unknown) => error instanceof LinkError && error.code === 'REFUSED',
      );
    });

    it('marks a CP DISCONNECTED after 3 missed heartbeats and drops its link', async () => {
      central = await startCentral(dataDir, { heartbeatMs: 100 });
      const link = await monitor();
      await link.hello({ cpId: 'CP1', secret: 'x', location: LAB });
      await cpReaches(central.operations, 'CP1', 'AVAILABLE');
      const dropped = once(link.link, 'close');
      link.silence();
      await cpReaches(central.operations, 'CP1', 'DISCONNECTED');
      await dropped;
    });

    it('NACKs garbage and bad frames and keeps serving', async () => {
      central = await startCentral(dataDir);
      const socket = net.connect({ host: '127.0.0.1', port: central.handle.ports.monitor });
      await once(socket, 'connect');
      socket.write(Buffer.of(ENQ));
      await once(socket, 'data');
      const data = Buffer.from('{"type":"hello"}'); // not a valid hello
      let lrc = 0;
      for (const byte of data) lrc ^= byte;
      socket.write(Buffer.concat([Buffer.from('junk'), Buffer.of(0x02), data, Buffer.of(0x03, lrc)]));
      const [answer] = (await once(socket, 'data')) as [Buffer];
      assert.equal(answer[0], NACK);
      socket.write(Buffer.concat([Buffer.of(0x02), Buffer.from('{"not json'), Buffer.of(0x03, 0x00)]));
      const [second] = (await once(socket, 'data')) as [Buffer];
      assert.equal(second[0], NACK);
      socket.destroy();
      const reply = await (await monitor()).hello({ cpId: 'CP1', secret: 'x', location: LAB });
      assert.equal(reply.type, 'welcome');
    });
  });
});
