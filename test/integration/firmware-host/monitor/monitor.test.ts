import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Monitor, MonitorRejectedError, runMonitor, type MonitorOptions } from '../../../../firmware-host/monitor/index.ts';
import { FramedServer } from '../../../../bus/tcp/index.ts';
import { monitorToCentral, type Health } from '../../../../protocol/index.ts';
import { activeTimers, baselineTimers } from '../../bus/tcp/builders.ts';
import { FakeCentral, FakeEngine, nextMatching } from './fakes.ts';

const quick = { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 };

describe('firmware-host/monitor against a fake Central and Engine over loopback (DESIGN §4.2–4.3)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startCentral(port = 0): Promise<FakeCentral> {
    const central = await FakeCentral.start(port);
    cleanups.push(() => central.close());
    return central;
  }

  async function startEngine(port = 0): Promise<FakeEngine> {
    const engine = await FakeEngine.start(port);
    cleanups.push(() => engine.close());
    return engine;
  }

  function options(central: { port: number }, engine: { port: number }, override: Partial<MonitorOptions> = {}): MonitorOptions {
    return {
      cpId: 'CP1',
      central: { host: '127.0.0.1', port: central.port },
      engine: { host: '127.0.0.1', port: engine.port },
      secret: 's3cret',
      location: { label: 'Lab 1', lat: 38.38, lon: -0.51 },
      pricePerKwh: 0.35,
      maxPowerKw: 7.4,
      pingIntervalMs: 50,
      pongTimeoutMs: 200,
      centralBackoff: quick,
      engineBackoff: quick,
      ...override,
    };
  }

  async function run(opts: MonitorOptions): Promise<Monitor> {
    const monitor = await runMonitor(opts);
    cleanups.push(() => monitor.close());
    return monitor;
  }

  const isHealth = (engine: Health['engine']) => (health: Health) => health.engine === engine;

  it('says hello with every field, is welcomed, then sends health every heartbeat', async () => {
    const central = await startCentral();
    const engine = await startEngine();
    const hello = once(central, 'hello');
    await run(options(central, engine));
    const [message] = await hello;
    assert.deepEqual(
      { cpId: message.cpId, secret: message.secret, location: message.location, pricePerKwh: message.pricePerKwh, maxPowerKw: message.maxPowerKw },
      { cpId: 'CP1', secret: 's3cret', location: { label: 'Lab 1', lat: 38.38, lon: -0.51 }, pricePerKwh: 0.35, maxPowerKw: 7.4 },
    );
    // The heartbeat (100 ms from welcome) repeats an unchanged verdict: several ok in a row.
    let beats = 0;
    await nextMatching<Health>(central, 'health', (health) => health.engine === 'ok' && ++beats === 3);
    assert.ok(central.healths.every((health) => health.cpId === 'CP1' && health.engine === 'ok'));
  });

  it('forwards a health the Engine pushes at once, not at the next heartbeat or ping', async () => {
    const central = await startCentral();
    central.heartbeatMs = 60_000;
    const engine = await startEngine();
    const monitor = await run(options(central, engine, { pingIntervalMs: 60_000, pongTimeoutMs: 60_000 }));
    await nextMatching(central, 'health', isHealth('ok'));
    const started = performance.now();
    const arrived = nextMatching(central, 'health', isHealth('ko'));
    await engine.push('ko');
    await arrived;
    // Measured, not asserted (no timing assertions in tests): with 60 s heartbeats and pings only the push can explain it.
    console.log(`      push → Central: ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(monitor.status.engine?.engine, 'ko');
    await engine.push('ok');
    await nextMatching(central, 'health', isHealth('ok'));
  });

  it('reports the Engine unreachable when it stops answering pings, and ok when it answers again', async () => {
    const central = await startCentral();
    const engine = await startEngine();
    await run(options(central, engine));
    await nextMatching(central, 'health', isHealth('ok'));
    engine.answering = false;
    const unreachable = await nextMatching(central, 'health', isHealth('unreachable'));
    assert.equal(unreachable.detail, 'no answer from the engine for 200 ms');
    engine.answering = true;
    await nextMatching(central, 'health', isHealth('ok'));
  });

  it('reports unreachable when the Engine process is killed with SIGKILL, and reconnects to its successor', async () => {
    const central = await startCentral();
    const fixture = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));
    const spawnEngine = async (port: number) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await once(child, 'exit');
        }
      });
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      return { child, port: Number(line.toString().trim()) };
    };
    const first = await spawnEngine(0);
    const monitor = await run(options(central, first));
    await nextMatching(central, 'health', isHealth('ok'));
    first.child.kill('SIGKILL');
    const lost = await nextMatching(central, 'health', isHealth('unreachable'));
    assert.match(lost.detail ?? '', /engine link lost|no pong|connection/);
    await spawnEngine(first.port);
    await nextMatching(central, 'health', isHealth('ok'));
    assert.equal(monitor.status.engine?.engine, 'ok');
  });

  for (const code of ['BAD_SECRET', 'UNKNOWN_CP', 'BAD_REQUEST'] as const) {
    it(`stops with a clear error when Central rejects with ${code}, leaving no timer`, async () => {
      const baseline = await baselineTimers();
      const central = await startCentral();
      central.rejections = [code];
      const engine = await startEngine();
      await assert.rejects(runMonitor(options(central, engine)), (error: Error) => {
        assert.ok(error instanceof MonitorRejectedError);
        assert.equal(error.rejectCode, code);
        assert.equal(error.exitCode, 1);
        assert.match(error.message, new RegExp(`^Central at 127\\.0\\.0\\.1:\\d+ rejected CP1: ${code} \\(fake Central says ${code}\\); `));
        return true;
      });
      assert.equal(central.hellos.length, 1, 'no retry: retrying cannot fix it');
      await central.close();
      await engine.close();
      assert.equal(activeTimers(), baseline);
    });
  }

  it('names the flag to fix on BAD_SECRET', async () => {
    const central = await startCentral();
    central.rejections = ['BAD_SECRET'];
    const engine = await startEngine();
    await assert.rejects(runMonitor(options(central, engine)), /check --secret \(or EVC_SECRET\)/);
  });

  it('keeps asking with backoff while Central holds the CP as PENDING, and is welcomed once accepted', async () => {
    const central = await startCentral();
    central.rejections = ['PENDING', 'PENDING', 'PENDING'];
    const engine = await startEngine();
    const monitor = await run(options(central, engine));
    assert.equal(central.hellos.length, 4);
    assert.equal(monitor.status.central.state, 'connected');
  });

  it('retries with backoff after DUPLICATE and is welcomed once the old session is gone', async () => {
    const central = await startCentral();
    central.rejections = ['DUPLICATE', 'DUPLICATE'];
    const engine = await startEngine();
    const monitor = await run(options(central, engine));
    assert.equal(central.hellos.length, 3);
    assert.equal(monitor.status.central.state, 'connected');
  });

  it('keeps trying while Central is down and says hello again after a Central restart', async () => {
    const engine = await startEngine();
    let central = await FakeCentral.start();
    const port = central.port;
    const monitor = await run(options(central, engine));
    await nextMatching(central, 'health', isHealth('ok'));
    await central.close();
    await nextMatching(monitor, 'status', (status: Monitor['status']) => status.central.state === 'retrying');
    central = await startCentral(port);
    const [hello] = await once(central, 'hello');
    assert.equal(hello.cpId, 'CP1');
    await nextMatching(central, 'health', isHealth('ok'));
    assert.equal(monitor.status.central.state, 'connected');
  });

  it('keeps retrying while Central is down at start, and is welcomed once it comes up', async () => {
    const engine = await startEngine();
    const probe = await FakeCentral.start();
    const port = probe.port;
    await probe.close();
    const monitor = new Monitor(options({ port }, engine));
    cleanups.push(() => monitor.close());
    monitor.start();
    const retrying = await nextMatching(monitor, 'status', (status: Monitor['status']) => status.central.state === 'retrying');
    assert.match(retrying.central.detail ?? '', /connection refused/);
    const central = await startCentral(port);
    await monitor.welcomed;
    assert.equal(central.hellos.length, 1);
  });

  it('close() ends both links with EOT and leaves no timer', async () => {
    const baseline = await baselineTimers();
    const central = await FakeCentral.start();
    const engine = await FakeEngine.start();
    const monitor = await runMonitor(options(central, engine));
    await nextMatching(central, 'health', isHealth('ok'));
    const [centralSide] = [...central.server.links];
    const [engineSide] = [...engine.server.links];
    const reasons = [once(centralSide!, 'close'), once(engineSide!, 'close')];
    await monitor.close();
    assert.deepEqual(await Promise.all(reasons), [['peer sent EOT'], ['peer sent EOT']]);
    await central.close();
    await engine.close();
    assert.equal(activeTimers(), baseline);
    await monitor.done;
  });

  it('close() does not wait for a Central that never answers hello', async () => {
    const engine = await startEngine();
    const silent = new FramedServer({ inbound: monitorToCentral });
    await silent.listen();
    cleanups.push(() => silent.close());
    const monitor = new Monitor(options({ port: silent.port }, engine, { helloTimeoutMs: 60_000 }));
    const hello = once(silent, 'link');
    monitor.start();
    await hello;
    await monitor.close();
    await assert.rejects(monitor.welcomed, /stopped before Central welcomed it/);
  });

  it('an aborted signal stops a Monitor still waiting for Central', async () => {
    const engine = await startEngine();
    const probe = await FakeCentral.start();
    const port = probe.port;
    await probe.close();
    const stop = new AbortController();
    const starting = runMonitor(options({ port }, engine, { signal: stop.signal }));
    stop.abort();
    await assert.rejects(starting, /stopped before Central welcomed it/);
  });
});
