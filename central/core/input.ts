import type { CentralCore } from './central-core.ts';

/**
 * One input to the core: reads and changes its state and emits effects. It runs alone
 * (central/app/core-inputs.ts queues them), so it may await a store read first.
 */
export type CoreInput = (core: CentralCore) => void | Promise<void>;

/** How gateways hand an input to the core; resolves once its effects were carried out. */
export type SubmitInput = (input: CoreInput, label: string) => Promise<void>;
