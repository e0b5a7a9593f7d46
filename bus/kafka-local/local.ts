// A private broker for one process (tests): it must never outlive its owner.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { stopProcess } from './broker.ts';
import { fetchKafka } from './fetch.ts';
import { launchInstance } from './instance.ts';

export interface LocalKafka {
  /** `kafka://127.0.0.1:PORT` (DESIGN §4.6). */
  url: string;
  /** kafkajs-style `host:port` list. */
  brokers: string[];
  pid: number;
  /** Stops the broker (SIGTERM, then SIGKILL) and deletes its run dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  onProgress?: (line: string) => void;
}

/**
 * Watches our stdin pipe from a tiny detached shell: when this process dies in any way
 * (even SIGKILL, where no 'exit' handler runs) the pipe closes and the shell kills the broker.
 */
function spawnWatchdog(brokerPid: number): ChildProcess {
  const script = 'read _ignored; kill -TERM "$1" 2>/dev/null; sleep 10; kill -KILL "$1" 2>/dev/null';
  const watchdog = spawn('sh', ['-c', script, 'evc-kafka-watchdog', String(brokerPid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => {}); // no sh: the 'exit' handler below still covers normal exits
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

/** Starts a fresh single-node Kafka on free loopback ports, owned by this process. */
export async function startLocalKafka(opts: StartOptions = {}): Promise<LocalKafka> {
  const libs = await fetchKafka(opts);
  const instance = await launchInstance(libs, { detached: false, onProgress: opts.onProgress });
  const watchdog = spawnWatchdog(instance.pid);
  const killOnExit = (): void => {
    // Last resort when the owner exits without calling stop(): synchronous work only.
    try { process.kill(instance.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (watchdog.pid !== undefined) try { process.kill(watchdog.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(instance.files.runDir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', killOnExit);
      await stopProcess(instance.pid, { exited: instance.exited });
      if (watchdog.pid !== undefined) try { process.kill(watchdog.pid, 'SIGKILL'); } catch { /* gone */ }
      await rm(instance.files.runDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return { url: instance.url, brokers: [`127.0.0.1:${instance.port}`], pid: instance.pid, stop };
}
