import assert from 'node:assert/strict';
import { MonitorRejectedError } from '../../../../firmware-host/monitor/errors.ts';
import { EvcError, type RejectCode } from '../../../../protocol/index.ts';

describe('firmware-host/monitor MonitorRejectedError', () => {
  it('names the CP, Central, the code and its reason, exits 1 and keeps the code', () => {
    const error = new MonitorRejectedError('CP1', '10.0.0.5:7070', 'UNKNOWN_CP', 'CP1 is not registered');
    assert.ok(error instanceof EvcError);
    assert.equal(error.name, 'MonitorRejectedError');
    assert.equal(error.exitCode, 1);
    assert.equal(error.code, 'UNKNOWN_CP');
    assert.equal(error.rejectCode, 'UNKNOWN_CP');
    assert.match(error.message, /^Central at 10\.0\.0\.5:7070 rejected CP1: UNKNOWN_CP \(CP1 is not registered\); register it first with `evc central add-cp CP1/);
  });

  it('says what to do next for every reject code', () => {
    const next: Record<RejectCode, RegExp> = {
      BAD_SECRET: /check --secret \(or EVC_SECRET\)/,
      UNKNOWN_CP: /--registration open/,
      DUPLICATE: /another Monitor is connected as CP1; stop it first/,
      BAD_REQUEST: /check --location, --price and --power-kw/,
      PENDING: /evc central accept CP1/,
    };
    for (const [code, hint] of Object.entries(next) as [RejectCode, RegExp][]) assert.match(new MonitorRejectedError('CP1', 'c', code, 'why').message, hint, code);
  });
});
