import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDriverCommand } from '../../../../driver/index.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { ScriptedKeyboard, testIo } from '../test-io.ts';
import { kafkaForTests } from '../../../helpers/kafka.ts';
import { ScriptedCentral } from '../scripted-central.ts';
import { CPS, driverOptions, tempDataDir, useMqttRig } from '../fixtures.ts';

describe('evc driver charge over MQTT (aedes + scripted Central)', () => {
  const rig = useMqttRig();

  it('charges: accepted, reserved, charging, receipt, exit 0', async () => {
    const io = testIo();
    const code = await runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP1' }), io);
    assert.equal(code, 0);
    const [request] = rig.central.requests;
    assert.equal(request?.type, 'charge');
    assert.deepEqual({ driverId: request.driverId, cpId: (request as { cpId: string }).cpId }, { driverId: 'D1', cpId: 'CP1' });
    assert.match(request.id, /^[0-9a-f-]{36}$/);
    const lines = io.stdout.lines;
    assert.equal(lines[0], 'Asking Central for a charge at CP1…');
    assert.equal(lines[1], '✔ Accepted: session S-1 at CP1');
    assert.match(lines[2] ?? '', /^Reserved until \d\d:\d\d:\d\d — plug in at CP1 now$/);
    assert.equal(lines[3], '⚡ Charging at CP1');
    assert.match(lines[4] ?? '', /^CP1 charging {2}7\.4 kW {2}0\.250 kWh {2}€0\.10 {2}0:00$/);
    assert.deepEqual(lines.slice(5), [
      'Receipt  CP1 · Lab 1',
      '  Session    S-1',
      '  Start      2024-05-01 12:00:00',
      '  End        2024-05-01 12:01:30',
      '  Duration   1:30',
      '  Energy     0.750 kWh',
      '  Price      €0.40 / kWh',
      '  Total      €0.30',
      '  Ended      car unplugged',
    ]);
    assert.equal(io.stderr.text, '');
    assert.equal(existsSync(join(rig.data.dir, 'driver-D1.json')), false, 'the ended session is forgotten');
  });

  it('is denied: exit 1 with the reason, nothing recorded', async () => {
    const io = testIo();
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP9' }), io),
      (error: unknown) => error instanceof EvcError && error.exitCode === 1 && error.message === 'Central denied the charge at CP9: unknown CP CP9',
    );
    assert.doesNotMatch(io.stdout.text, /Receipt/);
    assert.equal(existsSync(join(rig.data.dir, 'driver-D1.json')), false);
  });

  it('says what to check when Central never answers', async () => {
    const io = testIo();
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CPX' }, { answerTimeoutMs: 200 }), io),
      (error: unknown) =>
        error instanceof EvcError &&
        error.code === 'NO_ANSWER' &&
        error.message.includes('waited for an answer to the charge request') &&
        error.message.includes(`is Central running and connected to ${rig.broker.url}? check --bus`),
    );
  });

  it('Ctrl-C without a terminal stops the session and waits for its ticket', async () => {
    const io = testIo();
    const charging = runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP3' }), io);
    await io.stdout.until(/Reserved until/);
    await rig.central.progress('S-1');
    await io.stdout.until(/CP3 charging/);
    const record = JSON.parse(await readFile(join(rig.data.dir, 'driver-D1.json'), 'utf8'));
    assert.deepEqual({ sessionId: record.sessionId, cpId: record.cpId }, { sessionId: 'S-1', cpId: 'CP3' });
    io.interrupt();
    assert.equal(await charging, 0);
    const stop = rig.central.requests.find((request) => request.type === 'stop');
    assert.deepEqual(stop && { driverId: stop.driverId, sessionId: (stop as { sessionId: string }).sessionId }, { driverId: 'D1', sessionId: 'S-1' });
    assert.match(io.stdout.text, /Stopping session S-1…\nStop accepted; waiting for the ticket…\nReceipt {2}CP3 · Car park\n/);
    assert.match(io.stdout.text, /Ended {6}stopped by you/);
  });

  it('a session ended by a fault prints the receipt and exits 1', async () => {
    const io = testIo();
    const charging = runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP3' }), io);
    await io.stdout.until(/Reserved until/);
    await rig.central.progress('S-1');
    await rig.central.ticket('S-1', 'fault');
    await assert.rejects(charging, (error: unknown) => error instanceof EvcError && error.exitCode === 1 && /S-1 at CP3 ended early: the CP reported a fault/.test(error.message));
    assert.match(io.stdout.text, /Ended {6}the CP reported a fault/);
  });
});

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
