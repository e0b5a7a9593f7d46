import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EmbeddedBroker } from '../../../../bus/index.ts';
import { CENTRAL, CPS, startBroker, tempDataDir } from '../../driver/fixtures.ts';
import { ScriptedCentral } from '../../driver/scripted-central.ts';

const EVC = join(import.meta.dirname, '../../../../bin/evc');

async function evc(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [EVC, ...args], { env: { ...process.env, ...env }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bin: evc driver as a process', () => {
  let broker: EmbeddedBroker;
  let central: ScriptedCentral;
  let data: { dir: string; remove: () => Promise<void> };

  before(async () => {
    broker = await startBroker();
    central = await ScriptedCentral.start(broker.url, { clientId: 'central-test', ...CENTRAL }, CPS);
    data = await tempDataDir();
  });

  after(async () => {
    await central.close();
    await broker.close();
    await data.remove();
  });

  it('exits 2 with a one-line reason on bad usage', async () => {
    const missingId = await evc(['driver', 'charge', 'CP1'], { EVC_ID: '' });
    assert.equal(missingId.code, 2);
    assert.equal(missingId.stderr, 'error: --id is required (or EVC_ID): the driver id, e.g. --id D1\n');
    const badCommand = await evc(['driver', '--id', 'D1', 'fly']);
    assert.equal(badCommand.code, 2);
    assert.match(badCommand.stderr, /^error: unknown driver command "fly"; use one of charge, run, list, status, stop, watch\n$/);
  });

  it('charges with --json, options from EVC_* variables, exit 0', async () => {
    const result = await evc(['driver', '--json', 'charge', 'CP1'], { EVC_ID: 'D5', EVC_BUS: broker.url, EVC_DATA: data.dir });
    assert.equal(result.code, 0, result.stderr);
    const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; outcome?: string });
    assert.equal(records.at(-1)?.type, 'result');
    assert.equal(records.at(-1)?.outcome, 'completed');
    assert.equal(records.filter((record) => record.type === 'ticket').length, 1);
  });
});
