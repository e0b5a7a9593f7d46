import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { EvcError, LIMITS, UsageError, cpId as cpIdSchema, safeText } from '../../protocol/index.ts';
import type { CpConfig } from '../core/index.ts';
import { generateSecret, openStore } from '../store/index.ts';
import { inboxDir, writeInboxEntry } from './cp-inbox.ts';
import { DataLock, liveLockOwner } from './data-lock.ts';

export interface AddCpOptions {
  dataDir: string;
  config: CpConfig;
  /** With Central running: how long to wait for it to take the CP in. Default 5000. */
  waitMs?: number;
}

export interface AddCpResult {
  /** The CP's secret: shown once, only its scrypt hash is kept (DESIGN §5). */
  secret: string;
  /** `store`: Central was stopped and the store has the CP; `running-central`: handed to the running Central. */
  via: 'store' | 'running-central';
  /** With `running-central`: whether Central took it in within `waitMs`. */
  takenIn?: boolean;
}

/**
 * `evc central add-cp` (DESIGN §6). With Central stopped it writes the store itself, holding
 * the data directory's lock. With Central running it cannot (state.json has one writer, see
 * data-lock.ts), so it hands the CP over through `DATA/inbox/` and waits for Central to take
 * it in; a Central that is slow to do so still does at the CP's first hello or its next start.
 */
export async function addCp(options: AddCpOptions): Promise<AddCpResult> {
  const { dataDir } = options;
  // The label reaches terminals and pages: cleaned like a hello's (protocol/text.ts).
  const config: CpConfig = { ...options.config, location: { ...options.config.location, label: safeText(options.config.location.label) } };
  if (!cpIdSchema.safeParse(config.id).success) throw new UsageError(`CP id "${config.id}": use 1-64 letters, digits, _ or -`);
  if (!(Number.isFinite(config.pricePerKwh) && config.pricePerKwh >= 0 && config.pricePerKwh <= LIMITS.maxPricePerKwh)) {
    throw new UsageError(`--price must be 0 to ${LIMITS.maxPricePerKwh}, got ${config.pricePerKwh}`);
  }
  if (config.maxPowerKw !== undefined && !(config.maxPowerKw > 0 && config.maxPowerKw <= LIMITS.maxPowerKw)) {
    throw new UsageError(`--power-kw must be above 0 and at most ${LIMITS.maxPowerKw}, got ${config.maxPowerKw}`);
  }
  if (config.location.label === '') throw new UsageError('--location must not be empty');

  const owner = await liveLockOwner(dataDir);
  if (owner?.holder !== 'central') {
    const lock = await DataLock.acquire(dataDir, 'add-cp');
    try {
      await refuseIfWaiting(dataDir, config.id);
      const store = await openStore(dataDir);
      try {
        const { secret } = await store.addCp(config);
        return { secret, via: 'store' };
      } finally {
        await store.close();
      }
    } finally {
      await lock.release();
    }
  }

  await refuseIfKnown(dataDir, config.id);
  await refuseIfWaiting(dataDir, config.id);
  const secret = generateSecret();
  const file = await writeInboxEntry(dataDir, config, secret);
  const deadline = Date.now() + (options.waitMs ?? 5000);
  while (Date.now() < deadline) {
    // No event crosses processes here; a short poll with a deadline is the honest wait.
    if (!(await exists(file))) return { secret, via: 'running-central', takenIn: true };
    await delay(50);
  }
  return { secret, via: 'running-central', takenIn: false };
}

async function refuseIfKnown(dataDir: string, id: string): Promise<void> {
  const file = path.join(dataDir, 'state.json');
  let known = false;
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { cps?: Record<string, unknown> };
    known = data.cps?.[id] !== undefined;
  } catch {
    // Unreadable here: Central, which holds the store, drops a duplicate with a warning.
  }
  if (known) throw new EvcError('CP_EXISTS', `${id} already exists in ${path.resolve(file)}; pick another id.`);
}

async function refuseIfWaiting(dataDir: string, id: string): Promise<void> {
  const file = path.join(inboxDir(dataDir), `${id}.json`);
  if (await exists(file)) {
    throw new EvcError('CP_EXISTS', `${id} is already waiting for Central in ${path.resolve(file)}; start Central to take it in, or pick another id.`);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
