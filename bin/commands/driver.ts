import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import pc from 'picocolors';
import { createBus } from '../../bus/index.ts';
import { addBusSecurityOptions, busSecurity, type BusSecurityFlags } from '../bus-security.ts';
import {
  checkDriverId,
  DEFAULTS,
  parseDriverCommand,
  parseMs,
  runDriverCommand,
  type DriverIo,
} from '../../driver/index.ts';

interface RawOptions extends BusSecurityFlags {
  id?: string;
  bus: string;
  token?: string;
  json?: boolean;
  data: string;
  pauseMs: string;
  timeoutMs: string;
}

const EXAMPLES = `
Commands:
  charge CP    request a charge at CP, follow it live, print the receipt
  run FILE     charge at each CP listed in FILE (one id per line, # comments), 4 s apart
  list         CPs with state, price and location
  status CP    one CP's state
  watch        follow your current session again (after a detach)
  stop         stop your current session and print its receipt

Exit codes: 0 completed (ticket ended by unplug or by you) or detached; 1 denied, ended
early (fault, operator stop, reservation expired), no answer; 2 bad usage.

Examples:
  evc driver --id D1 list
  evc driver --id D1 charge CP1
  evc driver --id D1 --bus kafka://127.0.0.1:9092 run services.txt
  evc driver --id D1 --json charge CP1 | jq .type`;

/** `evc driver` (DESIGN §6): parses options into DriverOptions and hands over to driver/. */
export function register(program: Command): void {
  const command = program
    .command('driver')
    .description('a driver: charge at a CP, run a file of services, list CPs')
    .argument('<command>', 'charge CP | run FILE | list | status CP | watch | stop')
    .argument('[args...]', 'the CP id or FILE the command takes')
    .option('--id <driverId>', 'your driver id (required)')
    .option('--bus <url>', 'driver bus: mqtt://HOST:PORT, mqtts://… or kafka://HOST:PORT', DEFAULTS.busUrl)
    .option('--token <token>', 'your token (`evc central add-driver` printed it); default the one kept in --data')
    .option('--json', 'one JSON object per line (events, then a result)')
    .option('--data <dir>', 'where your token and current session id are kept', join(homedir(), '.evc'))
    .option('--pause-ms <ms>', 'run: pause between services', String(DEFAULTS.pauseMs))
    .option('--timeout-ms <ms>', 'how long Central may take to answer a request', String(DEFAULTS.answerTimeoutMs))
    .addHelpText('after', EXAMPLES);
  addBusSecurityOptions(command).action((name: string, args: string[], raw: RawOptions) => driverCommand(name, args, raw));
}

async function driverCommand(name: string, args: string[], raw: RawOptions): Promise<void> {
  const security = await busSecurity(raw);
  const options = {
    driverId: checkDriverId(raw.id),
    busUrl: raw.bus,
    ...(Object.keys(security).length > 0 ? { busSecurity: security } : {}),
    ...(raw.token ? { token: raw.token } : {}),
    json: raw.json === true,
    dataDir: raw.data,
    pauseMs: parseMs(raw.pauseMs, '--pause-ms'),
    answerTimeoutMs: parseMs(raw.timeoutMs, '--timeout-ms'),
    plugInGraceMs: DEFAULTS.plugInGraceMs,
    ticketTimeoutMs: DEFAULTS.ticketTimeoutMs,
    command: parseDriverCommand([name, ...args]),
  };
  process.exitCode = await runDriverCommand(options, processIo());
}

function processIo(): DriverIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    clock: { now: Date.now, sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}) },
    createBus,
    onInterrupt(listener) {
      process.on('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
    colors: pc.isColorSupported && process.stdout.isTTY === true,
  };
}
