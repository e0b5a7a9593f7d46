import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { DriverRequest } from '../../../../../../protocol/index.ts';
import { handleDriverRequest } from '../../../../../../central/gateways/driver/handlers/index.ts';
import { aCharge, aListCps, aStatus, aStopRequest, T0, labelRecorder } from '../../../builders.ts';

describe('central/gateways/driver/handlers dispatcher', () => {
  it('routes each driver request type to its own handler, which submits one core input', async () => {
    const requests: DriverRequest[] = [
      aCharge('D1', 'CP1'),
      aStopRequest('D1', 'S1'),
      aListCps('D1'),
      aStatus('D1', 'CP2'),
      { type: 'ack', id: 'a1', ts: T0, driverId: 'D1', sessionId: 'S1' },
    ];
    const { labels, submit } = labelRecorder();
    const context = {
      submit,
      logger: pino({ level: 'silent' }),
    };
    for (const request of requests) await handleDriverRequest(context, 'D1', request);
    assert.deepEqual(labels, ['charge CP1 for D1', 'stop S1 for D1', 'list-cps for D1', 'status CP2 for D1', 'ack of S1 from D1']);
  });
});
