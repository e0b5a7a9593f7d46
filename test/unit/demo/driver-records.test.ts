import assert from 'node:assert/strict';
import { driverRecordOf } from '../../../demo/driver-records.ts';

const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout') => ({ stream, text, index: 0 });

describe('demo/driver-records', () => {
  it('reads a --json record from stdout', () => {
    assert.deepEqual(driverRecordOf(line('{"type":"ticket","kWh":1.2}')), { type: 'ticket', kWh: 1.2 });
  });

  it('anything else is no record: stderr, plain text, bad JSON, JSON without a type', () => {
    for (const candidate of [line('{"type":"x"}', 'stderr'), line('Receipt  CP1'), line('{"type":'), line('{"kind":"x"}'), line('{"type":3}')]) {
      assert.equal(driverRecordOf(candidate), undefined, candidate.text);
    }
  });
});
