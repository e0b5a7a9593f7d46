import assert from 'node:assert/strict';
import { deviceBusFromWelcome } from '../../../../firmware-host/monitor/device-bus.ts';

describe('firmware-host/monitor/device-bus: the device bus Central names in welcome (issue 12)', () => {
  it('a wildcard or loopback host is Central itself: the host the CP reached it at', () => {
    assert.equal(deviceBusFromWelcome('mqtt://0.0.0.0:1884', '192.168.1.10'), 'mqtt://192.168.1.10:1884');
    assert.equal(deviceBusFromWelcome('mqtt://127.0.0.1:1883', 'central.lab'), 'mqtt://central.lab:1883');
    assert.equal(deviceBusFromWelcome('mqtt://[::]:1883', '::1'), 'mqtt://[::1]:1883');
    assert.equal(deviceBusFromWelcome('mqtt://localhost:1883', '10.0.0.5'), 'mqtt://10.0.0.5:1883');
  });

  it('a named broker is used as Central names it; every host of a Kafka list is looked at', () => {
    assert.equal(deviceBusFromWelcome('mqtts://broker.lab:8883', '10.0.0.5'), 'mqtts://broker.lab:8883');
    assert.equal(deviceBusFromWelcome('kafka://127.0.0.1:9092,kafka2.lab:9092', '10.0.0.5'), 'kafka://10.0.0.5:9092,kafka2.lab:9092');
  });
});
