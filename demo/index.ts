// `evc demo` (DESIGN §6): what bin/commands/demo.ts calls. The process helpers are shared
// with the end-to-end tests (test/helpers/processes.ts).
export { runDemo, type DemoIo } from './run-demo.ts';
export { DEMO_DEFAULTS, parseSeconds, parseWhole, type DemoOptions } from './options.ts';
export { ManagedProcess, ProcessWaitError, describeExit, type OutputLine, type ProcessExit } from '../base/managed-process.ts';
export { freePort, httpJson, isPortFree, pickPort, pollUntil } from './net.ts';
