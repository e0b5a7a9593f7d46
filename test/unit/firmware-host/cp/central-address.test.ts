import assert from 'node:assert/strict';
import { parseHostPort } from '../../../../firmware-host/cp/central-address.ts';

describe('--central address', () => {
  it('parses host:port, IPv6 in brackets, and a default port', () => {
    assert.deepEqual(parseHostPort('10.0.0.5:7070'), { host: '10.0.0.5', port: 7070 });
    assert.deepEqual(parseHostPort('[::1]:9000'), { host: '::1', port: 9000 });
    assert.deepEqual(parseHostPort('central.lab', 7070), { host: 'central.lab', port: 7070 });
  });

  it('refuses what is not HOST:PORT with an example', () => {
    for (const bad of ['', ':7070', 'host:0', 'host:99999', 'host:port', 'a:b:c']) {
      assert.throws(() => parseHostPort(bad), /not HOST:PORT.*example/, bad);
    }
  });
});
