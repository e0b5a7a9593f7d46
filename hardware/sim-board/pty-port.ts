import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { EvcError } from '../../protocol/index.ts';

export interface PtyPortEvents {
  /** A host opened the port (on a real Uno, DTR resets the board now). */
  open: [];
  /** The last host closed the port (or died). */
  close: [];
  data: [bytes: Buffer];
  /** The bridge ended by itself (killed): the port is gone. */
  exit: [];
}

const bridgeScript = fileURLToPath(new URL('./pty-bridge.py', import.meta.url));

/**
 * The simulated board's end of a serial port at `path` (a symlink to a pseudo-terminal), through
 * pty-bridge.py: Node cannot open a pty or see a host open one. `path` is what a host opens as it would
 * /dev/ttyACM0; baud rates and modem lines mean nothing on a pty (see hardware/README.md "sim-board").
 */
export class PtyPort extends EventEmitter<PtyPortEvents> {
  readonly path: string;
  /** The /dev/pts/N the path points at. */
  readonly device: string;
  readonly #bridge: ChildProcess;
  #hostOpen = false;
  #closed = false;

  private constructor(path: string, device: string, bridge: ChildProcess, events: Readable) {
    super();
    this.path = path;
    this.device = device;
    this.#bridge = bridge;
    bridge.stdout!.on('data', (bytes: Buffer) => this.emit('data', bytes));
    let pending = '';
    events.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line === 'open' || line === 'close') {
          this.#hostOpen = line === 'open';
          this.emit(line);
        }
      }
    });
    bridge.once('exit', () => {
      this.#closed = true;
      if (this.#hostOpen) this.emit('close');
      this.emit('exit');
    });
  }

  /** Makes the pty and the symlink at `path`; resolves once a host can open it. */
  static async open(path: string): Promise<PtyPort> {
    const bridge = spawn('python3', [bridgeScript, path], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    const events = bridge.stdio[3] as Readable;
    let stderr = '';
    bridge.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const ready = new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer): void => {
        text += chunk.toString('utf8');
        const match = /^ready (\S+)\n/.exec(text);
        if (match) {
          events.off('data', onData);
          resolve(match[1]!);
        }
      };
      events.on('data', onData);
      bridge.once('error', (error) => reject(new EvcError('PTY_FAILED', `cannot start python3 for the simulated serial port: ${error.message}; install python3`)));
      bridge.once('exit', (code) => reject(new EvcError('PTY_FAILED', `cannot make a serial port at ${path} (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`)));
    });
    const device = await ready;
    events.removeAllListeners('data');
    return new PtyPort(path, device, bridge, events);
  }

  get hostOpen(): boolean {
    return this.#hostOpen;
  }

  /** Bytes to the host; dropped while no host has the port open (nothing is listening on a real line either). */
  write(bytes: Uint8Array): void {
    if (this.#closed || !this.#hostOpen) return;
    this.#bridge.stdin!.write(bytes);
  }

  /** Removes the symlink and the pty. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const exited = once(this.#bridge, 'exit');
    this.#bridge.stdin!.end();
    await exited;
  }
}
