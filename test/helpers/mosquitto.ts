// A private Mosquitto for one test run, on a free port, with persistence in its own folder,
// so tests own its restarts: the same port and data again after a stop or a crash.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pollUntil } from './processes.ts';
import { onRunEnd } from './root-hooks.ts';
import { freePort as freePortOn } from '../../demo/net.ts';

export interface PrivateMosquitto {
  url: string;
  port: number;
  /** Stops it (SIGTERM saves its sessions and queued messages; SIGKILL is a crash) and starts it again on the same port and data. */
  restart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  stop(): Promise<void>;
}

/** The mosquitto executable, when installed (often in /usr/sbin, outside a user's PATH). */
export function mosquittoCommand(): string | undefined {
  for (const candidate of ['mosquitto', '/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto']) {
    const probe = spawnSync(candidate, ['-h'], { stdio: 'ignore' });
    if (probe.error === undefined) return candidate;
  }
  return undefined;
}

function answers(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });
}

/** Starts a Mosquitto of our own (anonymous, loopback only, persistent); stopped at the end of the run. */
export async function startPrivateMosquitto(command: string): Promise<PrivateMosquitto> {
  const dir = await mkdtemp(path.join(tmpdir(), 'evc-mosquitto-'));
  const port = await freePortOn('127.0.0.1');
  const config = path.join(dir, 'mosquitto.conf');
  await writeFile(config, [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence true',
    `persistence_location ${dir}/`,
    'autosave_interval 1',
    'max_queued_messages 10000',
    `log_dest file ${dir}/mosquitto.log`,
    '',
  ].join('\n'));
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(command, ['-c', config], { stdio: 'ignore' });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`mosquitto exited at start (code ${code}); see ${dir}/mosquitto.log`);
    });
    exited.catch(() => undefined);
    await Promise.race([pollUntil(() => answers(port), { timeoutMs: 10_000, what: `mosquitto on port ${port}` }), exited]);
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = once(child, 'exit');
    child.kill(signal);
    await gone;
  };
  await launch();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await halt('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };
  onRunEnd(stop);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    restart: async (signal = 'SIGTERM') => {
      await halt(signal);
      await launch();
    },
    stop,
  };
}
