// `evc fleet`: protocol-level simulated CPs and drivers against a running Central (DESIGN §6).
export { runFleet } from './run-fleet.ts';
export { FLEET_DEFAULTS, type FleetOptions } from './options.ts';
export { formatProgress, formatSummary } from './summary.ts';

