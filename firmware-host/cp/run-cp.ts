import { fileURLToPath } from 'node:url';
import { Supervisor, type ChildSpec } from '../../base/supervisor.ts';

/** `evc cp` options (DESIGN §6), as text: they are handed on to the children's command lines. */
export interface CpOptions {
  id: string;
  central: string;
  bus?: string;
  board: string;
  wiring: string;
  secret?: string;
  enginePort: string;
  powerKw: string;
  price?: string;
  location?: string;
  simPort: string;
  menu: boolean;
  data?: string;
  tlsCa?: string;
  /** The Engine's TLS trust and Kafka login on its device bus; passed on in the environment, like the secret. */
  busCa?: string;
  kafkaUser?: string;
  kafkaPassword?: string;
  logLevel?: string;
}

const EVC_BIN = fileURLToPath(new URL('../../bin/evc', import.meta.url));

/**
 * The two children of a CP host (DESIGN §1): `evc engine` and `evc monitor`. The secret travels
 * in the environment (EVC_SECRET), not on a command line any user can read with `ps`.
 * The Engine gets the terminal's keyboard when it has the menu.
 */
export function cpChildren(options: CpOptions, env: NodeJS.ProcessEnv = process.env, node = process.execPath): ChildSpec[] {
  const shared = {
    ...env,
    EVC_CP_SHARED_TERMINAL: '1',
    ...(options.secret !== undefined ? { EVC_SECRET: options.secret } : {}),
    ...(options.busCa !== undefined ? { EVC_BUS_CA: options.busCa } : {}),
    ...(options.kafkaUser !== undefined ? { EVC_KAFKA_USER: options.kafkaUser } : {}),
    ...(options.kafkaPassword !== undefined ? { EVC_KAFKA_PASSWORD: options.kafkaPassword } : {}),
  };
  const logLevel = options.logLevel ? ['--log-level', options.logLevel] : [];
  const engineArgs = [
    EVC_BIN, 'engine',
    '--id', options.id,
    // No --bus: the Engine uses the device bus Central names in welcome (DESIGN §4.2), one source of truth.
    ...(options.bus !== undefined ? ['--bus', options.bus] : []),
    '--board', options.board,
    '--wiring', options.wiring,
    '--engine-port', options.enginePort,
    '--power-kw', options.powerKw,
    '--sim-port', options.simPort,
    ...(options.data !== undefined ? ['--data', options.data] : []),
    ...(options.menu ? [] : ['--no-menu']),
    ...logLevel,
  ];
  const monitorArgs = [
    EVC_BIN, 'monitor',
    '--id', options.id,
    '--central', options.central,
    '--engine-port', options.enginePort,
    '--power-kw', options.powerKw,
    ...(options.price !== undefined ? ['--price', options.price] : []),
    ...(options.location !== undefined ? ['--location', options.location] : []),
    ...(options.tlsCa !== undefined ? ['--tls-ca', options.tlsCa] : []),
    ...logLevel,
  ];
  // Both stay in our process group, so a terminal's Ctrl-C reaches them as it reaches us.
  const common = { command: node, env: shared, output: 'inherit', ownGroup: false } as const;
  return [
    { ...common, name: 'engine', args: engineArgs, stdin: options.menu ? 'inherit' : 'ignore' },
    // The Monitor stops first and says goodbye to Central, so a clean quit shows no fault (issue 12).
    { ...common, name: 'monitor', args: monitorArgs, stopTier: 1 },
  ];
}

/**
 * Starts both children under a supervisor (DESIGN §6: each restarted if it crashes, the other
 * keeps running); the caller forwards signals with `stop()` and awaits `done`.
 */
export function runCp(options: CpOptions): Supervisor {
  const supervisor = new Supervisor(cpChildren(options));
  supervisor.start();
  return supervisor;
}
