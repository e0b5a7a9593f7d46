import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Supervisor, type ChildSpec } from '../../../base/supervisor.ts';

// Real child processes: small node scripts standing in for the Engine, the Monitor, Central.
function aChild(name: string, script: string, extra: Partial<ChildSpec> = {}): ChildSpec {
  return { name, command: process.execPath, args: ['-e', script], ...extra };
}
/** Says "up" once its SIGTERM handler is in place. */
const LONG_RUNNING = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); console.log('up');";
const STUBBORN = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up');";

/** Resolves when the named child's current process has printed "up". */
async function up(supervisor: Supervisor, name: string): Promise<number> {
  let child = supervisor.child(name);
  if (!child) [, child] = await once(supervisor, 'spawn');
  await child!.waitForLine(/^up$/, { timeoutMs: 10_000 });
  return child!.pid!;
}

const fastRestarts = { restartDelayMs: () => 20 };

describe('Supervisor (evc cp, evc demo)', () => {
  const supervisors: Supervisor[] = [];
  function aSupervisor(...args: ConstructorParameters<typeof Supervisor>): Supervisor {
    const supervisor = new Supervisor(...args);
    supervisors.push(supervisor);
    return supervisor;
  }
  // Never leave a child behind, whatever a test did.
  afterEach(async () => {
    for (const supervisor of supervisors.splice(0)) {
      await supervisor.stop('SIGKILL');
      await supervisor.done;
    }
  });

  it('restarts a killed child while its sibling keeps running', async () => {
    const supervisor = aSupervisor([aChild('engine', LONG_RUNNING), aChild('monitor', LONG_RUNNING)], fastRestarts);
    const restarts: string[] = [];
    supervisor.on('restarting', (name, _delayMs, exit) => restarts.push(`${name}:${exit.signal}`));
    supervisor.start();
    const [enginePid, monitorPid] = [await up(supervisor, 'engine'), await up(supervisor, 'monitor')];
    process.kill(enginePid, 'SIGKILL');
    const [name, respawned] = await once(supervisor, 'spawn');
    assert.equal(name, 'engine');
    await respawned.waitForLine(/^up$/, { timeoutMs: 10_000 });
    assert.notEqual(respawned.pid, enginePid);
    assert.equal(supervisor.child('monitor')!.pid, monitorPid, 'the Monitor was not touched');
    assert.deepEqual(restarts, ['engine:SIGKILL']);
    assert.deepEqual(supervisor.running.sort(), ['engine', 'monitor']);
  });

  it('restarts a child that exits with an error, with a growing delay, and gives up after too many quick crashes', async () => {
    const delays: number[] = [];
    const supervisor = aSupervisor([aChild('monitor', 'process.exitCode = 1'), aChild('engine', LONG_RUNNING)], {
      restartDelayMs: (attempt) => 10 * 2 ** attempt,
      maxQuickCrashes: 3,
    });
    supervisor.on('restarting', (_name, delayMs) => delays.push(delayMs));
    supervisor.start();
    const result = await supervisor.done;
    assert.deepEqual(delays, [10, 20, 40]);
    assert.deepEqual(result, { code: 1, reason: 'monitor exited with code 1, 4 times in a row within 10 s of starting' });
    assert.deepEqual(supervisor.running, [], 'the sibling was stopped when it gave up');
  });

  it('never gives up on a child killed by signals, however quickly they come', async () => {
    const supervisor = aSupervisor([aChild('engine', LONG_RUNNING)], { restartDelayMs: () => 10, maxQuickCrashes: 2 });
    supervisor.start();
    for (let kill = 0; kill < 4; kill++) {
      const pid = await up(supervisor, 'engine');
      const respawned = once(supervisor, 'spawn');
      process.kill(pid, 'SIGKILL');
      await respawned;
    }
    await up(supervisor, 'engine');
    assert.deepEqual(supervisor.running, ['engine']);
  });

  it('gives up at once on bad usage (exit code 2): the same arguments cannot do better', async () => {
    const supervisor = aSupervisor([aChild('engine', 'process.exitCode = 2'), aChild('monitor', LONG_RUNNING)], fastRestarts);
    supervisor.start();
    assert.deepEqual(await supervisor.done, { code: 1, reason: 'engine exited with code 2' });
  });

  it('forwards a stop to every child and ends cleanly', async () => {
    const supervisor = aSupervisor([aChild('engine', LONG_RUNNING), aChild('monitor', LONG_RUNNING)]);
    supervisor.start();
    await Promise.all([up(supervisor, 'engine'), up(supervisor, 'monitor')]);
    await supervisor.stop('SIGTERM');
    assert.deepEqual(await supervisor.done, { code: 0, reason: 'stopped by SIGTERM' });
    assert.deepEqual(supervisor.running, []);
  });

  it('stops higher tiers first (CPs before Central)', async () => {
    const supervisor = aSupervisor([aChild('central', LONG_RUNNING), aChild('cp', LONG_RUNNING, { stopTier: 1 })]);
    const exits: string[] = [];
    supervisor.on('exit', (name) => exits.push(name));
    supervisor.start();
    await Promise.all([up(supervisor, 'central'), up(supervisor, 'cp')]);
    await supervisor.stop();
    assert.deepEqual(exits, ['cp', 'central']);
  });

  it('ends cleanly when a child finishes on its own (the menu q)', async () => {
    const supervisor = aSupervisor([aChild('engine', 'process.exitCode = 0'), aChild('monitor', LONG_RUNNING)]);
    supervisor.start();
    assert.deepEqual(await supervisor.done, { code: 0, reason: 'engine exited with code 0' });
  });

  it('kills a child that ignores the stop', async () => {
    const supervisor = aSupervisor([aChild('engine', STUBBORN)], { killAfterMs: 100 });
    const signals: Array<string | null> = [];
    supervisor.on('exit', (_name, exit) => signals.push(exit.signal));
    supervisor.start();
    await up(supervisor, 'engine');
    await supervisor.stop();
    assert.deepEqual(await supervisor.done, { code: 0, reason: 'stopped by SIGTERM' });
    assert.deepEqual(signals, ['SIGKILL']);
  });

  it('fails with a clear reason when a child cannot start', async () => {
    const supervisor = aSupervisor([{ name: 'engine', command: '/nonexistent/node', args: [] }], { ...fastRestarts, maxQuickCrashes: 1 });
    supervisor.start();
    const result = await supervisor.done;
    assert.equal(result.code, 1);
    assert.match(result.reason, /engine could not start/);
    assert.match(supervisor.processes[0]!.tail().join('\n'), /ENOENT/);
  });
});
