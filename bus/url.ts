import { BusUrlError } from './errors.ts';

/** A resolved DESIGN §4.6 bus URL. `url` never carries credentials (safe to log). */
export type BusEndpoint =
  | { kind: 'mqtt'; protocol: 'mqtt' | 'mqtts'; host: string; port: number; url: string; username?: string; password?: string }
  | { kind: 'kafka'; brokers: string[]; url: string }
  | { kind: 'embedded'; url: 'embedded' };

const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, kafka: 9092 } as const;

/** Parses `embedded`, `mqtt://[user:pass@]host[:port]`, `mqtts://…`, `kafka://host[:port][,host[:port]]`. */
export function parseBusUrl(text: string): BusEndpoint {
  const trimmed = text.trim();
  if (trimmed === 'embedded') return { kind: 'embedded', url: 'embedded' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'mqtt' || scheme === 'mqtts') return parseMqtt(trimmed, scheme);
  if (scheme === 'kafka') return parseKafka(trimmed);
  throw new BusUrlError(text, scheme ? `unknown scheme "${scheme}"` : 'no scheme');
}

function parseMqtt(text: string, protocol: 'mqtt' | 'mqtts'): BusEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BusUrlError(text, 'not a valid URL');
  }
  if (!url.hostname) throw new BusUrlError(text, 'no host');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    throw new BusUrlError(text, 'a bus URL has no path or query');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[protocol];
  if (port < 1) throw new BusUrlError(text, `port ${port} is out of range`);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    kind: 'mqtt',
    protocol,
    host,
    port,
    url: `${protocol}://${shownHost}:${port}`,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

function parseKafka(text: string): BusEndpoint {
  const list = text.slice('kafka://'.length).replace(/\/$/, '');
  if (!list) throw new BusUrlError(text, 'no broker address');
  const brokers = list.split(',').map((entry) => parseHostPort(text, entry.trim()));
  return { kind: 'kafka', brokers, url: `kafka://${brokers.join(',')}` };
}

function parseHostPort(text: string, entry: string): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match) throw new BusUrlError(text, `"${entry}" is not host:port`);
  const port = match[2] === undefined ? DEFAULT_PORTS.kafka : Number(match[2]);
  if (port < 1 || port > 65535) throw new BusUrlError(text, `port ${port} is out of range`);
  return `${match[1]}:${port}`;
}
