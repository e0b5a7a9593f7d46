// The CP host's Monitor (DESIGN §1, §4.2–4.3).
export { Monitor, runMonitor, type MonitorOptions } from './monitor.ts';
export { MonitorRejectedError } from './errors.ts';

