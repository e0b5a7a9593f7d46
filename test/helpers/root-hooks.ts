// Mocha root hooks: shared set-up and teardown for every suite.
// Services a suite needs (such as the local Kafka) are started lazily by the helper that
// owns them and stopped here, so unit runs never pay for them.
const teardowns: Array<() => Promise<void>> = [];

/** Registers work to run once after the whole run (stop a broker started for the tests). */
export function onRunEnd(teardown: () => Promise<void>): void {
  teardowns.push(teardown);
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    for (const teardown of teardowns.splice(0).reverse()) await teardown();
  },
};
