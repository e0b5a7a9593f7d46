import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddedBroker } from '../../../bus/index.ts';
import { runDriverCommand } from '../../../driver/index.ts';
import { EvcError } from '../../../protocol/index.ts';
import { CENTRAL, CPS, driverOptions, startBroker, tempDataDir } from './fixtures.ts';
import { ScriptedCentral } from './scripted-central.ts';
import { ScriptedKeyboard, testIo } from './test-io.ts';

describe('evc driver charge over MQTT (aedes + scripted Central)', () => {
  let broker: EmbeddedBroker;
  let central: ScriptedCentral;
  let data: { dir: string; remove: () => Promise<void> };

  beforeEach(async () => {
    broker = await startBroker();
    central = await ScriptedCentral.start(broker.url, { clientId: 'central-test', ...CENTRAL }, CPS);
    data = await tempDataDir();
  });

  afterEach(async () => {
    await central.close();
    await broker.close();
    await data.remove();
  });

  it('charges: accepted, reserved, charging, receipt, exit 0', async () => {
    const io = testIo();
    const code = await runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP1' }), io);
    assert.equal(code, 0);
    const [request] = central.requests;
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
    assert.equal(existsSync(join(data.dir, 'driver-D1.json')), false, 'the ended session is forgotten');
  });

  it('is denied: exit 1 with the reason, nothing recorded', async () => {
    const io = testIo();
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP9' }), io),
      (error: unknown) => error instanceof EvcError && error.exitCode === 1 && error.message === 'Central denied the charge at CP9: unknown CP CP9',
    );
    assert.doesNotMatch(io.stdout.text, /Receipt/);
    assert.equal(existsSync(join(data.dir, 'driver-D1.json')), false);
  });

  it('says what to check when Central never answers', async () => {
    const io = testIo();
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CPX' }, { answerTimeoutMs: 200 }), io),
      (error: unknown) =>
        error instanceof EvcError &&
        error.code === 'NO_ANSWER' &&
        error.message.includes('waited for an answer to the charge request') &&
        error.message.includes(`is Central running and connected to ${broker.url}? check --bus`),
    );
  });

  it('Ctrl-C without a terminal stops the session and waits for its ticket', async () => {
    const io = testIo();
    const charging = runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP3' }), io);
    await io.stdout.until(/Reserved until/);
    await central.progress('S-1');
    await io.stdout.until(/CP3 charging/);
    const record = JSON.parse(await readFile(join(data.dir, 'driver-D1.json'), 'utf8'));
    assert.deepEqual({ sessionId: record.sessionId, cpId: record.cpId }, { sessionId: 'S-1', cpId: 'CP3' });
    io.interrupt();
    assert.equal(await charging, 0);
    const stop = central.requests.find((request) => request.type === 'stop');
    assert.deepEqual(stop && { driverId: stop.driverId, sessionId: (stop as { sessionId: string }).sessionId }, { driverId: 'D1', sessionId: 'S-1' });
    assert.match(io.stdout.text, /Stopping session S-1…\nStop accepted; waiting for the ticket…\nReceipt {2}CP3 · Car park\n/);
    assert.match(io.stdout.text, /Ended {6}stopped by you/);
  });

  it('a session ended by a fault prints the receipt and exits 1', async () => {
    const io = testIo();
    const charging = runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP3' }), io);
    await io.stdout.until(/Reserved until/);
    await central.progress('S-1');
    await central.ticket('S-1', 'fault');
    await assert.rejects(charging, (error: unknown) => error instanceof EvcError && error.exitCode === 1 && /S-1 at CP3 ended early: the CP reported a fault/.test(error.message));
    assert.match(io.stdout.text, /Ended {6}the CP reported a fault/);
  });

  it('a driver offline when the ticket is sent gets it when it returns (persistent session)', async () => {
    const first = testIo({ stdin: new ScriptedKeyboard(['xd']) });
    const charging = runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP3' }), first);
    await first.stdout.until(/Reserved until/);
    await central.progress('S-1');
    await first.stdout.until(/CP3 charging/);
    first.interrupt();
    assert.equal(await charging, 0, 'detaching is the driver\'s choice');
    assert.match(first.stdout.text, /Stop the session\? \[s\] stop {2}\[d\] detach/);
    assert.match(first.stdout.text, /Detached: session S-1 at CP3 goes on without you watching\.\n {2}follow it: evc driver --id D1 --bus mqtt:\/\/127\.0\.0\.1:\d+ watch/);
    assert.equal(central.requests.some((request) => request.type === 'stop'), false);

    await central.progress('S-1');
    await central.ticket('S-1', 'unplugged'); // nobody is connected as D1 now

    const back = testIo();
    const watching = runDriverCommand(driverOptions(broker.url, data.dir, { name: 'watch' }), back);
    await back.stdout.until(/Receipt/, 5000); // the broker kept the ticket for D1's session
    assert.equal(await watching, 0);
    assert.match(back.stdout.text, /^Following session S-1 at CP3 \(Ctrl-C to stop or detach\)…\n/);
    assert.match(back.stdout.text, /Receipt {2}CP3 · Car park\n(.*\n)* {2}Energy {5}0\.500 kWh\n/);
    assert.equal(existsSync(join(data.dir, 'driver-D1.json')), false);
  });

  it('stop from a second terminal ends the session followed in the first', async () => {
    const watching = testIo();
    const charging = runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP3' }), watching);
    await watching.stdout.until(/Reserved until/);
    await central.progress('S-1');
    await watching.stdout.until(/CP3 charging/);
    const stopper = testIo();
    assert.equal(await runDriverCommand(driverOptions(broker.url, data.dir, { name: 'stop' }), stopper), 0);
    assert.equal(await charging, 0);
    for (const io of [stopper, watching]) assert.match(io.stdout.text, /Ended {6}stopped by you/);
    assert.equal(watching.stderr.text, '', 'the first terminal kept its connection');
  });

  it('stop with no recorded session says how to start one', async () => {
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'stop' }), testIo()),
      (error: unknown) => error instanceof EvcError && error.code === 'NO_SESSION' && error.message.includes('evc driver --id D1 --bus URL charge CP'),
    );
  });
});
