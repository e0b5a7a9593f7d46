import { fileURLToPath } from 'node:url';
import { EvcError } from '../protocol/index.ts';
import type { ManagedProcess } from '../base/managed-process.ts';
import { describeExit } from '../base/process-exit.ts';
import type { ChildSpec } from '../base/supervisor.ts';
import { pollUntil } from './net.ts';

export const EVC_BIN = fileURLToPath(new URL('../bin/evc', import.meta.url));

/**
 * `node bin/evc …args` in a process group of its own, its output in `logFile`. The demo's
 * children get only the options it passes: EVC_* variables of the caller's shell (say
 * EVC_DEVICE_BUS) would otherwise change what the demo runs.
 */
export function evcChild(name: string, args: string[], options: { logFile: string; cwd?: string; stopTier?: number }): ChildSpec {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_')));
  return {
    name,
    stopTier: options.stopTier ?? 0,
    command: process.execPath,
    args: [EVC_BIN, ...args],
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    logFile: options.logFile,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
}

/**
 * Waits for `probe` to see the process ready (HTTP state: no push exists, so it polls with a
 * deadline); fails at once, with its last lines, if the process exits first.
 */
export async function untilReady<T>(
  child: ManagedProcess,
  probe: () => Promise<T | undefined>,
  what: string,
  options: { timeoutMs: number; logFile: string; signal?: AbortSignal },
): Promise<T> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const exited = child.waitForExit().then((exit) => {
    throw new EvcError('DEMO_START', `${child.name} ${describeExit(exit)} before ${what}:\n${indent(child.tail(15))}\n  (full log: ${options.logFile})`);
  });
  try {
    return await Promise.race([pollUntil(probe, { timeoutMs: options.timeoutMs, what, signal }), exited]);
  } catch (error) {
    if (error instanceof EvcError || options.signal?.aborted) throw error;
    throw new EvcError('DEMO_START', `${(error as Error).message}\n${indent(child.tail(15))}\n  (full log: ${options.logFile})`);
  } finally {
    stop.abort();
    exited.catch(() => undefined);
  }
}

function indent(lines: string[]): string {
  return lines.map((line) => `    ${line}`).join('\n');
}
