import type { Bus, CreateBusOptions } from '../bus/index.ts';

/** Time, injected so tests can see (and shorten) every wait. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects (AbortError) when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface TextOutput {
  write(text: string): unknown;
  /** A terminal: the progress line is redrawn in place. */
  isTTY?: boolean;
}

/** The part of a TTY stdin the one-key prompt uses. */
export interface KeyInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Everything the driver touches outside itself; only bin/commands/driver.ts builds the real one. */
export interface DriverIo {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Absent or not a TTY: Ctrl-C while charging stops the session without asking. */
  stdin?: KeyInput;
  clock: Clock;
  createBus(url: string, options: CreateBusOptions): Bus;
  /** Registers a Ctrl-C (SIGINT) listener; returns its removal. */
  onInterrupt(listener: () => void): () => void;
  /** Colours in text output. Default off. */
  colors?: boolean;
  /** IANA zone for clock times shown; default the machine's. */
  timeZone?: string;
}
