// A DriverIo for tests: captured output, a recording clock, a Ctrl-C button and a keyboard.
import { EventEmitter, once } from 'node:events';
import { setTimeout as realSleep } from 'node:timers/promises';
import { createBus } from '../../../bus/index.ts';
import type { DriverIo, KeyInput } from '../../../driver/index.ts';

export class CapturedText extends EventEmitter<{ write: [] }> {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    this.emit('write');
    return true;
  }

  /** Resolves once the captured text matches (awaits writes; no polling). */
  async until(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    while (!pattern.test(this.text)) {
      try {
        await once(this, 'write', { signal });
      } catch {
        throw new Error(`output never matched ${pattern}; got:\n${this.text}`);
      }
    }
  }

  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }
}

/** A terminal keyboard: at each prompt, as soon as it listens, the next chunk of `keys` is typed. */
export class ScriptedKeyboard extends EventEmitter implements KeyInput {
  readonly isTTY = true;
  readonly keys: string[];
  constructor(keys: string[]) {
    super();
    this.keys = [...keys];
  }
  setRawMode(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  override on(event: 'data', listener: (chunk: Buffer | string) => void): this {
    super.on(event, listener);
    const key = this.keys.shift();
    if (key !== undefined) setImmediate(() => this.emit('data', Buffer.from(key)));
    return this;
  }
}

export interface TestIo extends DriverIo {
  stdout: CapturedText;
  stderr: CapturedText;
  /** Every sleep the driver asked for, in ms, in order. */
  sleeps: number[];
  /** Presses Ctrl-C. */
  interrupt(): void;
}

/** `log` (optional) gets `sleep {ms}` for each sleep, interleaved with whatever else a test records. */
export function testIo(options: { stdin?: KeyInput; log?: string[] } = {}): TestIo {
  const listeners = new Set<() => void>();
  const sleeps: number[] = [];
  return {
    stdout: new CapturedText(),
    stderr: new CapturedText(),
    ...(options.stdin ? { stdin: options.stdin } : {}),
    sleeps,
    clock: {
      now: Date.now,
      sleep: async (ms, signal) => {
        sleeps.push(ms);
        options.log?.push(`sleep ${ms}`);
        await realSleep(ms, undefined, signal ? { signal } : {});
      },
    },
    createBus,
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    interrupt() {
      for (const listener of listeners) listener();
    },
    timeZone: 'UTC',
  };
}
