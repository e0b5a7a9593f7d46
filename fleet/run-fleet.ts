import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EvcError } from '../protocol/index.ts';
import { resolveFleetOptions, type FleetOptions } from './options.ts';
import { FleetShard, type ShardProgress, type ShardResult } from './shard.ts';
import { summarizeFleet, type FleetSummary } from './summary.ts';

export interface RunFleetHooks {
  /** Every second: each shard's latest progress. */
  onProgress?: (progress: readonly ShardProgress[]) => void;
  /** Aborting ends the measured window early; the fleet still stops cleanly and reports. */
  signal?: AbortSignal;
}

/**
 * `evc fleet` (DESIGN §6): N simulated CPs and M drivers against a running Central, in one
 * process or spread over `processes` children (each with its own open-file limit).
 */
export async function runFleet(input: Partial<FleetOptions>, hooks: RunFleetHooks = {}): Promise<{ options: FleetOptions; summary: FleetSummary }> {
  const options = resolveFleetOptions(input);
  const results = options.processes === 1 ? [await runInProcess(options, hooks)] : await runInChildren(options, hooks);
  return { options, summary: summarizeFleet(results) };
}

async function runInProcess(options: FleetOptions, hooks: RunFleetHooks): Promise<ShardResult> {
  const shard = new FleetShard(options);
  const timer = setInterval(() => hooks.onProgress?.([shard.progress()]), 1000);
  try {
    return await shard.run(hooks.signal);
  } finally {
    clearInterval(timer);
  }
}

/** The shard's entry beside this module: `.js` in an install (dist/), `.ts` through tsx in a checkout. */
const compiled = import.meta.url.endsWith('.js');
const SHARD_MAIN = fileURLToPath(new URL(compiled ? './shard-process.js' : './shard-process.ts', import.meta.url));
const SHARD_EXEC_ARGV = compiled ? [] : ['--import', 'tsx'];

async function runInChildren(options: FleetOptions, hooks: RunFleetHooks): Promise<ShardResult[]> {
  const progress: ShardProgress[] = [];
  const children: ChildProcess[] = [];
  const onAbort = (): void => {
    for (const child of children) child.send({ type: 'stop' });
  };
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => {
    if (progress.filter(Boolean).length === options.processes) hooks.onProgress?.(progress);
  }, 1000);
  try {
    return await Promise.all(
      Array.from({ length: options.processes }, (_, shard) =>
        new Promise<ShardResult>((resolve, reject) => {
          const child = fork(SHARD_MAIN, [], { execArgv: SHARD_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          children.push(child);
          let result: ShardResult | undefined;
          child.on('message', (message: { type: 'progress'; progress: ShardProgress } | { type: 'result'; result: ShardResult } | { type: 'error'; message: string }) => {
            if (message.type === 'progress') progress[shard] = message.progress;
            else if (message.type === 'result') result = message.result;
            else reject(new EvcError('FLEET_FAILED', `fleet process ${shard + 1} failed: ${message.message}`));
          });
          child.on('exit', (code, signal) => {
            if (result) resolve(result);
            else reject(new EvcError('FLEET_FAILED', `fleet process ${shard + 1} exited (${signal ?? `code ${code}`}) before reporting`));
          });
          child.send({ type: 'start', options, shard, shards: options.processes });
        }),
      ),
    );
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  } finally {
    clearInterval(timer);
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}
