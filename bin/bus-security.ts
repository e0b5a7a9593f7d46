import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { BusSecurity } from '../bus/index.ts';
import { UsageError } from '../protocol/index.ts';

/** The flags `addBusSecurityOptions` adds, as commander parses them. */
export interface BusSecurityFlags {
  busCa?: string;
  kafkaUser?: string;
  kafkaPassword?: string;
}

/**
 * `--bus-ca`, `--kafka-user`, `--kafka-password` (also EVC_BUS_CA, EVC_KAFKA_USER,
 * EVC_KAFKA_PASSWORD) on every command with a bus: the bus URL says what the brokers speak
 * (`mqtts://`, `kafka://…?sasl=scram-sha-256&tls=true`), these hold what a URL should not.
 */
export function addBusSecurityOptions(command: Command): Command {
  return command
    .option('--bus-ca <file>', 'CA certificate (PEM) to trust on an mqtts:// or kafka://…?tls=true bus')
    .option('--kafka-user <name>', 'SASL user on a kafka://…?sasl=… bus')
    .option('--kafka-password <password>', 'its password (better EVC_KAFKA_PASSWORD: a command line is visible to other users)');
}

export async function busSecurity(flags: BusSecurityFlags): Promise<BusSecurity> {
  if ((flags.kafkaUser === undefined) !== (flags.kafkaPassword === undefined)) {
    throw new UsageError('--kafka-user and --kafka-password go together (or EVC_KAFKA_USER and EVC_KAFKA_PASSWORD)');
  }
  const kafkaLogin = flags.kafkaUser !== undefined && flags.kafkaPassword !== undefined ? { kafkaLogin: { username: flags.kafkaUser, password: flags.kafkaPassword } } : {};
  if (flags.busCa === undefined) return kafkaLogin;
  try {
    return { ...kafkaLogin, tls: { ca: await readFile(flags.busCa, 'utf8') } };
  } catch (error) {
    throw new UsageError(`--bus-ca ${flags.busCa}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
