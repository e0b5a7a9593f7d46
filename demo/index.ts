// `evc demo` (DESIGN §6): what bin/commands/demo.ts calls. The process helpers are shared
// with the end-to-end tests (test/helpers/processes.ts).
export { runDemo } from './run-demo.ts';
export { DEMO_DEFAULTS, parseSeconds, parseWhole } from './options.ts';

