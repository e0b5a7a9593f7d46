import assert from 'node:assert/strict';
import { ProcessWaitError, describeExit } from '../../../base/process-exit.ts';

describe('base/process-exit', () => {
  it('describes an exit by its signal when there is one, else by its code', () => {
    assert.equal(describeExit({ code: null, signal: 'SIGKILL' }), 'killed by SIGKILL');
    assert.equal(describeExit({ code: 1, signal: null }), 'exit code 1');
    assert.equal(describeExit({ code: 0, signal: null }), 'exit code 0');
  });

  it('a wait error carries what the process said last', () => {
    const error = new ProcessWaitError('no "ready" within 5 s', ['starting', 'failed']);
    assert.equal(error.name, 'ProcessWaitError');
    assert.deepEqual(error.tail, ['starting', 'failed']);
  });
});
