/** The part of pino's Logger the hardware layer uses, so any pino logger (or a child) can be injected. */
export interface HardwareLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

const ignore = (): void => {};

export const silentHardwareLogger: HardwareLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
