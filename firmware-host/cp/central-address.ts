import { UsageError } from '../../protocol/index.ts';

export interface HostPort {
  host: string;
  port: number;
}

/** Parses `HOST:PORT` (`[::1]:7070` for IPv6) as given to `--central` (DESIGN §6). */
export function parseHostPort(text: string, defaultPort?: number): HostPort {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] !== undefined ? Number(match[3]) : defaultPort;
  if (!host || port === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`"${text}" is not HOST:PORT (example: --central 192.168.1.10:7070)`);
  }
  return { host, port };
}
