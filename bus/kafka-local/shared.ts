// The shared development broker of `npm run kafka:up` / `kafka:down` (DESIGN §4.6).
import { open, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { brokerAnswers, commandLineOf, isAlive, stopProcess, waitUntilReady } from './broker.ts';
import { fetchKafka } from './fetch.ts';
import { launchInstance } from './instance.ts';
import { cacheRoot, kafkaVersion, stateFile } from './paths.ts';

export interface SharedOptions {
  /** Where kafka-run.json lives; default the evc cache dir. Tests pass their own. */
  stateDir?: string;
  onProgress?: (line: string) => void;
}

/** Contents of kafka-run.json. */
export interface SharedState {
  pid: number;
  url: string;
  port: number;
  runDir: string;
  version: string;
  startedAt: string;
}

export async function readSharedState(stateDir = cacheRoot()): Promise<SharedState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(stateDir), 'utf8')) as SharedState;
  } catch {
    return undefined;
  }
}

/** The recorded pid still runs our broker (guards against a reused pid on Linux). */
function stillOurs(state: SharedState): boolean {
  if (!isAlive(state.pid)) return false;
  const commandLine = commandLineOf(state.pid);
  return commandLine === undefined || (commandLine.includes('kafka.Kafka') && commandLine.includes(state.runDir));
}

/** Serialises concurrent up/down calls; a lock left by a dead process is taken over. */
async function withLock<T>(stateDir: string, work: () => Promise<T>): Promise<T> {
  const lockPath = `${stateFile(stateDir)}.lock`;
  await mkdir(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lockPath, 'utf8').catch(() => ''));
      if (holder > 0 && !isAlive(holder)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lockPath} is held by pid ${holder}; remove it if that process is gone`);
      await delay(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function forget(stateDir: string, state: SharedState): Promise<void> {
  await rm(state.runDir, { recursive: true, force: true });
  await rm(stateFile(stateDir), { force: true });
}

/** Reuses the running shared broker when it answers, else starts one detached. */
export async function kafkaUp(opts: SharedOptions = {}): Promise<{ url: string; reused: boolean }> {
  const stateDir = opts.stateDir ?? cacheRoot();
  return withLock(stateDir, async () => {
    const state = await readSharedState(stateDir);
    if (state && stillOurs(state)) {
      if (await brokerAnswers(state.port)) return { url: state.url, reused: true };
      try {
        // Maybe still starting, or busy: give it a moment before replacing it.
        await waitUntilReady(state.port, { timeoutMs: 20_000, failure: () => (isAlive(state.pid) ? undefined : 'exited') });
        return { url: state.url, reused: true };
      } catch {
        opts.onProgress?.(`Kafka pid ${state.pid} does not answer; replacing it`);
        await stopProcess(state.pid);
      }
    }
    if (state) await forget(stateDir, state);

    const libs = await fetchKafka(opts);
    const instance = await launchInstance(libs, { detached: true, onProgress: opts.onProgress });
    const fresh: SharedState = {
      pid: instance.pid,
      url: instance.url,
      port: instance.port,
      runDir: instance.files.runDir,
      version: kafkaVersion(),
      startedAt: new Date().toISOString(),
    };
    await writeFile(stateFile(stateDir), `${JSON.stringify(fresh, null, 2)}\n`);
    return { url: instance.url, reused: false };
  });
}

/** Stops the shared broker and deletes its run dir. False when none was running. */
export async function kafkaDown(opts: SharedOptions = {}): Promise<boolean> {
  const stateDir = opts.stateDir ?? cacheRoot();
  return withLock(stateDir, async () => {
    const state = await readSharedState(stateDir);
    if (!state) return false;
    const running = stillOurs(state);
    if (running) {
      opts.onProgress?.(`stopping Kafka (pid ${state.pid})`);
      await stopProcess(state.pid);
    }
    await forget(stateDir, state);
    return running;
  });
}
