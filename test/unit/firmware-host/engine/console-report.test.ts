import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { attachConsoleReport } from '../../../../firmware-host/engine/console-report.ts';
import type { DeviceClient } from '../../../../firmware-host/engine/device-client.ts';
import type { Engine } from '../../../../firmware-host/engine/engine.ts';
import { makeMessage, type SessionEnded, type SessionStarted, type StateEvent } from '../../../../protocol/index.ts';

/** The two emitters the report listens to, and the plain text it wrote (colours stripped). */
function aReport() {
  const engine = new EventEmitter();
  const device = new EventEmitter();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const detach = attachConsoleReport('CP1', engine as unknown as Engine, device as unknown as DeviceClient, output);
  const lines = () => text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter(Boolean);
  return { engine, device, detach, lines };
}

describe('firmware-host/engine console-report (DESIGN §6: short CLI output)', () => {
  it('one line per state, session start and end, fault change and device-bus connection', () => {
    const { engine, device, lines } = aReport();
    engine.emit('event', makeMessage<StateEvent>('state', { state: 'CHARGING', sessionId: 'S1' }));
    engine.emit('event', makeMessage<StateEvent>('state', { state: 'AVAILABLE' }));
    engine.emit('event', makeMessage<SessionStarted>('session-started', { sessionId: 'S1', driverId: 'D1' }));
    engine.emit('event', makeMessage<SessionEnded>('session-ended', { sessionId: 'S1', kWh: 1.23456, durationS: 59.6, reason: 'unplugged' }));
    engine.emit('health', 'ko');
    engine.emit('health', 'ok');
    device.emit('online');
    assert.deepEqual(lines(), [
      'CP1 CHARGING session S1',
      'CP1 AVAILABLE',
      'CP1 session S1 started for driver D1',
      'CP1 session S1 ended (unplugged): 1.235 kWh in 60 s',
      'CP1 KO: fault raised',
      'CP1 fault cleared',
      'CP1 device bus online',
    ]);
  });

  it('says nothing once detached', () => {
    const { engine, device, detach, lines } = aReport();
    detach();
    engine.emit('health', 'ko');
    device.emit('online');
    assert.deepEqual(lines(), []);
    assert.equal(engine.listenerCount('event') + engine.listenerCount('health') + device.listenerCount('online'), 0);
  });
});
