import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createFileOnce } from '../../base/atomic-file.ts';
import { generateMachineSecret } from '../../base/machine-secret.ts';
import { EvcError } from '../../protocol/index.ts';

/** Where a CP keeps the secret it made for itself (issue 9: no fixed default anywhere). */
export function cpSecretFile(dataDir: string): string {
  return path.join(dataDir, 'cp-secret');
}

/** The default data folder of a CP (the Engine's outbox lives there too). */
export function defaultCpDataDir(cpId: string): string {
  return `./data/engine-${cpId}`;
}

const SECRET = /^[A-Za-z0-9_-]{32,256}$/;

/**
 * The CP's own secret: read from `DATA/cp-secret`, or made at first start (24 random bytes, base/machine-secret.ts)
 * and kept there, readable by its owner only. Created through a temp file and a hard link (base/atomic-file.ts createFileOnce),
 * so a concurrent first start of the Engine and the Monitor agree on one secret and a crash
 * never leaves a half-written one. An unreadable or damaged file stops the CP with its name:
 * a new secret would lock the CP out of Central, which pinned the old one.
 */
export async function loadOrCreateCpSecret(dataDir: string): Promise<{ secret: string; created: boolean; file: string }> {
  const file = cpSecretFile(dataDir);
  const existing = await readSecret(file);
  if (existing !== undefined) return { secret: existing, created: false, file };
  await mkdir(dataDir, { recursive: true });
  const secret = generateMachineSecret();
  const created = await createFileOnce(file, `${secret}\n`).catch((error: unknown) => {
    throw new EvcError('SECRET_UNWRITABLE', `cannot create ${file} (${(error as Error).message}); choose another --data`);
  });
  if (created) return { secret, created: true, file };
  const winner = await readSecret(file);
  if (winner === undefined) throw new EvcError('SECRET_UNREADABLE', `${file} vanished while being created; start the CP again`);
  return { secret: winner, created: false, file };
}

async function readSecret(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EvcError('SECRET_UNREADABLE', `cannot read ${file} (${(error as Error).message}); fix its permissions or pass --secret`);
  }
  const secret = text.trim();
  if (!SECRET.test(secret)) throw new EvcError('SECRET_DAMAGED', `${file} does not hold a secret; restore it from a backup or pass --secret (a new secret needs the operator to reset this CP's)`);
  return secret;
}
