import type { KeyInput } from '../io.ts';

export type InterruptChoice = 'stop' | 'detach' | 'continue';

const CTRL_C = '\u0003';
const ESCAPE = '\u001b';

/** Which key means what at the Ctrl-C prompt; a second Ctrl-C means stop, like no prompt at all. */
export function choiceForKey(key: string): InterruptChoice | undefined {
  switch (key.toLowerCase()) {
    case 's':
    case CTRL_C:
      return 'stop';
    case 'd':
      return 'detach';
    case 'c':
    case ESCAPE:
    case '\r':
    case '\n':
      return 'continue';
    default:
      return undefined;
  }
}

export const PROMPT_TEXT = 'Stop the session? [s] stop  [d] detach (it goes on)  [c] keep watching ';

/**
 * After Ctrl-C while charging: on a terminal, one key decides; without one (a pipe, a
 * script) the session is stopped, the safe reading of an interrupt.
 */
export async function askInterruptChoice(stdin: KeyInput | undefined, prompt: (text: string) => void): Promise<InterruptChoice> {
  if (!stdin?.isTTY || !stdin.setRawMode) return 'stop';
  prompt(PROMPT_TEXT);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<InterruptChoice>((resolve) => {
      const onData = (chunk: Buffer | string): void => {
        for (const key of chunk.toString()) {
          const choice = choiceForKey(key);
          if (choice === undefined) continue;
          stdin.off('data', onData);
          resolve(choice);
          return;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    prompt('\n');
  }
}
