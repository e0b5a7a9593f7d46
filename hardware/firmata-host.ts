import { once, type EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import firmataIo from 'firmata-io';
import five from 'johnny-five';
import { EvcError } from '../protocol/index.ts';
import { keepPullUpsOnPortWrites } from './firmata-pull-ups.ts';

type FirmataClient = InstanceType<typeof firmataIo.Firmata>;

export interface FirmataHost {
  readonly j5: five.Board;
  readonly io: FirmataClient;
}

/** A serial line as the Firmata client sees it (serialport 13 streams fit). */
export type FirmataTransport = Duplex & { readonly isOpen: boolean; close(callback?: (error?: Error | null) => void): void };

const Firmata = firmataIo.Firmata;

/**
 * Runs johnny-five over a Firmata serial line: firmata-io does the handshake (REPORT_VERSION, firmware,
 * capabilities, analog mapping), then johnny-five gets that client as its explicit `io` — no port scanning,
 * no REPL, no debug output and no SIGINT handler of its own (the fail-safe owns exit paths).
 */
export async function startJohnnyFive(transport: FirmataTransport, description: string, readyTimeoutMs: number): Promise<FirmataHost> {
  let io: FirmataClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    io = await new Promise<FirmataClient>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new EvcError('BOARD_TIMEOUT', `${description}: no Firmata handshake within ${readyTimeoutMs} ms; flash it with evc flash (see wiring/README.md)`)),
        readyTimeoutMs,
      );
      const client: FirmataClient = new Firmata(transport, { reportVersionTimeout: Math.min(2000, readyTimeoutMs) }, (error) => {
        if (error) reject(new EvcError('BOARD_UNAVAILABLE', `${description}: ${error.message}`));
        else resolve(client);
      });
      io = client;
    });
  } catch (error) {
    if (io) clearTimeout(io.reportVersionTimeoutId);
    await closeTransport(transport);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  keepPullUpsOnPortWrites(io);
  const j5 = new five.Board({ io, repl: false, debug: false, sigint: false } as five.BoardOption);
  await once(j5 as unknown as EventEmitter, 'ready'); // emitted on the next tick when the io is already ready
  return { j5, io };
}

/** Stops the client's pending handshake timer and closes the line; safe to call twice. */
export async function stopFirmata(host: FirmataHost | undefined, transport: FirmataTransport): Promise<void> {
  if (host) clearTimeout(host.io.reportVersionTimeoutId);
  await closeTransport(transport);
}

async function closeTransport(transport: FirmataTransport): Promise<void> {
  if (!transport.isOpen) return;
  await new Promise<void>((resolve) => transport.close(() => resolve()));
}
