import { strict as assert } from 'node:assert';
import { runDriverCommand } from '../../../driver/index.ts';
import { EvcError } from '../../../protocol/index.ts';
import { testIo } from './test-io.ts';
import { driverOptions, useMqttRig } from './fixtures.ts';

describe('runDriverCommand --json: one record per line, a final result (MQTT)', () => {
  const rig = useMqttRig();

  it('--json prints one event per line and a final result', async () => {
    const io = testIo();
    assert.equal(await runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'charge', cpId: 'CP2' }, { json: true }), io), 0);
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
    await assert.rejects(runDriverCommand(driverOptions(rig.broker.url, rig.data.dir, { name: 'status', cpId: 'CP9' }, { json: true }), io), EvcError);
    const records = io.stdout.lines.map((line) => JSON.parse(line));
    assert.equal(records[0].type, 'denied');
    assert.deepEqual(records.at(-1), {
      type: 'result', command: 'status', outcome: 'error', exitCode: 1, code: 'DENIED', reason: 'Central refused the status request: unknown CP CP9',
    });
  });
});
