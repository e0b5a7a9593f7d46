import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { lazyPackage } from '../../../base/lazy-package.ts';

const run = promisify(execFile);

/** The lazily loaded packages a fresh process holds after it ran `script`. */
async function loadedAfter(script: string): Promise<string[]> {
  const probe = `${script}; const { createRequire } = await import('node:module'); const files = Object.keys(createRequire(import.meta.url).cache); console.log(JSON.stringify(['kafkajs', 'mqtt', 'pino-pretty', 'aedes-persistence', 'prom-client'].filter((name) => files.some((file) => file.includes('/node_modules/' + name + '/')))));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: process.cwd() });
  return JSON.parse(stdout.trim()) as string[];
}

describe('base/lazy-package: packages loaded on first use', function () {
  this.timeout(30_000);

  it('hands back the package, the same module each time', () => {
    const load = lazyPackage<{ Kafka: unknown }>('kafkajs');
    assert.equal(typeof load().Kafka, 'function');
    assert.equal(load(), load());
  });

  it('Central, the bus layer, the Engine and the CLI logger load none of kafkajs, mqtt.js, pino-pretty, the broker and prom-client; each is loaded when used', async () => {
    assert.deepEqual(await loadedAfter("await import('./bus/index.ts'); await import('./central/app/index.ts'); await import('./firmware-host/engine/run-engine.ts'); (await import('./bin/cli-logger.ts')).cliLogger('probe', 'info')"), []);
    assert.deepEqual(await loadedAfter("const { KafkaBus } = await import('./bus/index.ts'); new KafkaBus('kafka://127.0.0.1:9', { clientId: 'probe' })"), ['kafkajs']);
    assert.deepEqual(await loadedAfter("const { MqttBus } = await import('./bus/index.ts'); const bus = new MqttBus('mqtt://127.0.0.1:9', { clientId: 'probe', connectTimeoutMs: 50 }); await bus.connect().catch(() => undefined); await bus.close()"), ['mqtt']);
    assert.deepEqual(await loadedAfter("(await import('./bin/cli-logger.ts')).prettyStream()"), ['pino-pretty']);
    assert.deepEqual(
      await loadedAfter("const { runCentral } = await import('./central/app/index.ts'); const { mkdtempSync, rmSync } = await import('node:fs'); const dataDir = mkdtempSync('/tmp/evc-lazy-'); const central = await runCentral({ dataDir, monitorHost: '127.0.0.1', monitorPort: 0, mqttHost: '127.0.0.1', mqttPort: 0, httpHost: '127.0.0.1', httpPort: 0 }); await central.close(); rmSync(dataDir, { recursive: true })"),
      ['aedes-persistence', 'prom-client'],
      'Central with its embedded broker and dashboard: neither mqtt.js nor kafkajs',
    );
    assert.deepEqual(await loadedAfter("const { createEmbeddedBroker } = await import('./bus/index.ts'); await (await createEmbeddedBroker({ host: '127.0.0.1', port: 0, central: { username: 'c', password: 'p' } })).close()"), ['aedes-persistence']);
  });
});
