/**
 * The part of pino's Logger the layers use, so any pino logger (or a child) can be injected.
 * It lives in base/ because bus/, hardware/ and the apps all log and may not import each other.
 */
export interface Logger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

const ignore = (): void => {};

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
