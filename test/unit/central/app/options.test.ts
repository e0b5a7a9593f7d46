import assert from 'node:assert/strict';
import { resolveOptions } from '../../../../central/app/options.ts';
import { EvcError, UsageError } from '../../../../protocol/index.ts';

describe('central/app options (DESIGN §6 evc central)', () => {
  it('fills every default the CLI documents', () => {
    const resolved = resolveOptions({});
    assert.deepEqual(
      {
        dataDir: resolved.dataDir, monitorPort: resolved.monitorPort, monitorHost: resolved.monitorHost, httpPort: resolved.httpPort,
        deviceBus: resolved.deviceBus, driverBus: resolved.driverBus, kafkaGroupId: resolved.kafkaGroupId, mqttPort: resolved.mqttPort,
        heartbeatMs: resolved.heartbeatMs, reservationMs: resolved.reservationMs, helloTimeoutMs: resolved.helloTimeoutMs,
      },
      {
        dataDir: './data', monitorPort: 7070, monitorHost: '0.0.0.0', httpPort: 8080, deviceBus: 'embedded', driverBus: 'embedded',
        kafkaGroupId: 'evc-central', mqttPort: 1883, heartbeatMs: 1000, reservationMs: 60_000, helloTimeoutMs: 10_000,
      },
    );
    assert.equal('adminToken' in resolved, false, 'an option not given stays absent');
    assert.equal(typeof resolved.logger.info, 'function');
  });

  it('keeps what it is given, the optional fields included', () => {
    const resolved = resolveOptions({ httpPort: false, registration: 'closed', adminToken: 't', maxMonitors: 5, orphanTimeoutMs: 10 });
    assert.deepEqual([resolved.httpPort, resolved.registration, resolved.adminToken, resolved.maxMonitors, resolved.orphanTimeoutMs], [false, 'closed', 't', 5, 10]);
  });

  it('refuses bad usage before anything is touched, saying what is wrong', () => {
    const refused = (options: Parameters<typeof resolveOptions>[0], message: RegExp) => assert.throws(() => resolveOptions(options), (error: unknown) => error instanceof UsageError && message.test(error.message));
    assert.throws(() => resolveOptions({ driverBus: 'ftp://nowhere' }), (error: unknown) => error instanceof EvcError && error.exitCode === 2 && /unknown scheme "ftp"/.test(error.message));
    refused({ registration: 'maybe' as 'open' }, /registration must be approve, open or closed, got "maybe"/);
    refused({ heartbeatMs: 0 }, /heartbeatMs must be above 0, got 0/);
    refused({ reservationMs: Number.NaN }, /reservationMs must be above 0/);
    refused({ maxMonitors: 0 }, /maxMonitors must be a whole number of 1 or more, got 0/);
    refused({ maxMonitors: 2.5 }, /maxMonitors/);
  });
});
