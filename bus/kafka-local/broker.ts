// The broker process: run dir files, storage format, launch, readiness and stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { runCommand } from './command.ts';
import { jvmOptions, log4jProperties, newClusterId, scramFormatArgs, serverProperties, type BrokerPorts, type SaslSettings } from './config.ts';
import { javaCommand } from './java.ts';

export interface RunFiles {
  runDir: string;
  dataDir: string;
  serverProperties: string;
  log4jProperties: string;
  /** Broker log (log4j2 file appender). */
  serverLog: string;
  /** JVM stdout/stderr: only crashes before logging starts end up here. */
  consoleLog: string;
}

export function runFiles(runDir: string): RunFiles {
  return {
    runDir,
    dataDir: join(runDir, 'data'),
    serverProperties: join(runDir, 'server.properties'),
    log4jProperties: join(runDir, 'log4j2.properties'),
    serverLog: join(runDir, 'server.log'),
    consoleLog: join(runDir, 'console.log'),
  };
}

/** `count` distinct loopback ports free right now (all held open until every one is picked). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address for a free port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** A TLS client listener: its port and PEM texts (the broker's certificate and key, the CA that signed it). */
export interface TlsListenerPem {
  port: number;
  cert: string;
  key: string;
  ca: string;
}

/** Writes the config into `files.runDir` and formats the KRaft log dir with a fresh cluster id (and any SCRAM users). */
export async function prepareRunDir(libs: string, files: RunFiles, ports: BrokerPorts, security: { sasl?: SaslSettings; tls?: TlsListenerPem } = {}): Promise<void> {
  const { sasl, tls } = security;
  await mkdir(files.dataDir, { recursive: true });
  const tlsFiles = tls && { port: tls.port, keystoreFile: join(files.runDir, 'broker-keystore.pem'), truststoreFile: join(files.runDir, 'broker-truststore.pem') };
  if (tls && tlsFiles) {
    await writeFile(tlsFiles.keystoreFile, `${tls.key.trim()}\n${tls.cert.trim()}\n`, { mode: 0o600 });
    await writeFile(tlsFiles.truststoreFile, tls.ca);
  }
  await writeFile(files.serverProperties, serverProperties({ ...ports, dataDir: files.dataDir, ...(sasl ? { sasl } : {}), ...(tlsFiles ? { tls: tlsFiles } : {}) }));
  await writeFile(files.log4jProperties, log4jProperties(files.serverLog));
  const result = await runCommand(javaCommand(), [
    ...jvmOptions(files.runDir, files.log4jProperties),
    '-cp', join(libs, '*'), 'kafka.tools.StorageTool',
    'format', '--config', files.serverProperties, '--cluster-id', newClusterId(), '--ignore-formatted',
    ...scramFormatArgs(sasl),
  ]);
  if (result.code !== 0) {
    throw new Error(`Kafka storage format failed (exit ${result.code ?? result.spawnError?.message}):\n${result.output.trim()}`);
  }
}

/**
 * Starts `kafka.Kafka` on the prepared run dir. Output goes to files, never to pipes, so a
 * detached broker outlives the process that started it without blocking on a full pipe.
 */
export function launchBroker(libs: string, files: RunFiles, options: { detached: boolean }): ChildProcess {
  const consoleFd = openSync(files.consoleLog, 'a');
  try {
    const child = spawn(javaCommand(), [
      ...jvmOptions(files.runDir, files.log4jProperties),
      '-cp', join(libs, '*'), 'kafka.Kafka', files.serverProperties,
    ], { cwd: files.runDir, detached: options.detached, stdio: ['ignore', consoleFd, consoleFd] });
    child.unref();
    return child;
  } finally {
    closeSync(consoleFd);
  }
}

/** The last lines of the broker's logs, for error messages. */
export async function logTail(files: RunFiles, lines = 25): Promise<string> {
  const parts: string[] = [];
  for (const file of [files.consoleLog, files.serverLog]) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim()) parts.push(`--- ${file}\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`);
  }
  return parts.join('\n');
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** One admin round trip: the broker is up and has elected itself controller. On a SASL listener it logs in as the broker. */
export async function brokerAnswers(port: number, sasl?: SaslSettings): Promise<boolean> {
  if (!(await portAnswers(port))) return false;
  const kafka = new Kafka({
    clientId: 'evc-kafka-local-probe',
    brokers: [`127.0.0.1:${port}`],
    ...(sasl ? { sasl: kafkajsSasl(sasl.mechanism, sasl.broker) } : {}),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** kafkajs' SASL option for one of the local broker's logins. */
export function kafkajsSasl(mechanism: SaslSettings['mechanism'], login: { username: string; password: string }): SASLOptions {
  const { username, password } = login;
  switch (mechanism) {
    case 'PLAIN': return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256': return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512': return { mechanism: 'scram-sha-512', username, password };
  }
}

/**
 * Polls until the broker answers an admin request (no event announces readiness).
 * `failure()` reports an early death so a crash fails at once instead of at the deadline.
 */
export async function waitUntilReady(port: number, options: { timeoutMs: number; failure: () => string | undefined; sasl?: SaslSettings }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failed = options.failure();
    if (failed) throw new Error(failed);
    if (await brokerAnswers(port, options.sasl)) return;
    if (Date.now() > deadline) throw new Error(`Kafka did not answer on 127.0.0.1:${port} within ${options.timeoutMs / 1000} s`);
    await delay(150);
  }
}

/** True while `pid` runs (a zombie left for a missing init to reap counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs (macOS): trust kill(0)
  }
}

/** The command line of `pid` on Linux, undefined where /proc is missing. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

export interface StopOptions {
  timeoutMs?: number;
  /** Resolves when the process exits: given for our own child, so no polling is needed. */
  exited?: Promise<unknown>;
}

async function waitForExit(pid: number, timeoutMs: number, exited?: Promise<unknown>): Promise<boolean> {
  if (exited) {
    // A ref'd timer: the child itself is unref'd, so something must keep the loop alive.
    const cancel = new AbortController();
    const timer = delay(timeoutMs, false, { signal: cancel.signal }).catch(() => false);
    try {
      return await Promise.race([exited.then(() => true), timer]);
    } finally {
      cancel.abort();
    }
  }
  // Not our child (the shared instance of an earlier `kafka:up`): no exit event to await.
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(100);
  }
  return true;
}

/** SIGTERM (Kafka shuts down cleanly in ~2 s), SIGKILL after `timeoutMs`. Resolves once gone. */
export async function stopProcess(pid: number, options: StopOptions = {}): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForExit(pid, options.timeoutMs ?? 15_000, options.exited)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 5_000, options.exited))) throw new Error(`Kafka (pid ${pid}) survived SIGKILL`);
}
