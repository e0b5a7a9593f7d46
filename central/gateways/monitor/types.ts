import type { Logger } from 'pino';
import type { CpConfig, SecretCheck, SubmitInput } from '../../core/index.ts';
import type { MonitorToCentral } from '../../../protocol/index.ts';

/** The store's verdict on one hello's secret, and whether it still holds (the store may change meanwhile). */
export interface SecretVerdict {
  result: SecretCheck;
  /** False when the CP's stored secret changed since the check (another hello registered it). */
  stillValid(): boolean;
}

/**
 * Secret checks for hello (DESIGN §4.2). scrypt is slow, so a check runs before the input
 * enters the core's queue and is confirmed inside it.
 */
export interface SecretAuthority {
  /** Before the queue: may first take in CPs `evc central add-cp` handed to the running Central. */
  check(cpId: string, secret: string): Promise<SecretVerdict>;
  /** Inside the queue: the store alone (taking in add-cp's CPs goes through the queue itself). */
  recheck(cpId: string, secret: string): Promise<SecretVerdict>;
  /** A CP the store has (e.g. added by `evc central add-cp` while Central runs) but the core may not. */
  storedConfig(cpId: string): CpConfig | undefined;
}

/** One Monitor connection as the handlers see it. */
export interface MonitorLinkRef {
  readonly id: string;
  readonly remoteAddress: string;
}

export interface MonitorContext {
  submit: SubmitInput;
  secrets: SecretAuthority;
  logger: Logger;
}

/** One handler per message type, one signature (STYLE: aedes handlers); each holds its message's logic. */
export type MonitorHandler<T extends MonitorToCentral['type']> = (
  context: MonitorContext,
  link: MonitorLinkRef,
  message: Extract<MonitorToCentral, { type: T }>,
) => Promise<void>;
