import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp directory per test, removed after each (register in a describe). */
export function useTempDir(): { readonly path: string } {
  let current = '';
  beforeEach(async () => {
    current = await mkdtemp(path.join(os.tmpdir(), 'evc-store-'));
  });
  afterEach(async () => {
    await rm(current, { recursive: true, force: true });
  });
  return {
    get path() {
      return current;
    },
  };
}
