import path from 'node:path';
import type { CpOptions } from './run-cp.ts';

export interface UnitContext {
  /** Absolute path of node, and of the evc script that runs the CP. */
  node: string;
  evc: string;
  /** The user the CP runs as: in groups dialout (USB serial) and gpio (a Pi's pins), no root needed. */
  user: string;
  /** Where the CP keeps its secret and outbox when --data is not given (systemd's StateDirectory). */
  stateDirectory: string;
}

/** Options worth a line in the unit, in `evc cp --help` order; --secret and --kafka-password never (see `secretsFile`). */
function cpArgs(options: CpOptions, dataDir: string): string[] {
  const args = ['cp', '--id', options.id, '--central', options.central];
  if (options.bus !== undefined) args.push('--bus', options.bus);
  args.push('--board', options.board, '--wiring', options.wiring, '--engine-port', options.enginePort, '--power-kw', options.powerKw);
  if (options.price !== undefined) args.push('--price', options.price);
  if (options.location !== undefined) args.push('--location', options.location);
  if (options.board === 'sim' || options.board.startsWith('avr-sim')) args.push('--sim-port', options.simPort);
  if (options.tlsCa !== undefined) args.push('--tls-ca', path.resolve(options.tlsCa));
  if (options.busCa !== undefined) args.push('--bus-ca', path.resolve(options.busCa));
  if (options.kafkaUser !== undefined) args.push('--kafka-user', options.kafkaUser);
  args.push('--no-menu', '--data', dataDir);
  if (options.logLevel !== undefined) args.push('--log-level', options.logLevel);
  return args;
}

/** systemd quoting: words with spaces or quotes in double quotes, `\` and `"` escaped, `%` doubled, `$` doubled. */
function quote(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /[\s"'\\]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

/**
 * `evc cp … --print-systemd-unit` (issue 12): a service that starts the CP at boot, restarts it after a crash
 * (Restart=on-failure: a clean stop stays stopped) and logs to journald (`journalctl -u evc-cp-CP1`).
 */
export function systemdUnit(options: CpOptions, context: UnitContext): string {
  const dataDir = options.data !== undefined ? path.resolve(options.data) : path.join('/var/lib', context.stateDirectory);
  const exec = [context.node, context.evc, ...cpArgs(options, dataDir)].map(quote).join(' ');
  return [
    `# evc charging point ${options.id}: save as /etc/systemd/system/evc-cp-${options.id}.service, then`,
    `#   sudo systemctl daemon-reload && sudo systemctl enable --now evc-cp-${options.id}`,
    `#   journalctl -u evc-cp-${options.id} -f      # its logs`,
    '[Unit]',
    `Description=evc charging point ${options.id} (Engine + Monitor)`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${context.user}`,
    ...(options.data === undefined ? [`StateDirectory=${context.stateDirectory}`] : []),
    // A Kafka password stays out of a unit anyone can read: root writes it to a file only the service reads.
    ...(options.kafkaUser === undefined ? [] : [`# EVC_KAFKA_PASSWORD=… goes in /etc/evc/evc-cp-${options.id}.env (chmod 600)`, `EnvironmentFile=/etc/evc/evc-cp-${options.id}.env`]),
    `ExecStart=${exec}`,
    'Restart=on-failure',
    'RestartSec=5',
    // evc cp stops its Monitor (which says goodbye to Central) and then its Engine (relay open) on SIGTERM.
    'KillMode=mixed',
    'TimeoutStopSec=15',
    'StandardOutput=journal',
    'StandardError=journal',
    `SyslogIdentifier=evc-cp-${options.id}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
