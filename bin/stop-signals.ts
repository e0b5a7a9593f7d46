/**
 * Calls `listener` on SIGINT or SIGTERM and returns the function that removes it.
 * With `once`, the first signal removes it, so a second Ctrl-C falls through to Node's
 * default and kills a shutdown that hangs.
 */
export function onStopSignals(listener: (signal: NodeJS.Signals) => void, options: { once?: boolean } = {}): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const remove = (): void => {
    for (const signal of signals) process.off(signal, handle);
  };
  const handle = (signal: NodeJS.Signals): void => {
    if (options.once) remove();
    listener(signal);
  };
  for (const signal of signals) process.on(signal, handle);
  return remove;
}
