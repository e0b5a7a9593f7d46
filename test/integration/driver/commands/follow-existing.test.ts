import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runDriverCommand } from '../../../../driver/index.ts';
import { EvcError } from '../../../../protocol/index.ts';
import { ScriptedKeyboard, testIo } from '../test-io.ts';
import { driverOptions, useMqttRig } from '../fixtures.ts';

describe('evc driver watch and stop: a session started elsewhere (MQTT)', () => {
  const rig = useMqttRig();

  it('a driver offline when the ticket is sent gets it when it returns (persistent session)', async () => {
    const first = testIo({ stdin: new ScriptedKeyboard(['xd']) });
    const charging = runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP3' }), first);
    await first.stdout.until(/Reserved until/);
    await rig.central.progress('S-1');
    await first.stdout.until(/CP3 charging/);
    first.interrupt();
    assert.equal(await charging, 0, 'detaching is the driver\'s choice');
    assert.match(first.stdout.text, /Stop the session\? \[s\] stop {2}\[d\] detach/);
    assert.match(first.stdout.text, /Detached: session S-1 at CP3 goes on without you watching\.\n {2}follow it: evc driver --id D1 --bus mqtt:\/\/127\.0\.0\.1:\d+ watch/);
    assert.equal(rig.central.requests.some((request) => request.type === 'stop'), false);

    await rig.central.progress('S-1');
    await rig.central.ticket('S-1', 'unplugged'); // nobody is connected as D1 now

    const back = testIo();
    const watching = runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'watch' }), back);
    await back.stdout.until(/Receipt/, 5000); // the broker kept the ticket for D1's session
    assert.equal(await watching, 0);
    assert.match(back.stdout.text, /^Following session S-1 at CP3 \(Ctrl-C to stop or detach\)…\n/);
    assert.match(back.stdout.text, /Receipt {2}CP3 · Car park\n(.*\n)* {2}Energy {5}0\.500 kWh\n/);
    assert.equal(existsSync(join(rig.data.dir, 'driver-D1.json')), false);
  });

  it('stop from a second terminal ends the session followed in the first', async () => {
    const watching = testIo();
    const charging = runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP3' }), watching);
    await watching.stdout.until(/Reserved until/);
    await rig.central.progress('S-1');
    await watching.stdout.until(/CP3 charging/);
    const stopper = testIo();
    assert.equal(await runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'stop' }), stopper), 0);
    assert.equal(await charging, 0);
    for (const io of [stopper, watching]) assert.match(io.stdout.text, /Ended {6}stopped by you/);
    assert.equal(watching.stderr.text, '', 'the first terminal kept its connection');
  });

  it('stop with no recorded session says how to start one', async () => {
    await assert.rejects(
      runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'stop' }), testIo()),
      (error: unknown) => error instanceof EvcError && error.code === 'NO_SESSION' && error.message.includes('evc driver --id D1 --bus URL charge CP'),
    );
  });
});
