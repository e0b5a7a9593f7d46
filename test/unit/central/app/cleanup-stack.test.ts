import assert from 'node:assert/strict';
import { CleanupStack } from '../../../../central/app/cleanup-stack.ts';

describe('central/app CleanupStack', () => {
  it('runs every step last-in first-out, awaiting each', async () => {
    const stack = new CleanupStack();
    const ran: string[] = [];
    stack.push('http', () => void ran.push('http'));
    stack.push('bus', async () => {
      await Promise.resolve();
      ran.push('bus');
    });
    stack.push('timer', () => void ran.push('timer'));
    await stack.runAll(() => assert.fail('no step failed'));
    assert.deepEqual(ran, ['timer', 'bus', 'http']);
  });

  it('a failing step is reported with its label and the rest still run; never throws', async () => {
    const stack = new CleanupStack();
    const ran: string[] = [];
    const failures: string[] = [];
    stack.push('first', () => void ran.push('first'));
    stack.push('broken', () => {
      throw new Error('boom');
    });
    stack.push('rejects', () => Promise.reject(new Error('later boom')));
    await stack.runAll((label, error) => failures.push(`${label}: ${(error as Error).message}`));
    assert.deepEqual(failures, ['rejects: later boom', 'broken: boom']);
    assert.deepEqual(ran, ['first']);
  });

  it('runs each step once: a second runAll has nothing left', async () => {
    const stack = new CleanupStack();
    let runs = 0;
    stack.push('once', () => runs++);
    await stack.runAll(() => undefined);
    await stack.runAll(() => undefined);
    assert.equal(runs, 1);
  });
});
