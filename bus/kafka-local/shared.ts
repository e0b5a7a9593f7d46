// The shared development broker of `npm run kafka:up` / `kafka:down` (DESIGN §4.6).
import { randomBytes } from 'node:crypto';
import { open, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { brokerAnswers, commandLineOf, isAlive, stopProcess, waitUntilReady } from './broker.ts';
import type { SaslSettings } from './config.ts';
import { fetchKafka } from './fetch.ts';
import { launchInstance, saslSettings } from './instance.ts';
import { cacheRoot, kafkaVersion, stateFile } from './paths.ts';

export interface SharedOptions {
  /** Where kafka-run.json lives; default the evc cache dir. Tests pass their own. */
  stateDir?: string;
  onProgress?: (line: string) => void;
  /**
   * The SASL broker instead (SASL_PLAINTEXT, SCRAM-SHA-256), kept apart from the plain one in `sasl/`
   * under the state dir, with these users (name → password). Users are made when it starts: another set
   * needs a `down` first.
   */
  sasl?: { users: Record<string, string> };
}

/** Contents of kafka-run.json. */
export interface SharedState {
  pid: number;
  url: string;
  port: number;
  runDir: string;
  version: string;
  startedAt: string;
  /** The SASL broker's mechanism, users and own login (a development broker's; the file is readable by its owner only). */
  sasl?: SaslSettings;
}

/** Where the plain or the SASL shared broker keeps its state. */
function stateDirOf(opts: { stateDir?: string; sasl?: unknown }): string {
  const root = opts.stateDir ?? cacheRoot();
  return opts.sasl ? join(root, 'sasl') : root;
}

export async function readSharedState(stateDir = cacheRoot()): Promise<SharedState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(stateDir), 'utf8')) as SharedState;
  } catch {
    return undefined;
  }
}

/** `--user NAME[:PASSWORD]` values as users, a password made for each one without. */
export function saslUsers(specs: readonly string[]): Record<string, string> {
  const users: Record<string, string> = {};
  for (const spec of specs) {
    const [name = '', password = randomBytes(12).toString('hex')] = spec.split(':', 2);
    users[name] = password;
  }
  return users;
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
export async function kafkaUp(opts: SharedOptions = {}): Promise<{ url: string; reused: boolean; users?: Record<string, string> }> {
  const stateDir = stateDirOf(opts);
  const sasl = opts.sasl && saslSettings('SCRAM-SHA-256', opts.sasl.users);
  return withLock(stateDir, async () => {
    const state = await readSharedState(stateDir);
    const reuse = (running: SharedState) => {
      const users = running.sasl?.users;
      const missing = Object.entries(opts.sasl?.users ?? {}).filter(([name, password]) => users?.[name] !== password).map(([name]) => name);
      if (missing.length > 0) {
        throw new Error(`the running SASL Kafka has no user ${missing.join(', ')} with that password (users: ${Object.keys(users ?? {}).join(', ')}); npm run kafka:down -- --sasl, then up again`);
      }
      return { url: running.url, reused: true, ...(users ? { users } : {}) };
    };
    if (state && stillOurs(state)) {
      if (await brokerAnswers(state.port, state.sasl)) return reuse(state);
      try {
        // Maybe still starting, or busy: give it a moment before replacing it.
        await waitUntilReady(state.port, { timeoutMs: 20_000, failure: () => (isAlive(state.pid) ? undefined : 'exited'), ...(state.sasl ? { sasl: state.sasl } : {}) });
        return reuse(state);
      } catch {
        opts.onProgress?.(`Kafka pid ${state.pid} does not answer; replacing it`);
        await stopProcess(state.pid);
      }
    }
    if (state) await forget(stateDir, state);

    const libs = await fetchKafka(opts);
    const instance = await launchInstance(libs, { detached: true, onProgress: opts.onProgress, ...(sasl ? { sasl } : {}) });
    const fresh: SharedState = {
      pid: instance.pid,
      url: instance.url,
      port: instance.port,
      runDir: instance.files.runDir,
      version: kafkaVersion(),
      startedAt: new Date().toISOString(),
      ...(sasl ? { sasl } : {}),
    };
    await mkdir(stateDir, { recursive: true });
    await writeFile(stateFile(stateDir), `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
    return { url: instance.url, reused: false, ...(sasl ? { users: sasl.users } : {}) };
  });
}

/** Stops the shared broker and deletes its run dir. False when none was running. */
export async function kafkaDown(opts: Omit<SharedOptions, 'sasl'> & { sasl?: boolean } = {}): Promise<boolean> {
  const stateDir = stateDirOf(opts);
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
