// Issue 12/13, no hardware: `evc sim-board` (a simulated Uno behind a pty, StandardFirmata in flash), `evc flash`
// with the real avrdude puts our firmware on it, then `evc cp --board firmata:PATH` runs a charging point on it
// exactly as on a real Uno: a driver charges, KO ends the charge, the board shows red with the relay open.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChargingNetwork, uniquePrefix } from '../helpers/e2e-network.ts';
import { freePort, httpJson, useProcesses } from '../helpers/processes.ts';

describe('flash → CP → charge → KO on evc sim-board, with the real avrdude', function () {
  this.timeout(240_000);
  const processes = useProcesses();
  const serialPath = join(mkdtempSync(join(tmpdir(), 'evc-flash-e2e-')), 'uno');
  let simUrl: string;

  before(async function () {
    this.timeout(120_000);
    const simPort = await freePort();
    simUrl = `http://127.0.0.1:${simPort}`;
    const board = processes.start('sim-board', ['sim-board', '--serial', serialPath, '--sim-port', String(simPort), '--firmware', 'standard']);
    await board.waitForLine(/^sim-board standard firmware on /, { timeoutMs: 60_000 });
  });

  it('evc flash writes our firmware through the bootloader and says what to run next', async () => {
    const run = await processes.run('flash', ['flash', '--port', serialPath], { timeoutMs: 90_000 });
    assert.equal(run.exit.code, 0, run.stderr.join('\n'));
    assert.ok(run.stdout.some((line) => /bytes written and verified on /.test(line)), run.stdout.join('\n'));
    assert.ok(run.stdout.some((line) => line.includes(`--board firmata:${serialPath}`)), 'the next command names the port');
    const flash = await httpJson<{ uploads: number; pagesWritten: Array<number> }>('GET', `${simUrl}/flash`);
    assert.equal(flash.body.uploads, 1);
    assert.ok(flash.body.pagesWritten.length > 10);
  });

  it('the flashed board runs a CP: a driver charges, KO ends the charge with a fault, red on and relay open', async () => {
    const prefix = uniquePrefix('F');
    const network = await processes.guard('starting Central and the CP on the flashed board', () =>
      ChargingNetwork.start(processes, {
        idPrefix: prefix,
        buses: { deviceBus: 'embedded', driverBus: 'embedded', engineBus: 'embedded', driverBusForDrivers: 'embedded' },
        registration: 'closed',
        prices: [0.3],
        boardFor: () => ({ board: `firmata:${serialPath}`, simUrl }),
      }),
    );
    const cp = network.cp(0);
    await cp.process.waitForLine(/relay watchdog armed/, { timeoutMs: 10_000 });
    const driver = await network.driver(`${prefix}-D1`, ['charge', cp.id]);
    const authorized = await driver.event('authorized', (record) => record.cpId === cp.id);
    await network.pressUntil(cp.id, 'plug', () => driver.event('progress', (record) => record.sessionId === authorized.sessionId && Number(record.kWh) > 0));
    assert.equal((await network.outputs(cp.id)).relay, true, 'the relay is closed while charging');
    await network.pressUntil(cp.id, 'ko', () => driver.event('ticket', (record) => record.sessionId === authorized.sessionId));
    const { result } = await driver.finish();
    assert.equal((result.ticket as { reason: string }).reason, 'fault');
    await network.waitForState(cp.id, 'FAULTED');
    await network.waitForOutputs(cp.id, { green: false, amber: false, red: true, relay: false });
    await processes.stopAll();
    await network.removeData();
  });
});
