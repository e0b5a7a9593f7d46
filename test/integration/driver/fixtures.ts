// Shared set-up for the driver's integration tests: a real aedes broker with Central's ACL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBroker, isValidRoleId, type CentralCredentials } from '../../../bus/index.ts';
import { DEFAULTS, type DriverCommand, type DriverOptions } from '../../../driver/index.ts';
import { ScriptedCentral, type ScriptedCp } from './scripted-central.ts';

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

export interface MqttRig {
  readonly broker: EmbeddedBroker;
  readonly central: ScriptedCentral;
  readonly data: { dir: string; remove: () => Promise<void> };
  /** What the scripted Central and the test io did, in order. */
  readonly log: string[];
}

/** Per test (register in a describe): a broker, a scripted Central serving CPS on it, and a data directory. */
export function useMqttRig(): MqttRig {
  let current: { broker: EmbeddedBroker; central: ScriptedCentral; data: { dir: string; remove: () => Promise<void> }; log: string[] } | undefined;
  beforeEach(async () => {
    const log: string[] = [];
    const broker = await startBroker();
    const central = await ScriptedCentral.start(broker.url, { clientId: 'central-test', ...CENTRAL }, CPS, log);
    current = { broker, central, data: await tempDataDir(), log };
  });
  afterEach(async () => {
    await current?.central.close();
    await current?.broker.close();
    await current?.data.remove();
    current = undefined;
  });
  const rig = (): NonNullable<typeof current> => current ?? assertNever();
  return {
    get broker() {
      return rig().broker;
    },
    get central() {
      return rig().central;
    },
    get data() {
      return rig().data;
    },
    get log() {
      return rig().log;
    },
  };
}

function assertNever(): never {
  throw new Error('useMqttRig: used outside a test');
}
