import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { BusEvents } from '../../../bus/bus.ts';
import { reportError } from '../../../bus/report-error.ts';
import type { Logger } from '../../../base/logger.ts';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  return { warnings, debug: ignore, info: ignore, error: ignore, warn: (_object, message) => void warnings.push(message ?? '') };
}

describe('bus/report-error', () => {
  it('emits the error to listeners, and logs nothing', () => {
    const bus = new EventEmitter<BusEvents>();
    const seen: Error[] = [];
    bus.on('error', (error) => seen.push(error));
    const logger = recordingLogger();
    const error = new Error('bad payload');
    reportError(bus, error, logger);
    assert.deepEqual(seen, [error]);
    assert.deepEqual(logger.warnings, []);
  });

  it('with no listener logs it instead of throwing (an unheard error event would crash the process)', () => {
    const bus = new EventEmitter<BusEvents>();
    const logger = recordingLogger();
    assert.doesNotThrow(() => reportError(bus, new Error('bad payload'), logger));
    assert.deepEqual(logger.warnings, ['bad payload']);
  });
});
