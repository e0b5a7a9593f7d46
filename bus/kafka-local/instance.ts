// Launching one broker instance in a fresh temp run dir, retrying if a port was taken meanwhile.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, launchBroker, logTail, prepareRunDir, runFiles, stopProcess, waitUntilReady, type RunFiles, type TlsListenerPem } from './broker.ts';
import { checkSaslSettings, type SaslMechanism, type SaslSettings } from './config.ts';
import { kafkaVersion } from './paths.ts';

export interface Instance {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves when the broker process exits. */
  exited: Promise<void>;
  files: RunFiles;
  startupMs: number;
  /** Set when clients must log in (its readiness probe logs in as the broker). */
  sasl?: SaslSettings;
  /** `kafka://127.0.0.1:PORT?…tls=true` of the TLS listener, when there is one. */
  tlsUrl?: string;
}

export interface LaunchOptions {
  /** Own process group, so the broker outlives the CLI that started it (`kafka:up`). */
  detached: boolean;
  onProgress?: (line: string) => void;
  readyTimeoutMs?: number;
  /** A SASL_PLAINTEXT client listener instead of PLAINTEXT. */
  sasl?: SaslSettings;
  /** Also a TLS client listener (SSL, or SASL_SSL with `sasl`) with this certificate. */
  tls?: Omit<TlsListenerPem, 'port'>;
}

const PORT_ATTEMPTS = 3;

/**
 * The settings of a new SASL broker: these client users, and a broker login of its own that nobody
 * else needs, so it is new for every instance. Checked before anything starts.
 */
export function saslSettings(mechanism: SaslMechanism, users: Record<string, string>): SaslSettings {
  const sasl = { mechanism, users, broker: { username: 'evc-broker', password: randomBytes(16).toString('hex') } };
  checkSaslSettings(sasl);
  return sasl;
}

/** Formats and starts a single-node broker on free loopback ports; resolves once it answers. */
export async function launchInstance(libs: string, options: LaunchOptions): Promise<Instance> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOnce(libs, options);
    } catch (error) {
      // Free ports are only free when picked; another process may bind one before Kafka does.
      const portTaken = /Address already in use/i.test((error as Error).message);
      if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
      options.onProgress?.('a picked port was taken meanwhile; retrying on new ports');
    }
  }
}

/**
 * Starts the broker of `instance` again on its run dir: the same port, the same data (its
 * topics, offsets, committed consumer groups). The old process must be gone.
 */
export async function relaunchInstance(libs: string, instance: Instance, options: { readyTimeoutMs?: number } = {}): Promise<Instance> {
  const started = Date.now();
  const child = launchBroker(libs, instance.files, { detached: false });
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = `Kafka exited during restart (${signal ?? `code ${code}`})`;
      resolve();
    });
    child.once('error', (error) => {
      exitReason = `Kafka could not be restarted: ${error.message}`;
      resolve();
    });
  });
  try {
    await waitUntilReady(instance.port, { timeoutMs: options.readyTimeoutMs ?? 60_000, failure: () => exitReason, ...(instance.sasl ? { sasl: instance.sasl } : {}) });
  } catch (error) {
    if (child.pid !== undefined) await stopProcess(child.pid, { exited, timeoutMs: 5_000 });
    throw new Error(`${(error as Error).message}\n${await logTail(instance.files)}`);
  }
  if (child.pid === undefined) throw new Error('Kafka restarted without a pid');
  return { ...instance, pid: child.pid, child, exited, startupMs: Date.now() - started };
}

async function launchOnce(libs: string, options: LaunchOptions): Promise<Instance> {
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const files = runFiles(await mkdtemp(join(tmpdir(), 'evc-kafka-')));
  const [brokerPort, controllerPort, tlsPort] = await freePorts(options.tls ? 3 : 2);
  const tls = options.tls && tlsPort !== undefined ? { ...options.tls, port: tlsPort } : undefined;
  try {
    progress(`formatting KRaft storage in ${files.runDir}`);
    await prepareRunDir(libs, files, { brokerPort, controllerPort }, { ...(options.sasl ? { sasl: options.sasl } : {}), ...(tls ? { tls } : {}) });
    const listener = (options.sasl ? ` (SASL ${options.sasl.mechanism})` : '') + (tls ? `, TLS on ${tls.port}` : '');
    progress(`starting Apache Kafka ${kafkaVersion()} on 127.0.0.1:${brokerPort}${listener} (log: ${files.serverLog})`);
    const child = launchBroker(libs, files, { detached: options.detached });
    let exitReason: string | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exitReason = `Kafka exited during startup (${signal ?? `code ${code}`})`;
        resolve();
      });
      child.once('error', (error) => {
        exitReason = `Kafka could not be started: ${error.message}`;
        resolve();
      });
    });
    const pid = child.pid;
    try {
      await waitUntilReady(brokerPort, { timeoutMs: options.readyTimeoutMs ?? 60_000, failure: () => exitReason, ...(options.sasl ? { sasl: options.sasl } : {}) });
    } catch (error) {
      if (pid !== undefined) await stopProcess(pid, { exited, timeoutMs: 5_000 });
      throw new Error(`${(error as Error).message}\n${await logTail(files)}`);
    }
    if (pid === undefined) throw new Error('Kafka started without a pid');
    const startupMs = Date.now() - started;
    progress(`Kafka ready in ${(startupMs / 1000).toFixed(1)} s (pid ${pid})`);
    // DESIGN §4.6: a SASL listener's URL names its mechanism; the logins are the caller's to give.
    const sasl = options.sasl ? `sasl=${options.sasl.mechanism.toLowerCase()}` : '';
    const url = `kafka://127.0.0.1:${brokerPort}${sasl ? `?${sasl}` : ''}`;
    const tlsUrl = tls ? `kafka://127.0.0.1:${tls.port}?${sasl ? `${sasl}&` : ''}tls=true` : undefined;
    return { url, port: brokerPort, pid, child, exited, files, startupMs, ...(options.sasl ? { sasl: options.sasl } : {}), ...(tlsUrl ? { tlsUrl } : {}) };
  } catch (error) {
    await rm(files.runDir, { recursive: true, force: true });
    throw error;
  }
}
