import { EvcError } from '../../protocol/index.ts';

/** USB vendor ids of the boards and USB-serial chips found on Unos, Nanos and their clones. */
export const BOARD_VENDORS: Readonly<Record<string, string>> = {
  '2341': 'Arduino',
  '2a03': 'Arduino (arduino.org)',
  '1a86': 'CH340 (Nano clones)',
  '0403': 'FTDI',
};

/** What serialport's `SerialPort.list()` says of a port (the fields used here). */
export interface ListedPort {
  readonly path: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly manufacturer?: string;
}

export interface BoardPort {
  readonly path: string;
  /** "Arduino", "CH340 (Nano clones)", … */
  readonly vendor: string;
  readonly manufacturer?: string;
}

/** The ports that look like a board: a known USB vendor id. */
export function boardPorts(ports: ReadonlyArray<ListedPort>): Array<BoardPort> {
  return ports.flatMap((port) => {
    const vendor = BOARD_VENDORS[(port.vendorId ?? '').toLowerCase().replace(/^0x/, '')];
    return vendor ? [{ path: port.path, vendor, ...(port.manufacturer ? { manufacturer: port.manufacturer } : {}) }] : [];
  });
}

const describe = (port: BoardPort): string => `${port.path} (${port.manufacturer ?? port.vendor})`;

/**
 * Picks the port: the only candidate, or the one the user chooses when `ask` is given (a terminal);
 * none, or several with no one to ask, is an error listing what was found.
 */
export async function choosePort(candidates: ReadonlyArray<BoardPort>, ask?: (question: string) => Promise<string>): Promise<string> {
  if (candidates.length === 0) {
    throw new EvcError('BOARD_NOT_FOUND', 'no Arduino found on USB (looked for Arduino, CH340 and FTDI vendor ids): plug it in, or name the port with --port /dev/ttyACM0');
  }
  if (candidates.length === 1) return candidates[0]!.path;
  const list = candidates.map((port, index) => `  ${index + 1}) ${describe(port)}`).join('\n');
  if (!ask) {
    throw new EvcError('SEVERAL_BOARDS', `several boards found; say which with --port:\n${list}`, 2);
  }
  for (;;) {
    const answer = (await ask(`several boards found:\n${list}\nwhich one (1-${candidates.length})? `)).trim();
    const index = Number(answer);
    if (Number.isInteger(index) && index >= 1 && index <= candidates.length) return candidates[index - 1]!.path;
    const byPath = candidates.find((port) => port.path === answer);
    if (byPath) return byPath.path;
  }
}

/** Lists the machine's serial ports through serialport (imported here so unit tests need no hardware). */
export async function listSerialPorts(): Promise<Array<ListedPort>> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

/** `--port auto` / `--board firmata` with no path: the one board on USB (asking on a terminal when there are several). */
export async function findBoardPort(options: { list?: () => Promise<ReadonlyArray<ListedPort>>; ask?: (question: string) => Promise<string> } = {}): Promise<string> {
  return choosePort(boardPorts(await (options.list ?? listSerialPorts)()), options.ask);
}
