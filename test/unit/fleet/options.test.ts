import assert from 'node:assert/strict';
import { cpIdOf, driverIdOf, FLEET_DEFAULTS, resolveFleetOptions } from '../../../fleet/options.ts';
import { UsageError } from '../../../protocol/index.ts';

describe('fleet/options (DESIGN §6 evc fleet)', () => {
  it('takes the defaults; the driver bus is the device bus unless given', () => {
    const options = resolveFleetOptions({});
    assert.equal(options.cps, FLEET_DEFAULTS.cps);
    assert.equal(options.driverBus, FLEET_DEFAULTS.deviceBus);
    assert.equal(resolveFleetOptions({ deviceBus: 'mqtt://a:1', driverBus: 'kafka://b:9092' }).driverBus, 'kafka://b:9092');
  });

  it('sizes the drivers: one per charging CP, plus what the request rate keeps busy', () => {
    assert.equal(resolveFleetOptions({ cps: 10, chargingShare: 0.25 }).drivers, 3);
    assert.equal(resolveFleetOptions({ cps: 10, requestRate: 2, sessionS: 3 }).drivers, 2 * 5 + 10);
    assert.equal(resolveFleetOptions({ cps: 10, drivers: 7 }).drivers, 7);
  });

  it('refuses what cannot run, naming the flag', () => {
    const refused = (input: Parameters<typeof resolveFleetOptions>[0], message: RegExp) =>
      assert.throws(() => resolveFleetOptions(input), (error: unknown) => error instanceof UsageError && message.test(error.message));
    refused({ cps: 0 }, /--cps must be a whole number of 1 or more, got 0/);
    refused({ chargingShare: 1.5 }, /--charging must be between 0 and 1/);
    refused({ telemetryHz: 51 }, /--telemetry-hz must be above 0 and at most 50/);
    refused({ requestRate: -1 }, /--request-rate must be 0 or more/);
    refused({ rampPerS: 0 }, /--ramp must be above 0/);
    refused({ sessionS: 0 }, /--session-s must be above 0/);
    refused({ prefix: 'a/b' }, /--prefix must be 1-20 letters/);
    refused({ processes: 17 }, /--processes must be 1-16/);
    refused({ cps: 10, chargingShare: 1, drivers: 5 }, /--drivers 5 is fewer than the 10 charging CPs/);
  });

  it('numbers CPs and drivers from 1 under the prefix', () => {
    assert.equal(cpIdOf({ prefix: 'F' }, 0), 'FCP1');
    assert.equal(driverIdOf({ prefix: 'X' }, 41), 'XD42');
  });
});
