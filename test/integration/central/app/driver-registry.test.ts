import assert from 'node:assert/strict';
import { writeDriverInboxEntry, driverInboxIds } from '../../../../central/app/driver-inbox.ts';
import { DriverRegistry, type Registration } from '../../../../central/app/driver-registry.ts';
import { openStore, type Store } from '../../../../central/store/index.ts';
import { driverKeyFromToken, generateDriverToken } from '../../../../protocol/index.ts';
import { capturingLogger, type LogLine } from '../../../helpers/log-lines.ts';
import { removeDir, tempDataDir } from './central-fixture.ts';

describe('central/app DriverRegistry (a real store in a temp dir)', () => {
  let dataDir: string;
  let store: Store;
  let lines: LogLine[];
  let provisioned: string[];

  function registry(registration: Registration): DriverRegistry {
    const captured = capturingLogger();
    lines = captured.lines;
    return new DriverRegistry({ store, dataDir, registration, now: () => 1_000, logger: captured.logger, onProvisioned: (id) => provisioned.push(id) });
  }

  beforeEach(async () => {
    dataDir = await tempDataDir();
    store = await openStore(dataDir);
    provisioned = [];
  });
  afterEach(async () => {
    await store.close();
    await removeDir(dataDir);
  });

  it('add: a new token, returned once, that logs in; a second add is refused', async () => {
    const drivers = registry('closed');
    const added = await drivers.add('D1');
    assert.ok(added);
    assert.equal(store.getDriver('D1')?.key, driverKeyFromToken('D1', added.token), 'the store keeps the key, not the token');
    assert.equal(await drivers.checkToken('D1', added.token), true);
    assert.equal(await drivers.checkToken('D1', 'wrong'), false);
    assert.equal(await drivers.checkToken('D1', ''), false);
    assert.equal(await drivers.add('D1'), undefined);
  });

  it('open registration pins the first token at first use; closed and approve refuse an unknown driver and say how to add it', async () => {
    const token = generateDriverToken();
    assert.equal(await registry('closed').checkToken('D1', token), false);
    assert.match(lines[0]!.msg, /not provisioned \(registration closed\); run evc central add-driver D1/);
    assert.equal(await registry('approve').checkToken('D1', token), false);
    const open = registry('open');
    assert.equal(await open.checkToken('D1', token), true);
    assert.equal(await open.checkToken('D1', generateDriverToken()), false, 'pinned: another token no longer works');
    assert.equal(store.getDriver('D1')?.firstSeenMs, 1_000);
  });

  it('keysFor: the keys of a provisioned driver; under open registration an enroll key is pinned', async () => {
    const drivers = registry('open');
    assert.equal(await drivers.keysFor('D1'), undefined);
    const key = driverKeyFromToken('D1', generateDriverToken());
    const keys = await drivers.keysFor('D1', key);
    assert.equal(keys?.driverKey, key);
    assert.equal(drivers.knownKeys('D1'), keys, 'derived once, then cached');
    assert.equal(drivers.knownKeys('D2'), undefined);
    assert.equal(await registry('closed').keysFor('D3', key), undefined);
  });

  it('revoke: forgets the key and blocks the driver, so open registration does not pin it again; add unblocks it', async () => {
    const drivers = registry('open');
    const { token } = (await drivers.add('D1'))!;
    assert.equal(await drivers.revoke('D1', false), 'revoked');
    assert.equal(await drivers.checkToken('D1', token), false);
    assert.match(lines.at(-1)!.msg, /its token was revoked; run evc central add-driver D1/);
    assert.equal(await drivers.revoke('D1', false), 'already-revoked');
    assert.equal(await drivers.revoke('D9', false), 'unknown');
    assert.equal(await drivers.revoke('D8', true), 'revoked', 'known only to the core: blocked all the same');
    const again = await drivers.add('D1');
    assert.ok(again);
    assert.equal(await drivers.checkToken('D1', again.token), true);
  });

  it("takes in add-driver's keys from the inbox: at a first login, or all at once; a driver with a key keeps it", async () => {
    const token = generateDriverToken();
    await writeDriverInboxEntry(dataDir, 'D1', driverKeyFromToken('D1', token));
    const drivers = registry('closed');
    assert.equal(await drivers.checkToken('D1', token), true);
    assert.deepEqual(provisioned, ['D1']);
    await writeDriverInboxEntry(dataDir, 'D2', driverKeyFromToken('D2', generateDriverToken()));
    await writeDriverInboxEntry(dataDir, 'D1', driverKeyFromToken('D1', generateDriverToken()));
    await drivers.takeInAll();
    assert.deepEqual(provisioned, ['D1', 'D2']);
    assert.equal(await drivers.checkToken('D1', token), true, "D1's first token still works");
    assert.ok(lines.some((line) => line.level === 'warn' && /add-driver D1: it already has a token/.test(line.msg)));
    assert.deepEqual(await driverInboxIds(dataDir), []);
  });

  it('revoke also drops a key still waiting in the inbox', async () => {
    await writeDriverInboxEntry(dataDir, 'D1', driverKeyFromToken('D1', generateDriverToken()));
    const drivers = registry('closed');
    assert.equal(await drivers.revoke('D1', false), 'revoked');
    assert.deepEqual(await driverInboxIds(dataDir), []);
    assert.deepEqual(provisioned, []);
  });

  it('lists drivers by id with whether they may log in and whether they are blocked', async () => {
    const drivers = registry('closed');
    await drivers.add('D2');
    await drivers.add('D1');
    await drivers.revoke('D2', false);
    assert.deepEqual(drivers.list(), [
      { id: 'D1', provisioned: true, blocked: false, firstSeenMs: 1_000 },
      { id: 'D2', provisioned: false, blocked: true, firstSeenMs: 1_000 },
    ]);
  });
});
