import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { liveGroupMembers, processStartTicks, signalGroup } from '../../../base/process-group.ts';

/** A detached node process (a group of its own) that starts one child and prints the child's pid. */
function groupLeaderWithChild(): ChildProcess {
  const source = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);";
  return spawn(process.execPath, ['-e', source], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
}

describe('base/process-group', () => {
  const hasProc = existsSync('/proc/self/stat');
  let leader: ChildProcess | undefined;
  afterEach(() => {
    if (leader?.pid) signalGroup(leader.pid, 'SIGKILL');
    leader = undefined;
  });

  it('lists the live members of a group, and none once the group is signalled away', async function () {
    if (!hasProc) this.skip(); // the member list comes from /proc; elsewhere only the leader is known
    leader = groupLeaderWithChild();
    const [chunk] = (await once(leader.stdout!, 'data')) as [Buffer];
    const childPid = Number(chunk.toString().trim());
    assert.deepEqual(liveGroupMembers(leader.pid!).sort(), [leader.pid!, childPid].sort());

    const exited = once(leader, 'exit');
    assert.equal(signalGroup(leader.pid!, 'SIGKILL'), true);
    await exited;
    // The grandchild is re-parented to init and reaped there; a zombie does not count as live.
    while (liveGroupMembers(leader.pid!).length > 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(liveGroupMembers(leader.pid!), []);
  });

  it('says false when there is no such group to signal', function () {
    if (!hasProc) this.skip();
    const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    assert.equal(signalGroup(pidMax + 1, 'SIGTERM'), false);
  });

  it('names a process by its start time, the same for the same process and undefined once it is gone', async function () {
    if (!hasProc) this.skip();
    const own = processStartTicks(process.pid);
    assert.match(own ?? '', /^\d+$/);
    assert.equal(processStartTicks(process.pid), own);

    leader = groupLeaderWithChild();
    await once(leader.stdout!, 'data');
    assert.match(processStartTicks(leader.pid!) ?? '', /^\d+$/);
    const exited = once(leader, 'exit');
    signalGroup(leader.pid!, 'SIGKILL');
    await exited;
    assert.equal(processStartTicks(leader.pid!), undefined, 'reaped: no /proc entry');
  });
});
