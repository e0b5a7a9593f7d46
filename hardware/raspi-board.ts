import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import five from 'johnny-five';
import { EvcError } from '../protocol/index.ts';
import type { PinId } from '../wiring/index.ts';
import type { Board, BoardEvents, PinLevel } from './board.ts';
import { injectTap } from './inject-tap.ts';
import type { Logger } from '../base/logger.ts';

/** The slice of a raspi-io instance used here (raspi-io is not a dependency: it only builds on a Pi). */
interface RaspiIo {
  digitalWrite(pin: PinId, value: PinLevel): void;
  reset?(): void;
}

export interface RaspiBoardOptions {
  readonly logger?: Logger;
  /** Injected in tests; defaults to reading /proc/device-tree/model. */
  readonly boardModel?: () => string | undefined;
}

class RaspiBoard extends EventEmitter<BoardEvents> implements Board {
  readonly kind = 'raspi' as const;
  readonly description: string;
  readonly j5: five.Board;
  readonly readyMs: number;
  readonly #io: RaspiIo;
  #closed = false;

  constructor(model: string, j5: five.Board, io: RaspiIo, readyMs: number) {
    super();
    this.description = model;
    this.j5 = j5;
    this.#io = io;
    this.readyMs = readyMs;
    this.j5.on('error', (error: Error) => this.emit('connection-lost', error));
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  writePinSync(pin: PinId, level: PinLevel): void {
    if (!this.#closed) this.#io.digitalWrite(pin, level); // GPIO writes on the Pi are synchronous
  }

  tapInput(pin: PinId, pressedLevel: PinLevel): Promise<void> {
    return this.#closed ? Promise.resolve() : injectTap(this.j5, pin, pressedLevel);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

function readBoardModel(): string | undefined {
  try {
    return readFileSync('/proc/device-tree/model', 'utf8').replace(/\0/g, '').trim();
  } catch {
    return undefined;
  }
}

/** `--board raspi`: the Pi's own GPIO through raspi-io, loaded only when asked for. */
export async function openRaspiBoard(options: RaspiBoardOptions = {}): Promise<Board> {
  const model = (options.boardModel ?? readBoardModel)();
  if (!model?.includes('Raspberry Pi')) {
    throw new EvcError('BOARD_UNAVAILABLE', `--board raspi needs a Raspberry Pi (this is ${process.platform}/${process.arch}); elsewhere use --board sim or firmata:/dev/ttyACM0`);
  }
  const moduleName = 'raspi-io';
  let RaspiIO: new (options?: object) => RaspiIo;
  try {
    const loaded = (await import(moduleName)) as { RaspiIO?: typeof RaspiIO; default?: { RaspiIO?: typeof RaspiIO } };
    RaspiIO = (loaded.RaspiIO ?? loaded.default?.RaspiIO)!;
    if (typeof RaspiIO !== 'function') throw new Error('raspi-io exports no RaspiIO');
  } catch (error) {
    throw new EvcError('BOARD_UNAVAILABLE', `--board raspi needs raspi-io: run npm install raspi-io on the Pi (${(error as Error).message.split('\n')[0]})`);
  }
  const startedAt = performance.now();
  const io = new RaspiIO();
  const j5 = new five.Board({ io, repl: false, debug: false, sigint: false } as five.BoardOption);
  await once(j5 as unknown as EventEmitter, 'ready');
  const readyMs = performance.now() - startedAt;
  options.logger?.info({ board: 'raspi', model, readyMs: Math.round(readyMs) }, 'board ready');
  return new RaspiBoard(model, j5, io, readyMs);
}
