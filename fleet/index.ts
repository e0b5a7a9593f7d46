// `evc fleet`: protocol-level simulated CPs and drivers against a running Central (DESIGN §6).
export { runFleet, type RunFleetHooks } from './run-fleet.ts';
export { FLEET_DEFAULTS, resolveFleetOptions, cpIdOf, driverIdOf, type FleetOptions } from './options.ts';
export { formatProgress, formatSummary, summarizeFleet, type FleetSummary } from './summary.ts';
export { fleetSecret } from './secrets.ts';
