// A private broker for one process (tests): it must never outlive its owner.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { stopProcess } from './broker.ts';
import type { SaslMechanism } from './config.ts';
import { fetchKafka } from './fetch.ts';
import { launchInstance, relaunchInstance, saslSettings } from './instance.ts';

export interface LocalKafka {
  /** `kafka://127.0.0.1:PORT` (DESIGN §4.6); with SASL `?sasl=<mechanism>`. */
  url: string;
  /** With `tls`: the TLS listener's `kafka://127.0.0.1:PORT?[sasl=…&]tls=true`. */
  tlsUrl?: string;
  /** kafkajs-style `host:port` list. */
  brokers: string[];
  pid: number;
  /** Stops the broker (SIGTERM, then SIGKILL) and deletes its run dir. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the broker (`signal`: SIGTERM for a clean shutdown, SIGKILL for a crash) and starts
   * it again on the same port and data; resolves once it answers. For restart tests.
   */
  restart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface StartOptions {
  onProgress?: (line: string) => void;
  /**
   * Clients must log in with one of `users` (name → password, letters, digits, _ and -):
   * the listener is SASL_PLAINTEXT and `url` says `?sasl=<mechanism>` (issue 9: tests of Kafka logins).
   */
  sasl?: { mechanism: SaslMechanism; users: Record<string, string> };
  /** Also a TLS listener (SASL_SSL with `sasl`, else SSL) on its own port, serving this certificate (PEM). */
  tls?: { cert: string; key: string; ca: string };
}

/**
 * Watches our stdin pipe from a tiny detached shell: when this process dies in any way
 * (even SIGKILL, where no 'exit' handler runs) the pipe closes and the shell stops the
 * broker (SIGTERM, SIGKILL after 10 s) and deletes its run dir.
 */
const WATCHDOG_SCRIPT = [
  'read _ignored',
  'kill -TERM "$1" 2>/dev/null',
  'i=0; while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
  'kill -KILL "$1" 2>/dev/null',
  'rm -rf "$2"',
].join('; ');

function spawnWatchdog(brokerPid: number, runDir: string): ChildProcess {
  const watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'evc-kafka-watchdog', String(brokerPid), runDir], {
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
  const sasl = opts.sasl && saslSettings(opts.sasl.mechanism, opts.sasl.users);
  let instance = await launchInstance(libs, { detached: false, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...(sasl ? { sasl } : {}), ...(opts.tls ? { tls: opts.tls } : {}) });
  let watchdog = spawnWatchdog(instance.pid, instance.files.runDir);
  const killOnExit = (): void => {
    // Last resort when the owner exits without calling stop(): synchronous work only.
    try { process.kill(instance.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (watchdog.pid !== undefined) try { process.kill(watchdog.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(instance.files.runDir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  const stopWatchdog = (): void => {
    if (watchdog.pid !== undefined) try { process.kill(watchdog.pid, 'SIGKILL'); } catch { /* gone */ }
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', killOnExit);
      await stopProcess(instance.pid, { exited: instance.exited });
      stopWatchdog();
      await rm(instance.files.runDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const restart = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    if (stopping) throw new Error('this Kafka was stopped');
    // The watchdog would delete the run dir (the data) when its broker goes: a new one follows it.
    stopWatchdog();
    if (signal === 'SIGKILL') {
      try { process.kill(instance.pid, 'SIGKILL'); } catch { /* already gone */ }
      await instance.exited;
    } else {
      await stopProcess(instance.pid, { exited: instance.exited });
    }
    instance = await relaunchInstance(libs, instance);
    watchdog = spawnWatchdog(instance.pid, instance.files.runDir);
  };
  const tlsUrl = instance.tlsUrl ? { tlsUrl: instance.tlsUrl } : {};
  return { url: instance.url, ...tlsUrl, brokers: [`127.0.0.1:${instance.port}`], get pid() { return instance.pid; }, stop, restart };
}
