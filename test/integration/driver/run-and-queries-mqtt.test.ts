import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddedBroker } from '../../../bus/index.ts';
import { runDriverCommand } from '../../../driver/index.ts';
import { EvcError } from '../../../protocol/index.ts';
import { CENTRAL, CPS, driverOptions, startBroker, tempDataDir } from './fixtures.ts';
import { ScriptedCentral } from './scripted-central.ts';
import { ScriptedKeyboard, testIo } from './test-io.ts';

describe('evc driver run, list, status and --json over MQTT', () => {
  let broker: EmbeddedBroker;
  let central: ScriptedCentral;
  let data: { dir: string; remove: () => Promise<void> };
  let log: string[];

  beforeEach(async () => {
    log = [];
    broker = await startBroker();
    central = await ScriptedCentral.start(broker.url, { clientId: 'central-test', ...CENTRAL }, CPS, log);
    data = await tempDataDir();
  });

  afterEach(async () => {
    await central.close();
    await broker.close();
    await data.remove();
  });

  it('runs a file in order with a pause after each service and prints a summary', async () => {
    const file = join(data.dir, 'services.txt');
    await writeFile(file, '# three services\nCP1\nCP9   # not a CP Central knows\n\nCP2\n');
    const io = testIo({ log });
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'run', file }, { pauseMs: 50 }), io),
      (error: unknown) => error instanceof EvcError && error.code === 'RUN_INCOMPLETE' && error.message === '1 of 3 services did not complete (see the summary)',
    );
    const order = log.filter((entry) => entry.startsWith('charge') || entry === 'sleep 50');
    assert.deepEqual(order, ['charge CP1', 'sleep 50', 'charge CP9', 'sleep 50', 'charge CP2']);
    assert.match(io.stdout.text, /\[2\/3\] CP9\nAsking Central for a charge at CP9…\n✖ Denied at CP9: unknown CP CP9\n/);
    const summary = io.stdout.lines.slice(-5);
    assert.deepEqual(summary, [
      'CP   RESULT     ENERGY     AMOUNT  NOTE',
      'CP1  completed  0.750 kWh  €0.30   car unplugged',
      'CP9  denied     -          -       unknown CP CP9',
      'CP2  completed  0.750 kWh  €0.23   car unplugged',
      '2 of 3 completed · 1.500 kWh · €0.53',
    ]);
  });

  it('Ctrl-C in a run: "keep watching" goes on, "stop" ends the service and skips the rest', async () => {
    const file = join(data.dir, 'services.txt');
    await writeFile(file, 'CP3\nCP1\nCP2\n');
    const io = testIo({ log, stdin: new ScriptedKeyboard(['c', 's']) });
    const running = runDriverCommand(driverOptions(broker.url, data.dir, { name: 'run', file }, { pauseMs: 0 }), io);
    await io.stdout.until(/Reserved until/);
    await central.progress('S-1');
    await io.stdout.until(/CP3 charging/);
    io.interrupt();
    await io.stdout.until(/keep watching \n/);
    io.interrupt();
    await assert.rejects(running, (error: unknown) => error instanceof EvcError && error.message === '2 of 3 services did not complete (see the summary)');
    assert.deepEqual(log.filter((entry) => /^(charge|stop)/.test(entry)), ['charge CP3', 'stop S-1']);
    assert.deepEqual(io.stdout.lines.slice(-4, -1), [
      'CP3  completed  0.250 kWh  €0.09   stopped by you',
      'CP1  skipped    -          -       run interrupted',
      'CP2  skipped    -          -       run interrupted',
    ]);
  });

  it('exits 0 when every service of the run completed', async () => {
    const file = join(data.dir, 'services.txt');
    await writeFile(file, 'CP1\nCP2\n');
    const io = testIo({ log });
    assert.equal(await runDriverCommand(driverOptions(broker.url, data.dir, { name: 'run', file }, { pauseMs: 0 }), io), 0);
    assert.deepEqual(log.filter((entry) => entry.startsWith('charge')), ['charge CP1', 'charge CP2']);
  });

  it('refuses a bad run file before connecting (exit 2)', async () => {
    const file = join(data.dir, 'services.txt');
    await writeFile(file, 'CP1\nnot a cp\n');
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'run', file }), testIo()),
      (error: unknown) => error instanceof EvcError && error.exitCode === 2 && error.message.includes('line 2: "not a cp" is not a CP id'),
    );
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'run', file: join(data.dir, 'missing.txt') }), testIo()),
      (error: unknown) => error instanceof EvcError && error.exitCode === 2 && /cannot read run file .*missing\.txt: no such file/.test(error.message),
    );
    assert.deepEqual(central.requests, []);
  });

  it('lists the CPs', async () => {
    const io = testIo();
    assert.equal(await runDriverCommand(driverOptions(broker.url, data.dir, { name: 'list' }), io), 0);
    assert.deepEqual(io.stdout.lines, [
      'CP   STATE      PRICE      POWER  LOCATION',
      'CP1  AVAILABLE  €0.40/kWh         Lab 1',
      'CP2  AVAILABLE  €0.30/kWh  22 kW  Lab 2',
      'CP3  CHARGING   €0.35/kWh         Car park',
      'CPX  AVAILABLE  €0.35/kWh         Nowhere',
      '3 of 4 available',
    ]);
  });

  it('shows one CP\'s state, and refuses an unknown CP with exit 1', async () => {
    const io = testIo();
    assert.equal(await runDriverCommand(driverOptions(broker.url, data.dir, { name: 'status', cpId: 'CP3' }), io), 0);
    assert.equal(io.stdout.text, 'CP3 is CHARGING\n');
    await assert.rejects(
      runDriverCommand(driverOptions(broker.url, data.dir, { name: 'status', cpId: 'CP9' }), testIo()),
      (error: unknown) => error instanceof EvcError && error.exitCode === 1 && error.message === 'Central refused the status request: unknown CP CP9',
    );
  });

  it('--json prints one event per line and a final result', async () => {
    const io = testIo();
    assert.equal(await runDriverCommand(driverOptions(broker.url, data.dir, { name: 'charge', cpId: 'CP2' }, { json: true }), io), 0);
    const records = io.stdout.lines.map((line) => JSON.parse(line) as { type: string; exitCode?: number; outcome?: string });
    assert.deepEqual(
      records.map((record) => record.type),
      ['accepted', 'authorized', 'progress', 'progress', 'progress', 'ticket', 'result'],
    );
    assert.deepEqual({ ...records.at(-1), ticket: undefined }, {
      type: 'result', command: 'charge', outcome: 'completed', exitCode: 0, cpId: 'CP2', sessionId: 'S-1', reason: 'unplugged', ticket: undefined,
    });
  });

  it('--json ends with an error result when the command fails', async () => {
    const io = testIo();
    await assert.rejects(runDriverCommand(driverOptions(broker.url, data.dir, { name: 'status', cpId: 'CP9' }, { json: true }), io), EvcError);
    const records = io.stdout.lines.map((line) => JSON.parse(line));
    assert.equal(records[0].type, 'denied');
    assert.deepEqual(records.at(-1), {
      type: 'result', command: 'status', outcome: 'error', exitCode: 1, code: 'DENIED', reason: 'Central refused the status request: unknown CP CP9',
    });
  });
});
