import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { runDriverCommand } from '../../../driver/index.ts';
import { kafkaForTests } from '../../helpers/kafka.ts';
import { CPS, driverOptions, tempDataDir } from './fixtures.ts';
import { ScriptedCentral } from './scripted-central.ts';
import { ScriptedKeyboard, testIo } from './test-io.ts';

describe('evc driver charge over Kafka (local Apache Kafka + scripted Central)', function () {
  let url: string;
  let central: ScriptedCentral;
  let data: { dir: string; remove: () => Promise<void> };
  // Fresh ids: an external EVC_KAFKA keeps groups and records from earlier runs.
  const run = randomUUID().slice(0, 8);
  const driverId = `DK-${run}`;

  before(async function () {
    url = await kafkaForTests(this);
    this.timeout(60_000);
    central = await ScriptedCentral.start(url, { clientId: `central-test-${run}`, groupId: `evc-test-central-${run}` }, CPS);
  });

  after(async () => {
    await central?.close();
  });

  beforeEach(async () => {
    data = await tempDataDir();
  });

  afterEach(async () => {
    await data.remove();
  });

  it('charges: accepted, reserved, charging, receipt, exit 0', async function () {
    this.timeout(60_000);
    const io = testIo();
    const code = await runDriverCommand(driverOptions(url, data.dir, { name: 'charge', cpId: 'CP1' }, { driverId }), io);
    assert.equal(code, 0);
    assert.match(io.stdout.text, /✔ Accepted: session S-\d+ at CP1\nReserved until .* — plug in at CP1 now\n⚡ Charging at CP1\n/);
    assert.match(io.stdout.text, /Receipt {2}CP1 · Lab 1\n(.*\n)* {2}Total {6}€0\.30\n {2}Ended {6}car unplugged\n$/);
  });

  it('a driver away when the ticket is sent gets it on return (its consumer group)', async function () {
    this.timeout(90_000);
    const first = testIo({ stdin: new ScriptedKeyboard(['d']) });
    const charging = runDriverCommand(driverOptions(url, data.dir, { name: 'charge', cpId: 'CP3' }, { driverId }), first);
    await first.stdout.until(/Reserved until/, 30_000);
    const sessionId = /session (S-\d+) at CP3/.exec(first.stdout.text)![1]!;
    await central.progress(sessionId);
    await first.stdout.until(/CP3 charging/);
    first.interrupt();
    assert.equal(await charging, 0);

    await central.ticket(sessionId, 'unplugged');

    const back = testIo();
    const watching = runDriverCommand(driverOptions(url, data.dir, { name: 'watch' }, { driverId }), back);
    await back.stdout.until(/Receipt/, 30_000);
    assert.equal(await watching, 0);
    assert.match(back.stdout.text, new RegExp(`Session {4}${sessionId}\\n`));
  });
});
