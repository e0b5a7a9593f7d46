import assert from 'node:assert/strict';
import { parseKeys } from '../../../../central/panel/keys.ts';

describe('central/panel parseKeys', () => {
  it('maps arrows (both cursor modes), vi keys and the command letters', () => {
    assert.deepEqual(parseKeys('\x1b[A'), ['up']);
    assert.deepEqual(parseKeys('\x1bOB'), ['down']);
    assert.deepEqual(parseKeys('kj'), ['up', 'down']);
    assert.deepEqual(parseKeys('srSRq'), ['stop', 'resume', 'stop-all', 'resume-all', 'quit']);
    assert.deepEqual(parseKeys('\x03'), ['quit']);
  });

  it('reads several keys from one chunk and ignores everything else', () => {
    assert.deepEqual(parseKeys('\x1b[B\x1b[Bs'), ['down', 'down', 'stop']);
    assert.deepEqual(parseKeys('x\x1b[C\x1b[15~\x1b[1;5Dz'), []);
    assert.deepEqual(parseKeys('\x1b[Cs'), ['stop']);
  });
});
