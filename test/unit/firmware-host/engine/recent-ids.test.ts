import assert from 'node:assert/strict';
import { RecentIds } from '../../../../firmware-host/engine/recent-ids.ts';

describe('RecentIds', () => {
  it('reports a repeat, and forgets the oldest past its capacity', () => {
    const ids = new RecentIds(2);
    assert.equal(ids.firstTime('a'), true);
    assert.equal(ids.firstTime('a'), false);
    assert.equal(ids.firstTime('b'), true);
    assert.equal(ids.firstTime('c'), true);
    assert.equal(ids.size, 2);
    assert.equal(ids.firstTime('a'), true);
    assert.equal(ids.firstTime('c'), false);
  });
});
