import assert from 'node:assert/strict';
import { TurnCork } from '../../../base/turn-cork.ts';

function aStream() {
  const calls: string[] = [];
  return { calls, stream: { cork: () => void calls.push('cork'), uncork: () => void calls.push('uncork') } };
}

describe('base/turn-cork', () => {
  it('corks once per turn however many writes, and uncorks when the turn ends', () => {
    const { calls, stream } = aStream();
    const deferred: Array<() => void> = [];
    const cork = new TurnCork(stream, (release) => void deferred.push(release));
    cork.hold();
    cork.hold();
    cork.hold();
    assert.deepEqual(calls, ['cork']);
    assert.equal(deferred.length, 1);
    deferred[0]!();
    assert.deepEqual(calls, ['cork', 'uncork']);
    cork.hold();
    assert.deepEqual(calls, ['cork', 'uncork', 'cork']);
  });

  it('release lets go at once, and the end of the turn then does nothing more', () => {
    const { calls, stream } = aStream();
    const deferred: Array<() => void> = [];
    const cork = new TurnCork(stream, (release) => void deferred.push(release));
    cork.hold();
    cork.release();
    deferred[0]!();
    cork.release();
    assert.deepEqual(calls, ['cork', 'uncork']);
  });

  it('defaults to the end of the poll phase (setImmediate)', async () => {
    const { calls, stream } = aStream();
    new TurnCork(stream).hold();
    await new Promise((resolve) => process.nextTick(resolve));
    assert.deepEqual(calls, ['cork']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, ['cork', 'uncork']);
  });
});
