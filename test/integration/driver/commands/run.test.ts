import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDriverCommand } from '../../../../driver/index.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { ScriptedKeyboard, testIo } from '../test-io.ts';
import { driverOptions, useMqttRig } from '../fixtures.ts';

describe('evc driver run over MQTT', () => {
  const rig = useMqttRig();

  it('runs a file in order with a pause after each service and prints a summary', async () => {
    const file = join(rig.data.dir, 'services.txt');
    await writeFile(file, '# three services\nCP1\nCP9   # not a CP Central knows\n\nCP2\n');
    const io = testIo({ log: rig.log });
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'run', file }, { pauseMs: 50 }), io),
      (error: unknown) => error instanceof EvcError && error.code === 'RUN_INCOMPLETE' && error.message === '1 of 3 services did not complete (see the summary)',
    );
    const order = rig.log.filter((entry) => entry.startsWith('charge') || entry === 'sleep 50');
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
    const file = join(rig.data.dir, 'services.txt');
    await writeFile(file, 'CP3\nCP1\nCP2\n');
    const io = testIo({ log: rig.log, stdin: new ScriptedKeyboard(['c', 's']) });
    const running = runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'run', file }, { pauseMs: 0 }), io);
    await io.stdout.until(/Reserved until/);
    await rig.central.progress('S-1');
    await io.stdout.until(/CP3 charging/);
    io.interrupt();
    await io.stdout.until(/keep watching \n/);
    io.interrupt();
    await assert.rejects(running, (error: unknown) => error instanceof EvcError && error.message === '2 of 3 services did not complete (see the summary)');
    assert.deepEqual(rig.log.filter((entry) => /^(charge|stop)/.test(entry)), ['charge CP3', 'stop S-1']);
    assert.deepEqual(io.stdout.lines.slice(-4, -1), [
      'CP3  completed  0.250 kWh  €0.09   stopped by you',
      'CP1  skipped    -          -       run interrupted',
      'CP2  skipped    -          -       run interrupted',
    ]);
  });

  it('exits 0 when every service of the run completed', async () => {
    const file = join(rig.data.dir, 'services.txt');
    await writeFile(file, 'CP1\nCP2\n');
    const io = testIo({ log: rig.log });
    assert.equal(await runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'run', file }, { pauseMs: 0 }), io), 0);
    assert.deepEqual(rig.log.filter((entry) => entry.startsWith('charge')), ['charge CP1', 'charge CP2']);
  });

  it('refuses a bad run file before connecting (exit 2)', async () => {
    const file = join(rig.data.dir, 'services.txt');
    await writeFile(file, 'CP1\nnot a cp\n');
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'run', file }), testIo()),
      (error: unknown) => error instanceof EvcError && error.exitCode === 2 && error.message.includes('line 2: "not a cp" is not a CP id'),
    );
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'run', file: join(rig.data.dir, 'missing.txt') }), testIo()),
      (error: unknown) => error instanceof EvcError && error.exitCode === 2 && /cannot read run file .*missing\.txt: no such file/.test(error.message),
    );
    assert.deepEqual(rig.central.requests, []);
  });
});
