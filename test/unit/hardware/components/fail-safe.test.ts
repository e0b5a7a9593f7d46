import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { FailSafe, type FailSafeProcess } from '../../../../hardware/components/fail-safe.ts';

/** A stand-in for `process` that records kill() calls. */
class FakeProcess extends EventEmitter implements FailSafeProcess {
  readonly pid = 4242;
  readonly kills: Array<[number, string]> = [];
  kill(pid: number, signal: NodeJS.Signals): boolean {
    this.kills.push([pid, signal]);
    return true;
  }
}

const HOOKED_EVENTS = ['exit', 'uncaughtExceptionMonitor', 'SIGINT', 'SIGTERM'];

describe('hardware/components/fail-safe', () => {
  it('hooks exit, crashes and signals only while an action is registered', () => {
    const fake = new FakeProcess();
    const failSafe = new FailSafe(fake);
    assert.equal(failSafe.isHooked, false);
    const remove = failSafe.add(() => {});
    for (const event of HOOKED_EVENTS) assert.equal(fake.listenerCount(event), 1, event);
    remove();
    for (const event of HOOKED_EVENTS) assert.equal(fake.listenerCount(event), 0, event);
    assert.equal(failSafe.size, 0);
  });

  it('runs every action on exit and on an uncaught error, even if one throws', () => {
    const fake = new FakeProcess();
    const failSafe = new FailSafe(fake);
    const ran: Array<string> = [];
    failSafe.add(() => {
      ran.push('first');
      throw new Error('broken');
    });
    failSafe.add(() => ran.push('second'));
    fake.emit('uncaughtExceptionMonitor', new Error('boom'), 'uncaughtException');
    fake.emit('exit', 1);
    assert.deepEqual(ran, ['first', 'second', 'first', 'second']);
  });

  it('re-raises a signal nobody else handles, after running the actions', () => {
    const fake = new FakeProcess();
    const failSafe = new FailSafe(fake);
    let ran = 0;
    failSafe.add(() => ran++);
    fake.emit('SIGTERM', 'SIGTERM');
    assert.equal(ran, 1);
    assert.deepEqual(fake.kills, [[4242, 'SIGTERM']]);
    assert.equal(fake.listenerCount('SIGTERM'), 0, 'unhooked so the re-raised signal kills the process');
  });

  it('leaves a signal to the program when it has its own handler', () => {
    const fake = new FakeProcess();
    const failSafe = new FailSafe(fake);
    fake.on('SIGINT', () => {});
    let ran = 0;
    failSafe.add(() => ran++);
    fake.emit('SIGINT', 'SIGINT');
    assert.equal(ran, 1);
    assert.deepEqual(fake.kills, []);
    assert.equal(failSafe.isHooked, true);
  });
});
