import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { MonitorToCentral } from '../../../../../../protocol/index.ts';
import { handleMonitorMessage } from '../../../../../../central/gateways/monitor/handlers/index.ts';
import { aHealth, aHello, labelRecorder } from '../../../builders.ts';

describe('central/gateways/monitor/handlers dispatcher', () => {
  it('routes each Monitor message type to its own handler, which submits one core input', async () => {
    const messages: MonitorToCentral[] = [aHello({ cpId: 'CP1' }), aHealth('CP1', 'ok'), { type: 'bye', id: 'b1', ts: 0, cpId: 'CP1', reason: 'stopped' }];
    const { labels, submit } = labelRecorder();
    const context = {
      submit,
      secrets: {
        check: () => Promise.resolve({ result: 'match' as const, stillValid: () => true }),
        recheck: () => Promise.reject(new Error('not asked')),
        storedConfig: () => undefined,
      },
      logger: pino({ level: 'silent' }),
    };
    for (const message of messages) await handleMonitorMessage(context, { id: 'L1', remoteAddress: '127.0.0.1' }, message);
    assert.deepEqual(labels, ['hello CP1 on L1', 'health CP1 ok on L1', 'bye CP1 on L1']);
  });
});
