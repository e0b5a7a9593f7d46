import { BusUrlError } from './errors.ts';

/** A resolved DESIGN §4.6 bus URL. `url` never carries credentials (safe to log). */
export type BusEndpoint =
  | { kind: 'mqtt'; protocol: 'mqtt' | 'mqtts'; host: string; port: number; url: string; username?: string; password?: string }
  | KafkaEndpoint
  | { kind: 'embedded'; url: 'embedded' };

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/**
 * `kafka://[user:password@]host:port[,host:port][?sasl=MECHANISM][&tls=true]`. `url` keeps the
 * query (what a client must speak: Central hands it to CPs in `welcome`), never the login.
 */
export interface KafkaEndpoint {
  kind: 'kafka';
  brokers: string[];
  url: string;
  /** `?tls=true`: the brokers' listener speaks TLS. */
  tls: boolean;
  /** `?sasl=`: the brokers want a SASL login with this mechanism. */
  sasl?: SaslMechanism;
  username?: string;
  password?: string;
}

const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, kafka: 9092 } as const;

/** Parses `embedded`, `mqtt://[user:pass@]host[:port]`, `mqtts://…`, `kafka://[user:pass@]host[:port][,host[:port]][?sasl=…&tls=true]`. */
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

function parseKafka(text: string): KafkaEndpoint {
  const rest = text.slice('kafka://'.length);
  const queryAt = rest.indexOf('?');
  const authority = (queryAt < 0 ? rest : rest.slice(0, queryAt)).replace(/\/$/, '');
  const { tls, sasl } = parseKafkaQuery(text, queryAt < 0 ? '' : rest.slice(queryAt + 1));
  const at = authority.lastIndexOf('@');
  const login = at < 0 ? undefined : parseLogin(text, authority.slice(0, at));
  const list = authority.slice(at + 1);
  if (!list) throw new BusUrlError(text, 'no broker address');
  if (login && !sasl) throw new BusUrlError(text, `it has a login but names no SASL mechanism; add ?sasl=${SASL_MECHANISMS.join('|')}`);
  const brokers = list.split(',').map((entry) => parseHostPort(text, entry.trim()));
  const query = [...(sasl ? [`sasl=${sasl}`] : []), ...(tls ? ['tls=true'] : [])].join('&');
  return {
    kind: 'kafka',
    brokers,
    url: `kafka://${brokers.join(',')}${query ? `?${query}` : ''}`,
    tls,
    ...(sasl ? { sasl } : {}),
    ...login,
  };
}

function parseKafkaQuery(text: string, query: string): { tls: boolean; sasl?: SaslMechanism } {
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (key !== 'sasl' && key !== 'tls') throw new BusUrlError(text, `unknown option "${key}"; a kafka:// URL takes ?sasl= and ?tls=`);
  }
  const tlsText = params.get('tls');
  if (tlsText !== null && !['', 'true', '1', 'false', '0'].includes(tlsText)) throw new BusUrlError(text, `tls=${tlsText}: use tls=true or tls=false`);
  const tls = tlsText === '' || tlsText === 'true' || tlsText === '1';
  const saslText = params.get('sasl')?.toLowerCase();
  if (saslText === undefined) return { tls };
  if (!(SASL_MECHANISMS as readonly string[]).includes(saslText)) throw new BusUrlError(text, `sasl=${saslText}: use one of ${SASL_MECHANISMS.join(', ')}`);
  return { tls, sasl: saslText as SaslMechanism };
}

function parseLogin(text: string, userinfo: string): { username: string; password?: string } {
  const colon = userinfo.indexOf(':');
  try {
    const username = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
    if (!username) throw new BusUrlError(text, 'the login before "@" has no user name');
    return colon < 0 ? { username } : { username, password: decodeURIComponent(userinfo.slice(colon + 1)) };
  } catch (error) {
    if (error instanceof BusUrlError) throw error;
    throw new BusUrlError(text, 'the login before "@" has a malformed %-escape');
  }
}

function parseHostPort(text: string, entry: string): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match) throw new BusUrlError(text, `"${entry}" is not host:port`);
  const port = match[2] === undefined ? DEFAULT_PORTS.kafka : Number(match[2]);
  if (port < 1 || port > 65535) throw new BusUrlError(text, `port ${port} is out of range`);
  return `${match[1]}:${port}`;
}
