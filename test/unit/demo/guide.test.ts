import assert from 'node:assert/strict';
import pc from 'picocolors';
import { renderGuide, type DemoLayout } from '../../../demo/guide.ts';

function aLayout(override: Partial<DemoLayout> = {}): DemoLayout {
  return {
    dataDir: '/tmp/evc-demo-x',
    centralLog: '/tmp/evc-demo-x/central.log',
    dashboardUrl: 'http://localhost:8081/',
    adminToken: 'tok',
    monitorPort: 7070,
    mqttPort: 41883,
    driverId: 'DEMO',
    cps: [
      { id: 'CP1', simPort: 7201, enginePort: 7301, pricePerKwh: 0.35, powerKw: 50, location: 'Bay 1', log: '/tmp/evc-demo-x/cp1/cp.log' },
      { id: 'CP2', simPort: 7202, enginePort: 7302, pricePerKwh: 0.42, powerKw: 150, location: 'Bay 2', log: '/tmp/evc-demo-x/cp2/cp.log' },
    ],
    ...override,
  };
}

describe('demo/guide: what the demo tells a newcomer', () => {
  const plain = pc.createColors(false);

  it('gives the dashboard URL, the broker actually used and copy-paste commands with the real ports', () => {
    const text = renderGuide(aLayout(), plain);
    assert.match(text, /Dashboard {3}http:\/\/localhost:8081\//);
    assert.match(text, /MQTT {8}mqtt:\/\/127\.0\.0\.1:41883 /);
    assert.ok(text.includes('curl -X POST localhost:7201/buttons/ko/tap'));
    assert.ok(text.includes("curl -X POST -H 'authorization: Bearer tok' localhost:8081/api/cps/stop"));
    assert.ok(text.includes('node bin/evc driver --id YOU --bus mqtt://127.0.0.1:41883 charge CP2'));
    assert.ok(text.includes('curl -X POST localhost:7202/buttons/plug/tap'), 'the plug of the CP the reader charges at');
    assert.match(text, /CP2 {3}Bay 2 +150 kW +€0\.42\/kWh +buttons: http:\/\/127\.0\.0\.1:7202/);
    assert.ok(text.includes('/tmp/evc-demo-x/central.log'));
  });

  it('with one CP, points the driver example at that CP', () => {
    const text = renderGuide(aLayout({ cps: aLayout().cps.slice(0, 1) }), plain);
    assert.ok(text.includes('charge CP1'));
    assert.ok(text.includes('curl -X POST localhost:7201/buttons/plug/tap'));
  });
});
