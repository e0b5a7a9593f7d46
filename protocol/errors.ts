/**
 * An error a command throws to end with a one-line reason and a chosen exit code
 * (DESIGN §6: 0 ok, 2 bad usage, 1 runtime failure). Only bin/ turns it into an exit.
 */
export class EvcError extends Error {
  readonly exitCode: 1 | 2;
  readonly code: string;

  constructor(code: string, message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'EvcError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

export class UsageError extends EvcError {
  constructor(message: string) {
    super('BAD_USAGE', message, 2);
    this.name = 'UsageError';
  }
}
