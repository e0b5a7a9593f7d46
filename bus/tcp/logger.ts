/** The part of pino's Logger a link uses, so any pino logger (or a child) can be injected. */
export interface LinkLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

const ignore = (): void => {};

export const silentLogger: LinkLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
