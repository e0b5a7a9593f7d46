import assert from 'node:assert/strict';
import { onStopSignals } from '../../../bin/stop-signals.ts';

describe('bin/stop-signals', () => {
  // process.emit runs the listeners without a real signal: Node's default (exit) is not involved.
  const raise = (signal: NodeJS.Signals) => void process.emit(signal, signal);
  const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
  let before = 0;
  beforeEach(() => (before = listeners()));

  it('calls the listener on SIGINT and SIGTERM until removed', () => {
    const heard: string[] = [];
    const remove = onStopSignals((signal) => heard.push(signal));
    raise('SIGINT');
    raise('SIGTERM');
    remove();
    assert.deepEqual(heard, ['SIGINT', 'SIGTERM']);
    assert.equal(listeners(), before, 'nothing left behind');
  });

  it('with once, the first signal removes it: a second Ctrl-C falls through to Node’s default', () => {
    const heard: string[] = [];
    onStopSignals((signal) => heard.push(signal), { once: true });
    raise('SIGTERM');
    assert.deepEqual(heard, ['SIGTERM']);
    assert.equal(listeners(), before);
  });
});
