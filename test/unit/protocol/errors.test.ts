import assert from 'node:assert/strict';
import { EvcError, UsageError } from '../../../protocol/errors.ts';

describe('protocol/errors', () => {
  it('an EvcError carries its code and ends the run with 1 unless told otherwise (DESIGN §6)', () => {
    const error = new EvcError('NO_CENTRAL', 'Central did not answer');
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'EvcError');
    assert.equal(error.code, 'NO_CENTRAL');
    assert.equal(error.message, 'Central did not answer');
    assert.equal(error.exitCode, 1);
    assert.equal(new EvcError('X', 'y', 2).exitCode, 2);
  });

  it('a UsageError is an EvcError coded BAD_USAGE that exits 2', () => {
    const error = new UsageError('--id is required');
    assert.ok(error instanceof EvcError);
    assert.equal(error.name, 'UsageError');
    assert.equal(error.code, 'BAD_USAGE');
    assert.equal(error.exitCode, 2);
    assert.equal(error.message, '--id is required');
  });
});
