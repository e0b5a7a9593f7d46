import assert from 'node:assert/strict';
import { systemdUnit } from '../../../../firmware-host/cp/systemd-unit.ts';
import type { CpOptions } from '../../../../firmware-host/cp/run-cp.ts';

const options = (overrides: Partial<CpOptions> = {}): CpOptions => ({
  id: 'CP1', central: '192.168.1.10:7070', board: 'firmata:/dev/ttyACM0', wiring: 'uno', enginePort: '7100', powerKw: '7.4', simPort: '7101', menu: true, ...overrides,
});
const context = { node: '/usr/bin/node', evc: '/usr/lib/node_modules/evc/bin/evc', user: 'pi', stateDirectory: 'evc/CP1' };

describe('firmware-host/cp/systemd-unit (evc cp --print-systemd-unit)', () => {
  it('starts at boot, restarts after a crash only, logs to journald, runs as the user with no menu', () => {
    const unit = systemdUnit(options({ location: 'Lab 1' }), context);
    for (const line of ['Restart=on-failure', 'WantedBy=multi-user.target', 'StandardOutput=journal', 'User=pi', 'StateDirectory=evc/CP1', 'After=network-online.target']) {
      assert.ok(unit.split('\n').includes(line), line);
    }
    assert.ok(
      unit.includes('ExecStart=/usr/bin/node /usr/lib/node_modules/evc/bin/evc cp --id CP1 --central 192.168.1.10:7070 --board firmata:/dev/ttyACM0 --wiring uno --engine-port 7100 --power-kw 7.4 --location "Lab 1" --no-menu --data /var/lib/evc/CP1'),
      unit,
    );
  });

  it('never writes the secret into the unit, and quotes what systemd would expand', () => {
    const unit = systemdUnit(options({ secret: 'hunter2', location: '50% "east" $HOME', data: '/srv/evc' }), context);
    assert.ok(!unit.includes('hunter2'));
    assert.ok(unit.includes('--location "50%% \\"east\\" $$HOME"'), unit);
    assert.ok(unit.includes('--data /srv/evc') && !unit.includes('StateDirectory='));
  });

  it('names the Kafka user and CA; the Kafka password comes from a root-only environment file', () => {
    const unit = systemdUnit(options({ busCa: '/etc/evc/ca.pem', kafkaUser: 'cp1', kafkaPassword: 'kafka-pw' }), context);
    assert.ok(unit.includes('--bus-ca /etc/evc/ca.pem --kafka-user cp1 --no-menu'), unit);
    assert.ok(unit.split('\n').includes('EnvironmentFile=/etc/evc/evc-cp-CP1.env'), unit);
    assert.ok(!unit.includes('kafka-pw'));
  });
});
