// Central's running app (DESIGN §1, §4, §5): what bin/commands/central.ts and the tests call.
export { runCentral, type CentralHandle } from './run-central.ts';
export type { RunCentralOptions } from './options.ts';
export { addCp } from './add-cp.ts';
export { acceptCpThroughApi, driversThroughApi, removeCpThroughApi, resetSecretThroughApi, revokeDriverThroughApi, sessionsThroughApi, sessionsCsvThroughApi, type AdminClientOptions, type SessionFilter } from './admin-client.ts';
export { addDriver } from './add-driver.ts';
