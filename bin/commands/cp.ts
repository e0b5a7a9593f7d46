import type { Command } from 'commander';
import { parseHostPort } from '../../firmware-host/cp/central-address.ts';
import { defaultCpDataDir, loadOrCreateCpSecret } from '../../firmware-host/cp/cp-secret.ts';
import os from 'node:os';
import path from 'node:path';
import { runCp, type CpOptions } from '../../firmware-host/cp/run-cp.ts';
import { systemdUnit } from '../../firmware-host/cp/systemd-unit.ts';
import pc from 'picocolors';
import { cpId as cpIdSchema, EvcError, UsageError } from '../../protocol/index.ts';
import { addBusSecurityOptions } from '../bus-security.ts';
import { onStopSignals } from '../stop-signals.ts';

/**
 * `evc cp` (DESIGN §6): Engine and Monitor as two child processes; a crashed one is restarted
 * with backoff while the other keeps running; one that keeps crashing stops the CP and fails.
 */
async function cpCommand(flags: CpOptions & { printSystemdUnit?: boolean }): Promise<void> {
  if (!cpIdSchema.safeParse(flags.id).success) throw new UsageError(`--id "${flags.id}": CP ids are 1-64 letters, digits, _ or -`);
  parseHostPort(flags.central, 7070);
  if (flags.printSystemdUnit) {
    process.stdout.write(systemdUnit(flags, { node: process.execPath, evc: path.resolve(process.argv[1] ?? 'evc'), user: os.userInfo().username, stateDirectory: `evc/${flags.id}` }));
    return;
  }
  // No --secret: the CP's own, made at first start and kept in its data folder (issue 9).
  const secret = flags.secret ?? (await ownSecret(flags.id, flags.data ?? defaultCpDataDir(flags.id)));
  const supervisor = runCp({ ...flags, secret });
  supervisor.on('restarting', (name, delayMs, exit) => {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    process.stderr.write(`${flags.id}: the ${name} ${how}; restarting it in ${(delayMs / 1000).toFixed(1)} s\n`);
  });
  const removeSignals = onStopSignals((signal) => void supervisor.stop(signal));
  try {
    const result = await supervisor.done;
    if (result.code !== 0) throw new EvcError('CP_CHILD_FAILED', `${result.reason}; the CP was stopped (see the messages above)`);
  } finally {
    removeSignals();
  }
}

async function ownSecret(cpId: string, dataDir: string): Promise<string> {
  const { secret, created, file } = await loadOrCreateCpSecret(dataDir);
  if (created) process.stdout.write(`${pc.green('✔')} ${cpId} made its secret and keeps it in ${file}\n`);
  return secret;
}

export function register(program: Command): void {
  const command = program
    .command('cp')
    .description('run a charging point: its Engine and its Monitor, as two processes')
    .requiredOption('--id <cpId>', 'charging point id, e.g. CP1')
    .requiredOption('--central <host:port>', "Central's Monitor port, e.g. 192.168.1.10:7070")
    .option('--bus <url>', 'device bus URL (default: the one Central names when the Monitor connects)')
    .option('--board <board>', 'sim, avr-sim (real Firmata on a simulated ATmega328P), firmata:/dev/ttyACM0 or raspi', 'sim')
    .option('--wiring <profile>', 'wiring profile name (uno, nano, raspberry-pi) or a .json path', 'uno')
    .option('--secret <secret>', 'the secret `evc central add-cp` printed for this CP (default: its own, kept in --data)')
    .option('--tls-ca <file>', "Central's Monitor port speaks TLS: the CA certificate (PEM) that signed Central's")
    .option('--engine-port <port>', 'local socket between Engine and Monitor', '7100')
    .option('--power-kw <kW>', 'power drawn while charging', '7.4')
    .option('--price <eurPerKwh>', 'price per kWh announced to Central')
    .option('--location <text>', 'where the CP is, e.g. "Lab 1"')
    .option('--sim-port <port>', 'sim and avr-sim boards only: port of their HTTP control API', '7101')
    .option('--no-menu', 'no keyboard menu, even on a terminal')
    .option('--data <dir>', "where the CP keeps its secret and outbox (default ./data/engine-<id>)")
    .option('--log-level <level>', 'pino log level for both processes')
    .option('--print-systemd-unit', 'print a systemd service for this CP (start at boot, restart after a crash, logs in journald) and exit');
  // Handed to the Engine in its environment (EVC_BUS_CA, EVC_KAFKA_USER, EVC_KAFKA_PASSWORD).
  addBusSecurityOptions(command).action((flags: CpOptions) => cpCommand(flags));
}
