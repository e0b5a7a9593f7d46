import type { HelloLimits } from '../gateways/monitor/hello-guard.ts';
import type { Logger } from 'pino';
import pino from 'pino';
import { parseBusUrl, type BusSecurity } from '../../bus/index.ts';
import { UsageError } from '../../protocol/index.ts';

/** What `runCentral` takes (DESIGN §6 `evc central`); every field has the CLI's default. */
export interface RunCentralOptions {
  /** `--data`, default `./data` (DESIGN §5). */
  dataDir?: string;
  /** `--port`: the Monitor TCP port, default 7070; 0 picks a free one. */
  monitorPort?: number;
  /** Default 0.0.0.0. */
  monitorHost?: string;
  /** `--http`: dashboard/API port, default 8080; 0 picks a free one; false: no HTTP server. */
  httpPort?: number | false;
  /** Default 0.0.0.0. */
  httpHost?: string;
  /** `--device-bus` / `--driver-bus`: `embedded` (default), `mqtt://…`, `mqtts://…`, `kafka://…` (DESIGN §4.6). */
  deviceBus?: string;
  driverBus?: string;
  /** `--bus-ca`, `--kafka-user`, `--kafka-password`: Central's TLS trust and Kafka login on buses that are not embedded (DESIGN §4.6). */
  busSecurity?: BusSecurity;
  /** Central's Kafka consumer group (it resumes from its committed offsets). Default `evc-central`. */
  kafkaGroupId?: string;
  /** `--mqtt-port`: the embedded broker's port, default 1883; 0 picks a free one. */
  mqttPort?: number;
  /** Default 0.0.0.0 (DESIGN §4.6). */
  mqttHost?: string;
  /** `--registration`: `approve` (the default: unknown CPs wait as PENDING for an operator), `open` (trust on first use) or `closed` (only `add-cp`'s CPs). */
  registration?: 'open' | 'closed' | 'approve';
  /** Seconds of charging granted beyond what Central saw when bounding a CP's energy (issue 9). Default 2; tests that send instant meter figures raise it. */
  energySlackS?: number;
  /** `--tls-cert` / `--tls-key` (PEM text): the Monitor port speaks TLS, and the embedded broker also listens on mqtts://. */
  tls?: { cert: string; key: string };
  /** `--mqtts-port`: the embedded broker's TLS port when `tls` is given. Default 8883; 0 picks a free one. */
  mqttsPort?: number;
  /** `--admin-token` / EVC_ADMIN_TOKEN: bearer token for the HTTP operator commands. */
  adminToken?: string;
  /** `--viewer-token` / EVC_VIEWER_TOKEN: when set, the dashboard and the read API need it (or the admin token). */
  viewerToken?: string;
  /** `--operator-password` / EVC_OPERATOR_PASSWORD: the embedded broker's read-only `operator` account (subscribe under evc/). */
  operatorPassword?: string;
  /** `--heartbeat-ms`, default 1000 (DESIGN §4.2). */
  heartbeatMs?: number;
  /** `--reservation-s` × 1000, default 60 000 (DESIGN §2). */
  reservationMs?: number;
  /** `--max-monitors`: Monitor links past which a new one is answered NACK. Default unlimited. */
  maxMonitors?: number;
  /** Hellos per remote address (token bucket) and the delay after wrong secrets (issue 9); defaults 20/s, burst 40. */
  helloLimits?: Partial<HelloLimits>;
  /** How long Central waits for the Engine's `session-ended` after it asked for an end. Default 3000. */
  endReportTimeoutMs?: number;
  /** After a restart, how long an orphaned session waits for the Engine's report. Default 30 000. */
  orphanTimeoutMs?: number;
  /** A link not welcomed within this time is closed. Default 10 000. */
  helloTimeoutMs?: number;
  /** Default: silent. */
  logger?: Logger;
  /** The live terminal panel (central/panel) on these streams; the caller decides (a TTY, no --no-panel). */
  panel?: PanelStreams;
}

export interface PanelStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { columns?: number; rows?: number };
  /** `q` or Ctrl-C in the panel. */
  onQuit?: () => void;
}

type OptionalKeys = 'busSecurity' | 'helloLimits' | 'adminToken' | 'viewerToken' | 'operatorPassword' | 'maxMonitors' | 'endReportTimeoutMs' | 'orphanTimeoutMs' | 'panel' | 'energySlackS' | 'tls' | 'mqttsPort';
export type ResolvedCentralOptions = Required<Omit<RunCentralOptions, OptionalKeys>> & Pick<RunCentralOptions, OptionalKeys>;

export function resolveOptions(options: RunCentralOptions): ResolvedCentralOptions {
  const resolved: ResolvedCentralOptions = {
    dataDir: options.dataDir ?? './data',
    monitorPort: options.monitorPort ?? 7070,
    monitorHost: options.monitorHost ?? '0.0.0.0',
    httpPort: options.httpPort ?? 8080,
    httpHost: options.httpHost ?? '0.0.0.0',
    deviceBus: options.deviceBus ?? 'embedded',
    driverBus: options.driverBus ?? 'embedded',
    kafkaGroupId: options.kafkaGroupId ?? 'evc-central',
    mqttPort: options.mqttPort ?? 1883,
    mqttHost: options.mqttHost ?? '0.0.0.0',
    registration: options.registration ?? 'open',
    heartbeatMs: options.heartbeatMs ?? 1000,
    reservationMs: options.reservationMs ?? 60_000,
    helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    ...(options.viewerToken === undefined ? {} : { viewerToken: options.viewerToken }),
    ...(options.operatorPassword === undefined ? {} : { operatorPassword: options.operatorPassword }),
    ...(options.maxMonitors === undefined ? {} : { maxMonitors: options.maxMonitors }),
    ...(options.helloLimits === undefined ? {} : { helloLimits: options.helloLimits }),
    ...(options.busSecurity === undefined ? {} : { busSecurity: options.busSecurity }),
    ...(options.endReportTimeoutMs === undefined ? {} : { endReportTimeoutMs: options.endReportTimeoutMs }),
    ...(options.energySlackS === undefined ? {} : { energySlackS: options.energySlackS }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.mqttsPort === undefined ? {} : { mqttsPort: options.mqttsPort }),
    ...(options.orphanTimeoutMs === undefined ? {} : { orphanTimeoutMs: options.orphanTimeoutMs }),
    ...(options.panel === undefined ? {} : { panel: options.panel }),
  };
  // A bad bus URL is bad usage: refuse it before touching the data directory (DESIGN §4.6).
  parseBusUrl(resolved.deviceBus);
  parseBusUrl(resolved.driverBus);
  if (!['open', 'closed', 'approve'].includes(resolved.registration)) {
    throw new UsageError(`registration must be approve, open or closed, got "${String(resolved.registration)}"`);
  }
  for (const [name, value] of [['heartbeatMs', resolved.heartbeatMs], ['reservationMs', resolved.reservationMs]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be above 0, got ${value}`);
  }
  if (resolved.maxMonitors !== undefined && !(Number.isInteger(resolved.maxMonitors) && resolved.maxMonitors >= 1)) {
    throw new UsageError(`maxMonitors must be a whole number of 1 or more, got ${resolved.maxMonitors}`);
  }
  return resolved;
}
