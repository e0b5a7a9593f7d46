import assert from 'node:assert/strict';
import { MalformedPayloadError } from '../../../../../bus/errors.ts';
import { DeviceGateway } from '../../../../../central/gateways/device/device-gateway.ts';
import { capturingLogger } from '../../../../helpers/log-lines.ts';
import { MemoryBus } from '../../../../helpers/memory-bus.ts';
import { aStateEvent, aTelemetry } from '../../builders.ts';

describe('central/gateways/device DeviceGateway (DESIGN §4.4)', () => {
  let bus: MemoryBus;
  let gateway: DeviceGateway;
  let inputs: string[];
  let notices: string[];
  let log: ReturnType<typeof capturingLogger>;

  beforeEach(async () => {
    bus = new MemoryBus();
    inputs = [];
    notices = [];
    log = capturingLogger();
    gateway = new DeviceGateway({
      bus,
      logger: log.logger,
      submit: (_input, label) => Promise.resolve(void inputs.push(label)),
      notice: (level, cpId, text) => void notices.push(`${level} ${cpId}: ${text}`),
    });
    await gateway.start();
  });

  it('subscribes to every CP’s events, telemetry and online flag', () => {
    assert.deepEqual(bus.patterns(), ['evc/cp/+/events', 'evc/cp/+/telemetry', 'evc/cp/+/online']);
  });

  it('hands an event and telemetry to their handlers for the CP the topic names, not the one a payload might claim', async () => {
    await bus.deliver('evc/cp/CP1/events', aStateEvent('AVAILABLE'));
    await bus.deliver('evc/cp/CP2/telemetry', aTelemetry('S1', 7, 1));
    assert.deepEqual(inputs, ['state AVAILABLE from CP1', 'telemetry S1 from CP2']);
  });

  it('drops a malformed payload before any handler (the bus reports it)', async () => {
    await assert.rejects(bus.deliver('evc/cp/CP1/events', { type: 'state', state: 'MELTING' }), MalformedPayloadError);
    await assert.rejects(bus.deliver('evc/cp/CP1/events', 'not json'), MalformedPayloadError);
    assert.deepEqual(inputs, []);
  });

  it('reads the online flag as true or false (retained or live), and drops anything else with a warning', async () => {
    await bus.deliver('evc/cp/CP1/online', 'true', { retained: true });
    await bus.deliver('evc/cp/CP1/online', ' false\n');
    await bus.deliver('evc/cp/CP1/online', 'maybe');
    assert.deepEqual(inputs, ['online CP1 true', 'online CP1 false']);
    assert.deepEqual(notices, ['info CP1: CP1 Engine online on the device bus (retained)', 'warn CP1: CP1 Engine offline on the device bus']);
    assert.ok(log.lines.some((line) => line.level === 'warn' && line.msg === 'malformed online flag dropped' && line.payload === 'maybe'));
  });

  it('publishes a command on the CP’s cmd topic, and logs (never throws) when the bus refuses it', async () => {
    gateway.send('CP1', { type: 'stop', id: 'c1', ts: 1 });
    assert.deepEqual(bus.sent('evc/cp/CP1/cmd'), [{ type: 'stop', id: 'c1', ts: 1 }]);
    bus.failPublish = new Error('broker gone');
    gateway.send('CP1', { type: 'resume', id: 'c2', ts: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(log.lines.some((line) => line.msg === 'command not published' && line.err === 'broker gone' && line.type === 'resume'));
  });

  it('stop() unsubscribes: nothing reaches the handlers after it', async () => {
    await gateway.stop();
    assert.deepEqual(bus.patterns(), []);
    await bus.deliver('evc/cp/CP1/events', aStateEvent('AVAILABLE'));
    assert.deepEqual(inputs, []);
  });
});
