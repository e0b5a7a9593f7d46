// Mocha root hooks: shared set-up and teardown for every suite.
// Services a suite needs (such as the local Kafka) are started lazily by the helper that
// owns them and stopped here, so unit runs never pay for them.
import { ensureDist } from '../../scripts/dist.mjs';

const teardowns: Array<() => Promise<void>> = [];

/** Registers work to run once after the whole run (stop a broker started for the tests). */
export function onRunEnd(teardown: () => Promise<void>): void {
  teardowns.push(teardown);
}

export const mochaHooks = {
  /**
   * Tests that start `bin/evc` run the compiled dist/, as an installed evc does; rebuilt here (~1 s) when a
   * source is newer. (bin/evc itself would fall back to tsx on a stale dist, so old code never runs either way.)
   */
  async beforeAll(): Promise<void> {
    await ensureDist();
  },
  async afterAll(): Promise<void> {
    for (const teardown of teardowns.splice(0).reverse()) await teardown();
  },
};
