// Shared set-up for the driver's integration tests: a real aedes broker with Central's ACL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBroker, isValidRoleId, type CentralCredentials } from '../../../bus/index.ts';
import { DEFAULTS, type DriverCommand, type DriverOptions } from '../../../driver/index.ts';
import type { ScriptedCp } from './scripted-central.ts';

export const CENTRAL: CentralCredentials = { username: 'central', password: 'central-secret' };

/** An embedded broker on a free loopback port where anyone with a valid id logs in as a driver. */
export function startBroker(): Promise<EmbeddedBroker> {
  return EmbeddedBroker.start({
    host: '127.0.0.1',
    port: 0,
    central: CENTRAL,
    drainTimeoutMs: 1000,
    authenticate: async (username) => (isValidRoleId(username) ? { kind: 'driver', id: username } : null),
  });
}

export const CPS: ScriptedCp[] = [
  { summary: { id: 'CP1', state: 'AVAILABLE', location: 'Lab 1', pricePerKwh: 0.4 }, script: 'completes' },
  { summary: { id: 'CP2', state: 'AVAILABLE', location: 'Lab 2', pricePerKwh: 0.3, maxPowerKw: 22 }, script: 'completes' },
  { summary: { id: 'CP3', state: 'CHARGING', location: 'Car park', pricePerKwh: 0.35 }, script: 'manual' },
  { summary: { id: 'CPX', state: 'AVAILABLE', location: 'Nowhere', pricePerKwh: 0.35 }, script: 'silent' },
];

export async function tempDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'evc-driver-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function driverOptions(busUrl: string, dataDir: string, command: DriverCommand, overrides: Partial<DriverOptions> = {}): DriverOptions {
  return {
    driverId: 'D1',
    busUrl,
    json: false,
    dataDir,
    pauseMs: DEFAULTS.pauseMs,
    answerTimeoutMs: 5000,
    plugInGraceMs: DEFAULTS.plugInGraceMs,
    ticketTimeoutMs: 5000,
    command,
    ...overrides,
  };
}
