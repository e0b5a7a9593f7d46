import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Supervisor, type ChildSpec } from '../../../../firmware-host/cp/supervisor.ts';

// Real child processes: small node scripts standing in for the Engine and the Monitor.
function aChild(name: string, script: string): ChildSpec {
  return { name, command: process.execPath, args: ['-e', script], stdio: ['ignore', 'pipe', 'ignore'] };
}
/** Says "up" once its SIGTERM handler is in place. */
const LONG_RUNNING = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); console.log('up');";
const STUBBORN = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up');";

/** Resolves when every named child has printed its first line. */
function allUp(supervisor: Supervisor, names: string[]): Promise<void> {
  return Promise.all(names.map((name) => once(supervisor.child(name)!.stdout!, 'data'))).then(() => {});
}

describe('Supervisor (evc cp)', () => {
  const supervisors: Supervisor[] = [];
  function aSupervisor(...args: ConstructorParameters<typeof Supervisor>): Supervisor {
    const supervisor = new Supervisor(...args);
    supervisors.push(supervisor);
    return supervisor;
  }
  // Never leave a child behind, whatever a test did.
  afterEach(async () => {
    for (const supervisor of supervisors.splice(0)) {
      supervisor.stop('SIGKILL');
      await supervisor.done;
    }
  });

  it('stops the other child and fails with the reason when one dies', async () => {
    const supervisor = aSupervisor([aChild('engine', LONG_RUNNING), aChild('monitor', 'process.exitCode = 3')]);
    const exits: string[] = [];
    supervisor.on('exit', (name, code, signal) => exits.push(`${name}:${code ?? signal}`));
    supervisor.start();
    const result = await supervisor.done;
    assert.deepEqual(result, { code: 1, reason: 'monitor exited with code 3' });
    assert.equal(exits.length, 2);
    assert.ok(exits.includes('monitor:3'));
    assert.deepEqual(supervisor.running, []);
  });

  it('forwards a stop to both and ends cleanly', async () => {
    const supervisor = aSupervisor([aChild('engine', LONG_RUNNING), aChild('monitor', LONG_RUNNING)]);
    supervisor.start();
    await allUp(supervisor, ['engine', 'monitor']);
    supervisor.stop('SIGTERM');
    assert.deepEqual(await supervisor.done, { code: 0, reason: 'stopped by SIGTERM' });
  });

  it('ends cleanly when a child finishes on its own (the menu q)', async () => {
    const supervisor = aSupervisor([aChild('engine', 'process.exitCode = 0'), aChild('monitor', LONG_RUNNING)]);
    supervisor.start();
    assert.deepEqual(await supervisor.done, { code: 0, reason: 'engine exited with code 0' });
  });

  it('kills a child that ignores the stop', async () => {
    const supervisor = aSupervisor([aChild('engine', STUBBORN)], { killAfterMs: 100 });
    const signals: Array<string | null> = [];
    supervisor.on('exit', (_name, _code, signal) => signals.push(signal));
    supervisor.start();
    await allUp(supervisor, ['engine']);
    supervisor.stop();
    assert.deepEqual(await supervisor.done, { code: 0, reason: 'stopped by SIGTERM' });
    assert.deepEqual(signals, ['SIGKILL']);
  });

  it('fails with a clear reason when a child cannot start', async () => {
    const supervisor = aSupervisor([{ name: 'engine', command: '/nonexistent/node', args: [], stdio: 'ignore' }]);
    supervisor.start();
    const result = await supervisor.done;
    assert.equal(result.code, 1);
    assert.match(result.reason, /engine could not start: .*ENOENT/);
  });
});
