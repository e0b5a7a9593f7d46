import assert from 'node:assert/strict';
import { cpChildren, type CpOptions } from '../../../../firmware-host/cp/run-cp.ts';

function someOptions(overrides: Partial<CpOptions> = {}): CpOptions {
  return { id: 'CP1', central: '10.0.0.5:7070', board: 'sim', wiring: 'uno', enginePort: '7100', powerKw: '7.4', simPort: '7101', menu: true, ...overrides };
}

describe('cpChildren (evc cp)', () => {
  it('starts an Engine with no --bus (it takes the one Central names) and a Monitor on the same engine port, the Monitor stopping first', () => {
    const [engine, monitor] = cpChildren(someOptions({ secret: 's3cret', price: '0.35', location: 'Lab 1' }), {}, '/usr/bin/node');
    assert.equal(engine!.command, '/usr/bin/node');
    assert.deepEqual(engine!.args.slice(1), ['engine', '--id', 'CP1', '--board', 'sim', '--wiring', 'uno', '--engine-port', '7100', '--power-kw', '7.4', '--sim-port', '7101']);
    assert.deepEqual(monitor!.args.slice(1), ['monitor', '--id', 'CP1', '--central', '10.0.0.5:7070', '--engine-port', '7100', '--power-kw', '7.4', '--price', '0.35', '--location', 'Lab 1']);
    for (const child of [engine!, monitor!]) {
      assert.equal(child.env!.EVC_SECRET, 's3cret');
      assert.ok(!child.args.includes('s3cret'));
    }
    assert.equal(engine!.stdin, 'inherit', 'the Engine has the keyboard');
    assert.ok((monitor!.stopTier ?? 0) > (engine!.stopTier ?? 0), 'the Monitor says goodbye before the Engine stops');
    assert.equal(monitor!.stdin, undefined);
    for (const child of [engine!, monitor!]) assert.deepEqual([child.output, child.ownGroup], ['inherit', false], 'on our terminal, in our process group');
  });

  it('passes --bus, --data, --no-menu and --log-level through', () => {
    const [engine, monitor] = cpChildren(someOptions({ bus: 'kafka://k:9092', data: '/var/evc', menu: false, logLevel: 'debug' }), {});
    assert.ok(engine!.args.join(' ').includes('--bus kafka://k:9092'));
    assert.ok(engine!.args.join(' ').includes('--data /var/evc --no-menu --log-level debug'));
    assert.ok(monitor!.args.join(' ').endsWith('--log-level debug'));
    assert.equal(engine!.stdin, 'ignore');
  });

  it('hands the Engine its Kafka login and bus CA in the environment, never on a command line', () => {
    const [engine] = cpChildren(someOptions({ bus: 'kafka://k:9092?sasl=scram-sha-256', busCa: '/etc/evc/ca.pem', kafkaUser: 'cp1', kafkaPassword: 'kafka-pw' }), {});
    assert.deepEqual([engine!.env!.EVC_BUS_CA, engine!.env!.EVC_KAFKA_USER, engine!.env!.EVC_KAFKA_PASSWORD], ['/etc/evc/ca.pem', 'cp1', 'kafka-pw']);
    assert.ok(!engine!.args.includes('kafka-pw'));
  });
});
