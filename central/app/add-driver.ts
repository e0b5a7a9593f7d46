import pino from 'pino';
import { driverId as driverIdSchema, driverKeyFromToken, EvcError, generateDriverToken, UsageError } from '../../protocol/index.ts';
import { openStore } from '../store/index.ts';
import { DataLock, liveLockOwner } from './data-lock.ts';
import { writeDriverInboxEntry } from './driver-inbox.ts';
import { DriverRegistry } from './driver-registry.ts';

export interface AddDriverResult {
  /** The driver's token: shown once; the store keeps only the key derived from it (DESIGN §4.5). */
  token: string;
  /** `store`: Central was stopped and the store has the driver; `running-central`: handed over, taken in at first use. */
  via: 'store' | 'running-central';
}

/** `evc central add-driver D1` (DESIGN §6). */
export async function addDriver(dataDir: string, driverId: string): Promise<AddDriverResult> {
  if (!driverIdSchema.safeParse(driverId).success) throw new UsageError(`driver id "${driverId}": use 1-64 letters, digits, _ or -`);
  const owner = await liveLockOwner(dataDir);
  if (owner?.holder === 'central') {
    // Central alone writes the store while it runs: it takes the key in at the driver's first login or request.
    const token = generateDriverToken();
    await writeDriverInboxEntry(dataDir, driverId, driverKeyFromToken(driverId, token));
    return { token, via: 'running-central' };
  }
  const lock = await DataLock.acquire(dataDir, 'add-cp'); // the lock names the offline store editor 'add-cp'
  try {
    const store = await openStore(dataDir);
    try {
      const registry = new DriverRegistry({ store, dataDir, registration: 'closed', now: Date.now, logger: pino({ level: 'silent' }) });
      const added = await registry.add(driverId);
      if (!added) throw new EvcError('DRIVER_EXISTS', `${driverId} already has a token in ${store.stateFile}; pick another id, or revoke it first (evc central revoke-driver ${driverId}) to give it a new token.`);
      return { token: added.token, via: 'store' };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}
