import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { DeviceInbound } from '../../../../../../central/gateways/device/types.ts';
import { handleDeviceMessage } from '../../../../../../central/gateways/device/handlers/index.ts';
import { aSessionEnded, aSessionStarted, aStateEvent, aTelemetry, labelRecorder } from '../../../builders.ts';

describe('central/gateways/device/handlers dispatcher', () => {
  it('routes each Engine message type to its own handler, which submits one core input', async () => {
    const messages: DeviceInbound[] = [
      aStateEvent('AVAILABLE'),
      aSessionStarted('S1', 'D1'),
      aSessionEnded('S1'),
      aTelemetry('S1', 7, 1),
      { type: 'online', online: true, retained: true },
    ];
    const { labels, submit } = labelRecorder();
    const context = {
      submit,
      logger: pino({ level: 'silent' }),
      notice: () => undefined,
    };
    for (const message of messages) await handleDeviceMessage(context, 'CP1', message);
    assert.deepEqual(labels, ['state AVAILABLE from CP1', 'session-started S1 from CP1', 'session-ended S1 from CP1', 'telemetry S1 from CP1', 'online CP1 true']);
  });
});
