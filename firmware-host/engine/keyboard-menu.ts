import type { Readable, Writable } from 'node:stream';

export interface MenuActions {
  /** Toggle the car (the plug button's path). */
  plug(): void | Promise<void>;
  /** Toggle the fault (the KO button's path). */
  ko(): void | Promise<void>;
  /** One line describing the Engine now. */
  status(): string;
  quit(): void;
}

type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

export const MENU_HELP = 'keys: [p] plug/unplug  [k] KO fault on/off  [s] status  [q] quit';

/**
 * The Engine's keyboard menu (DESIGN §1): one key per action, no Enter needed on a TTY.
 * Returns a function that detaches it and restores the terminal.
 */
export function attachKeyboardMenu(input: TtyInput, output: Writable, actions: MenuActions): () => void {
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  if (raw) input.setRawMode!(true);
  output.write(`${MENU_HELP}\n`);
  const onData = (chunk: Buffer | string): void => {
    for (const key of chunk.toString()) {
      const report = (error: unknown): void => void output.write(`${key}: ${(error as Error).message}\n`);
      try {
        switch (key.toLowerCase()) {
          // Every key answers at once (issue 12): what was pressed; the state change, if any, follows.
          case 'p': output.write('p: plug button pressed\n'); Promise.resolve(actions.plug()).catch(report); break;
          case 'k': output.write('k: KO button pressed\n'); Promise.resolve(actions.ko()).catch(report); break;
          case 's': output.write(`${actions.status()}\n`); break;
          case 'q':
          case '\u0003': // Ctrl-C arrives as a key in raw mode
          case '\u0004':
            output.write('q: stopping (relay open)…\n');
            actions.quit();
            return;
          case '\r':
          case '\n':
          case ' ':
            break;
          default:
            output.write(`${MENU_HELP}\n`);
        }
      } catch (error) {
        report(error);
      }
    }
  };
  input.on('data', onData);
  input.resume();
  return () => {
    input.off('data', onData);
    if (raw) input.setRawMode!(false);
    input.pause();
  };
}
