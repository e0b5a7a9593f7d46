import assert from 'node:assert/strict';
import { RecentIds } from '../../../base/recent-ids.ts';

describe('base/recent-ids RecentIds', () => {
  it('reports a repeated id as seen and a new one as not', () => {
    const ids = new RecentIds(10);
    assert.equal(ids.seen('a'), false);
    assert.equal(ids.seen('b'), false);
    assert.equal(ids.seen('a'), true);
    assert.equal(ids.size, 2);
  });

  it('keeps memory bounded, forgetting the oldest id first', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.seen(id);
    assert.equal(ids.size, 3);
    assert.equal(ids.has('a'), false, 'oldest forgotten');
    assert.equal(ids.has('b'), true);
    assert.equal(ids.seen('d'), true);
  });

  it('stays at capacity over many ids', () => {
    const ids = new RecentIds(10_000);
    for (let i = 0; i < 25_000; i++) ids.seen(`id-${i}`);
    assert.equal(ids.size, 10_000);
    assert.equal(ids.has('id-24999'), true);
    assert.equal(ids.has('id-14999'), false);
  });

  it('reports a repeat, and forgets the oldest past its capacity (the Engine keeps 1024)', () => {
    const ids = new RecentIds(2);
    assert.equal(ids.seen('a'), false);
    assert.equal(ids.seen('a'), true);
    assert.equal(ids.seen('b'), false);
    assert.equal(ids.seen('c'), false);
    assert.equal(ids.size, 2);
    assert.equal(ids.seen('a'), false);
    assert.equal(ids.seen('c'), true);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new RecentIds(0), RangeError);
    assert.throws(() => new RecentIds(1.5), RangeError);
  });
  it('forgets an id on request, so it counts as new again', () => {
    const ids = new RecentIds(3);
    ids.seen('a');
    ids.forget('a');
    ids.forget('never-seen');
    assert.equal(ids.has('a'), false);
    assert.equal(ids.seen('a'), false);
    assert.equal(ids.size, 1);
  });
});
