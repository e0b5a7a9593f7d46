import type { Command } from 'commander';
import { register as registerMonitor } from './monitor.ts';
import { register as registerDriver } from './driver.ts';
import { register as registerEngine } from './engine.ts';
import { register as registerCp } from './cp.ts';
import { register as registerDemo } from './demo.ts';
import { register as registerCentral } from './central.ts';
import { register as registerFleet } from './fleet.ts';
import { register as registerSimBoard } from './sim-board.ts';
import { register as registerFlash } from './flash.ts';

/**
 * Each sub-command lives in its own file here and exports `register(program)`;
 * the work itself is a function in the app's folder that takes parsed options.
 */
export function registerCommands(program: Command): void {
  void program;
  registerMonitor(program);
  registerDriver(program);
  registerEngine(program);
  registerCp(program);
  registerDemo(program);
  registerCentral(program);
  registerFleet(program);
  registerSimBoard(program);
  registerFlash(program);
}
