import assert from 'node:assert/strict';
import { EmbeddedBroker } from '../../../../bus/index.ts';
import { createOutput, withChannel } from '../../../../driver/runner/context.ts';
import { SessionFile } from '../../../../driver/runner/session-file.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { CENTRAL, driverOptions, startBroker, tempDataDir } from '../fixtures.ts';
import { testIo } from '../test-io.ts';

describe('driver/runner/context withChannel (a real broker)', () => {
  let broker: EmbeddedBroker;
  let data: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => {
    data = await tempDataDir();
  });
  afterEach(async () => {
    await broker.close();
    await data.remove();
  });

  const base = (busUrl: string) => {
    const options = driverOptions(busUrl, data.dir, { name: 'list' });
    const io = testIo();
    return { options, io, output: createOutput(options, io), sessionFile: new SessionFile(data.dir, 'D1') };
  };

  it("opens the driver's channel for the work, routes Ctrl-C into its inbox while the work runs, and names the bus in its hints", async () => {
    broker = await startBroker();
    const parts = base(broker.url);
    let prefix = '';
    const result = await withChannel(parts, 'list', async (context) => {
      prefix = context.commandPrefix;
      assert.equal(context.interrupted, false);
      parts.io.interrupt();
      assert.deepEqual(await context.inbox.next(parts.io.clock, 1000), { kind: 'interrupt' });
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal(prefix, `evc driver --id D1 --bus ${broker.url}`, 'a non-default bus is part of the hint');
    parts.io.interrupt(); // no longer routed anywhere: nothing throws
  });

  it('a broker that refuses the driver becomes DRIVER_REFUSED, saying how to get a token and where it is kept', async () => {
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, central: CENTRAL, authenticate: async () => null });
    await assert.rejects(
      withChannel(base(broker.url), 'list', async () => assert.fail('no work without a channel')),
      (error: unknown) => error instanceof EvcError && error.code === 'DRIVER_REFUSED' && /evc central add-driver D1/.test(error.message) && error.message.includes(data.dir),
    );
  });

  it("revoked while connected: the broker drops the driver and refuses its token; the waiting work ends with DRIVER_REFUSED", async () => {
    const revoked = new Set<string>();
    broker = await EmbeddedBroker.start({ host: '127.0.0.1', port: 0, central: CENTRAL, authenticate: async (username) => (revoked.has(username) ? null : { kind: 'driver', id: username }) });
    const parts = base(broker.url);
    await assert.rejects(
      withChannel(parts, 'list', async (context) => {
        revoked.add('D1');
        assert.equal(broker.disconnectUser('driver', 'D1'), 1);
        await context.inbox.next(parts.io.clock); // no timeout: only the refusal ends this wait
      }),
      (error: unknown) => error instanceof EvcError && error.code === 'DRIVER_REFUSED' && /evc central add-driver D1/.test(error.message),
    );
  });
});
