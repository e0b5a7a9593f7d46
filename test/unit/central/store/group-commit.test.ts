import assert from 'node:assert/strict';
import { GroupCommit } from '../../../../central/store/group-commit.ts';

/** A write the test finishes by hand, recording each batch it was given. */
function manualWrites() {
  const batches: string[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  const write = (run: string[]) => {
    batches.push(run);
    return new Promise<void>((resolve, reject) => finish.push((error) => (error ? reject(error) : resolve())));
  };
  return { batches, finish, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('central/store GroupCommit (DESIGN §5)', () => {
  it('writes the first item at once; items added meanwhile share the next write, in order', async () => {
    const writes = manualWrites();
    const commits = new GroupCommit<string>(writes.write);
    const done: string[] = [];
    const add = (item: string) => commits.add(item).then(() => void done.push(item));
    const all = ['a', 'b', 'c', 'd'].map(add);
    assert.deepEqual(writes.batches, [['a']]);
    writes.finish[0]!();
    await turn();
    assert.deepEqual(done, ['a']);
    assert.deepEqual(writes.batches, [['a'], ['b', 'c', 'd']]);
    assert.equal(commits.idle, false);
    writes.finish[1]!();
    await Promise.all(all);
    assert.deepEqual(done, ['a', 'b', 'c', 'd']);
    assert.equal(commits.idle, true);
  });

  it('a failed write rejects its own items only; the next write goes ahead', async () => {
    const writes = manualWrites();
    const commits = new GroupCommit<string>(writes.write);
    const first = commits.add('a');
    const second = commits.add('b');
    writes.finish[0]!(new Error('disk full'));
    await assert.rejects(first, /disk full/);
    writes.finish[1]!();
    await second;
  });

  it('splits a batch into runs of the same key, each written and settled on its own', async () => {
    const writes = manualWrites();
    const commits = new GroupCommit<string>(writes.write, (item) => item.slice(0, 7));
    const head = commits.add('2024-04 x');
    const rest = ['2024-04 a', '2024-05 b', '2024-05 c', '2024-04 d'].map((item) => commits.add(item).then(() => 'ok', (error: Error) => error.message));
    writes.finish[0]!();
    await head;
    await turn();
    assert.deepEqual(writes.batches.slice(1), [['2024-04 a']]);
    writes.finish[1]!();
    await turn();
    assert.deepEqual(writes.batches.slice(2), [['2024-05 b', '2024-05 c']]);
    writes.finish[2]!(new Error('May failed'));
    await turn();
    assert.deepEqual(writes.batches.slice(3), [['2024-04 d']]);
    writes.finish[3]!();
    assert.deepEqual(await Promise.all(rest), ['ok', 'May failed', 'May failed', 'ok']);
  });

  it('drain waits for everything added so far', async () => {
    const writes = manualWrites();
    const commits = new GroupCommit<string>(writes.write);
    let settled = 0;
    for (const item of ['a', 'b']) void commits.add(item).then(() => settled++);
    const drained = commits.drain().then(() => settled);
    writes.finish[0]!();
    await turn();
    writes.finish[1]!();
    assert.equal(await drained, 2);
    await commits.drain();
  });
});
