import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { isPortFree, pickPort, pollUntil } from '../../../demo/net.ts';

describe('demo/net: choosing ports the demo can use', () => {
  let holder: net.Server;
  let heldPort: number;

  beforeEach(async () => {
    holder = net.createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    heldPort = (holder.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    holder.close();
    await once(holder, 'close');
  });

  it('sees a port taken on loopback only (as Mosquitto on 127.0.0.1:1883) as taken', async () => {
    assert.equal(await isPortFree(heldPort), false);
    const picked = await pickPort(heldPort);
    assert.notEqual(picked, heldPort);
    assert.equal(await isPortFree(picked), true);
  });

  it('keeps a free preferred port, and never hands out one already given', async () => {
    const free = await pickPort(undefined);
    assert.equal(await pickPort(free), free);
    assert.notEqual(await pickPort(free, new Set([free])), free);
  });

  it('pollUntil returns the first defined value and says what it saw last on its deadline', async () => {
    let calls = 0;
    assert.equal(await pollUntil(async () => (++calls >= 3 ? 'ready' : undefined), { timeoutMs: 5000, intervalMs: 1, what: 'x' }), 'ready');
    await assert.rejects(
      pollUntil(async () => undefined, { timeoutMs: 30, intervalMs: 5, what: 'the moon', lastSeen: () => 'cheese' }),
      /timed out after 30 ms waiting for the moon \(last: cheese\)/,
    );
  });
});
