import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { runCentral, type CentralHandle, type RunCentralOptions } from '../../../../central/app/index.ts';
import type { CpView } from '../../../../central/core/index.ts';
import type { CentralOperations } from '../../../../central/operations.ts';
import type { CpState } from '../../../../protocol/index.ts';

/** Central on free loopback ports and its own temp data dir; EVC_TEST_LOG=debug shows its logs. */
export function testOptions(dataDir: string, overrides: Partial<RunCentralOptions> = {}): RunCentralOptions {
  const level = process.env.EVC_TEST_LOG ?? 'silent';
  return {
    dataDir,
    monitorHost: '127.0.0.1',
    monitorPort: 0,
    mqttHost: '127.0.0.1',
    mqttPort: 0,
    httpPort: false,
    // These suites send a whole session's meter figures within milliseconds; the plausibility
    // bound's own suite (plausibility.test.ts) runs with the default.
    energySlackS: 3600,
    logger: pino({ level, name: 'central' }, pino.destination(2)),
    ...overrides,
  };
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'evc-central-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface TestCentral {
  handle: CentralHandle;
  operations: CentralOperations;
  dataDir: string;
  mqttUrl: string;
}

export async function startCentral(dataDir: string, overrides: Partial<RunCentralOptions> = {}): Promise<TestCentral> {
  const handle = await runCentral(testOptions(dataDir, overrides));
  return { handle, operations: handle.operations, dataDir, mqttUrl: `mqtt://127.0.0.1:${handle.ports.mqtt}` };
}

/** Resolves with the CP's view once it is in `state` (now or after a later `cp-updated`). */
export function cpReaches(operations: CentralOperations, cpId: string, state: CpState, timeoutMs = 8000): Promise<CpView> {
  const current = operations.cpViews().find((view) => view.id === cpId);
  if (current?.state === state) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const onUpdate = (view: CpView): void => {
      if (view.id !== cpId || view.state !== state) return;
      clearTimeout(timer);
      operations.off('cp-updated', onUpdate);
      resolve(view);
    };
    const timer = setTimeout(() => {
      operations.off('cp-updated', onUpdate);
      const now = operations.cpViews().find((view) => view.id === cpId);
      reject(new Error(`timed out waiting for ${cpId} to be ${state}; it is ${now?.state ?? 'unknown'}`));
    }, timeoutMs);
    operations.on('cp-updated', onUpdate);
  });
}
