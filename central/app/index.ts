// Central's running app (DESIGN §1, §4, §5): what bin/commands/central.ts and the tests call.
export { runCentral, type CentralHandle, type CentralPorts } from './run-central.ts';
export type { RunCentralOptions } from './options.ts';
export { addCp, type AddCpOptions, type AddCpResult } from './add-cp.ts';
export { removeCpThroughApi, resetSecretThroughApi, sessionsThroughApi, sessionsCsvThroughApi, type AdminClientOptions, type SessionFilter } from './admin-client.ts';
