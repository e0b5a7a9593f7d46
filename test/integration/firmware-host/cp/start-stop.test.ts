// `evc cp` as real processes against a real Central (issue 12): the CP learns its device bus from
// welcome, shows AVAILABLE only with its Engine on Central's bus, and never FAULTED on a start or a quit.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../../bus/index.ts';
import type { CpView } from '../../../../central/core/index.ts';
import { cpReaches, removeDir, startCentral, tempDataDir, type TestCentral } from '../../central/app/central-fixture.ts';
import { freePort as freePortOn } from '../../../../demo/net.ts';

const EVC = fileURLToPath(new URL('../../../../bin/evc', import.meta.url));
const CP_ID = 'CPSTART';

describe('evc cp start and quit at a real Central (issue 12)', function () {
  this.timeout(60_000);
  let central: TestCentral;
  let cp: ChildProcess | undefined;
  let cpData: string;
  let seen: Array<CpView>;
  let stderr: string;

  beforeEach(async () => {
    // Central's embedded broker on a free port: a CP that guessed 1883 would find Mosquitto (or nothing) there.
    central = await startCentral(await tempDataDir(), { registration: 'open' });
    seen = [];
    central.operations.on('cp-updated', (view) => {
      if (view.id === CP_ID) seen.push(view);
    });
    cpData = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-cp-start-'));
    stderr = '';
  });

  afterEach(async () => {
    if (cp && cp.exitCode === null && cp.signalCode === null) {
      cp.kill('SIGKILL');
      await once(cp, 'exit');
    }
    cp = undefined;
    await central.handle.close();
    await removeDir(central.dataDir);
    fs.rmSync(cpData, { recursive: true, force: true });
  });

  async function startCp(extra: string[] = []): Promise<ChildProcess> {
    const child = spawn(process.execPath, [
      EVC, 'cp', '--id', CP_ID, '--central', `127.0.0.1:${central.handle.ports.monitor}`,
      '--engine-port', String(await freePortOn('127.0.0.1')), '--sim-port', '0', '--no-menu', '--data', cpData, ...extra,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    cp = child;
    return child;
  }

  const states = (): string => seen.map((view) => `${view.state}${view.detail ? ` (${view.detail})` : ''}`).join(' → ');

  it('with only --central: learns the device bus from welcome, goes DISCONNECTED → AVAILABLE, quits to DISCONNECTED, never FAULTED', async () => {
    const child = await startCp();
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`evc cp exited early (${code}): ${stderr.slice(-2000)}`);
    });
    await Promise.race([cpReaches(central.operations, CP_ID, 'AVAILABLE', 30_000), exited]);
    assert.ok(!seen.some((view) => view.state === 'FAULTED'), `a start shows no fault: ${states()}`);

    const quitFrom = seen.length;
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr.slice(-2000));
    const view = await cpReaches(central.operations, CP_ID, 'DISCONNECTED', 10_000);
    assert.match(view.detail ?? '', /said goodbye/);
    const quit = seen.slice(quitFrom);
    assert.ok(!quit.some((v) => v.state === 'FAULTED'), `a quit shows no fault: ${states()}`);
  });

  it('with its Engine on another broker: stays DISCONNECTED and says "Engine not on the device bus"', async () => {
    const elsewhere: EmbeddedBroker = await createEmbeddedBroker({
      host: '127.0.0.1',
      port: 0,
      central: { username: 'central', password: 'c' },
      authenticate: async (username) => ({ kind: 'cp', id: username }),
    });
    try {
      await startCp(['--bus', elsewhere.url]);
      const reason = await new Promise<CpView>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Engine not on the device bus": ${states()}`)), 30_000);
        const check = (view: CpView): void => {
          if (view.id !== CP_ID || view.detail !== 'Engine not on the device bus') return;
          clearTimeout(timer);
          central.operations.off('cp-updated', check);
          resolve(view);
        };
        central.operations.on('cp-updated', check);
      });
      assert.equal(reason.state, 'DISCONNECTED');
      assert.equal(central.operations.cpViews().find((view) => view.id === CP_ID)?.detail, 'Engine not on the device bus');
      assert.ok(!seen.some((view) => view.state === 'AVAILABLE'), `never AVAILABLE: ${states()}`);
    } finally {
      cp?.kill('SIGTERM');
      if (cp) await once(cp, 'exit');
      await elsewhere.close();
    }
  });
});
