import { BusRefusedError, parseBusUrl } from '../../bus/index.ts';
import { EvcError } from '../../protocol/index.ts';
import { DEFAULT_BUS_URL, type DriverOptions } from '../options.ts';
import type { DriverIo } from '../io.ts';
import { DriverChannel, type ChannelPurpose } from './driver-channel.ts';
import { Inbox } from './inbox.ts';
import { Output } from './output.ts';
import { SeenTickets } from './seen-tickets.ts';
import type { SessionFile } from './session-file.ts';
import { TokenFile } from './token-file.ts';

/** What every command works with once the bus is open. */
export interface CommandContext {
  readonly options: DriverOptions;
  readonly io: DriverIo;
  readonly output: Output;
  readonly channel: DriverChannel;
  readonly inbox: Inbox;
  readonly sessionFile: SessionFile;
  /** Tickets already shown: a redelivered one is acknowledged again, not shown twice. */
  readonly seenTickets: SeenTickets;
  /** How to call this driver again, for hints: `evc driver --id D1 [--bus …]`. */
  readonly commandPrefix: string;
  /** The driver chose to stop or leave after a Ctrl-C (a `run` ends after the current service). */
  interrupted: boolean;
}

export function createOutput(options: DriverOptions, io: DriverIo): Output {
  return new Output(io.stdout, io.stderr, {
    json: options.json,
    colors: io.colors ?? false,
    ...(io.timeZone === undefined ? {} : { timeZone: io.timeZone }),
  });
}

/**
 * Opens the driver's channel (subscribed before anything is sent), routes Ctrl-C into the
 * inbox while `work` runs, and always closes the bus.
 */
export async function withChannel<T>(
  base: { options: DriverOptions; io: DriverIo; output: Output; sessionFile: SessionFile },
  purpose: ChannelPurpose,
  work: (context: CommandContext) => Promise<T>,
): Promise<T> {
  const { options, io, output } = base;
  const inbox = new Inbox();
  const tokenFile = new TokenFile(options.dataDir, options.driverId);
  const { token, pinned } = await tokenFile.resolve(options.token);
  const security = options.busSecurity ? { busSecurity: options.busSecurity } : {};
  const refused = (): EvcError =>
    new EvcError(
      'DRIVER_REFUSED',
      `Central does not accept driver ${options.driverId} with this token: ask the operator to run \`evc central add-driver ${options.driverId}\` and pass the token it prints with --token (yours is kept in ${tokenFile.path})`,
    );
  const channel = await DriverChannel.open({ busUrl: options.busUrl, ...security, driverId: options.driverId, purpose, token, pinned }, io, inbox, {
    onNotice: (text) => output.warn(text),
    onPinned: () => void tokenFile.markPinned(token).catch((error: Error) => output.warn(`warning: ${error.message}`)),
    // Revoked while connected: the broker dropped us and refuses the token; waiting on would wait for ever.
    onRefused: () => inbox.fail(refused()),
  }).catch((error: unknown) => {
    // On Kafka the broker refused the Kafka login (--kafka-user), not the driver: its token is checked by Central.
    if (!(error instanceof BusRefusedError) || parseBusUrl(options.busUrl).kind === 'kafka') throw error;
    throw refused();
  });
  const seenTickets = new SeenTickets(options.dataDir, options.driverId);
  const context: CommandContext = { ...base, channel, inbox, seenTickets, commandPrefix: commandPrefix(options, channel.busUrl), interrupted: false };
  const removeInterrupt = io.onInterrupt(() => inbox.push({ kind: 'interrupt' }));
  try {
    return await work(context);
  } finally {
    removeInterrupt();
    await channel.close();
  }
}

/** `shownBusUrl` is the bus's URL without credentials. */
function commandPrefix(options: DriverOptions, shownBusUrl: string): string {
  const bus = options.busUrl === DEFAULT_BUS_URL ? '' : ` --bus ${shownBusUrl}`;
  return `evc driver --id ${options.driverId}${bus}`;
}
