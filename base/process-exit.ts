/** How a child process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Why a wait for a process failed; `tail` is what the process said last. */
export class ProcessWaitError extends Error {
  readonly tail: string[];
  constructor(message: string, tail: string[]) {
    super(message);
    this.name = 'ProcessWaitError';
    this.tail = tail;
  }
}

/** "exit code 1", "killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
