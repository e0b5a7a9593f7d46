// `evc demo` (what `npm start` runs) as a real process: it brings the network up on its own,
// its scripted driver completes a charge, and it stops every process it started.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { liveGroupMembers } from '../../base/process-group.ts';
import { descendantsOf, isAlive, procAvailable } from '../helpers/e2e-procs.ts';
import { useProcesses } from '../helpers/processes.ts';

describe('evc demo (npm start) as a real process', function () {
  this.timeout(240_000);
  const processes = useProcesses();

  before(function () {
    if (!procAvailable) {
      console.log('    skipped: no /proc here to check which processes the demo left');
      this.skip();
    }
  });

  it('comes up, prints the dashboard URL and the guide, completes a ticket, and exits 0 after --duration leaving no process', async () => {
    const demo = processes.start('demo', ['demo', '--duration', '15', '--charge-s', '3', '--cps', '2']);
    const [, dashboardUrl] = (await demo.waitForLine(/Dashboard\s+(http:\/\/localhost:\d+\/)/, { timeoutMs: 180_000 })) ?? [];
    const dataDir = (await demo.waitForLine(/^data folder (\S+)/, { timeoutMs: 1000 }))[1]!;
    await demo.waitForLine(/✔ ticket CP\d: [\d.]+ kWh × €[\d.]+\/kWh = €[\d.]+/, { timeoutMs: 60_000 });

    // While it runs, its dashboard answers with the demo's CPs.
    const cps = (await (await fetch(`${dashboardUrl}api/cps`)).json()) as Array<{ id: string }>;
    assert.deepEqual(cps.map((cp) => cp.id).sort(), ['CP1', 'CP2']);
    const childPids = descendantsOf(demo.pid!);
    assert.ok(childPids.length >= 1 + 2 * 3, `Central, 2 × (cp, Engine, Monitor) run under the demo: ${childPids.length}`);

    const exit = await demo.waitForExit(60_000);
    assert.deepEqual(exit, { code: 0, signal: null }, demo.tail(20).join('\n'));
    const text = demo.lines().map((line) => line.text).join('\n');
    assert.match(text, /starting Central… ok \(\d+\.\d s\)/);
    assert.match(text, /curl -X POST localhost:\d+\/buttons\/ko\/tap/);
    assert.match(text, /no process left/);
    assert.match(text, new RegExp(`data and logs kept in ${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    for (const pid of childPids) assert.equal(isAlive(pid), false, `process ${pid} started by the demo is gone`);
    assert.deepEqual(liveGroupMembers(demo.pid!), []);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops every process it started on Ctrl-C (SIGINT) and exits 0', async () => {
    const demo = processes.start('demo ctrl-c', ['demo', '--cps', '1']);
    await demo.waitForLine(/^everything up in/, { timeoutMs: 180_000 });
    const childPids = descendantsOf(demo.pid!);
    assert.ok(childPids.length >= 4, `Central, cp, Engine and Monitor run under the demo: ${childPids.length}`);

    demo.signal('SIGINT'); // the demo alone, as a terminal's Ctrl-C reaches it: its children have groups of their own
    const exit = await demo.waitForExit(60_000);
    assert.deepEqual(exit, { code: 0, signal: null }, demo.tail(20).join('\n'));
    await demo.waitForLine(/^stopping \(Ctrl-C\)…$/, { timeoutMs: 1000 });
    await demo.waitForLine(/no process left/, { timeoutMs: 1000 });
    for (const pid of childPids) assert.equal(isAlive(pid), false, `process ${pid} started by the demo is gone`);
    await rm((await demo.waitForLine(/^data folder (\S+)/, { timeoutMs: 1000 }))[1]!, { recursive: true, force: true });
  });
});
