// The CP host's Monitor (DESIGN §1, §4.2–4.3).
export { Monitor, runMonitor, type MonitorEvents, type MonitorOptions } from './monitor.ts';
export { MonitorRejectedError } from './errors.ts';
export { backoffDelayMs, CENTRAL_BACKOFF, ENGINE_BACKOFF, type BackoffPolicy } from './backoff.ts';
export { formatStatusLine, StatusDisplay, type MonitorStatus, type StatusOutput } from './status-line.ts';
export type { CentralStatus } from './central-session.ts';
export type { EngineReport, EngineVerdict } from './engine-report.ts';
