import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { removeDir, tempDataDir } from '../../central/app/central-fixture.ts';

const evc = fileURLToPath(new URL('../../../../bin/evc', import.meta.url));
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EVC_')));

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  /** Resolves with the first stdout line matching. */
  line(pattern: RegExp): Promise<string>;
  exit(): Promise<number | null>;
}

function evcProcess(args: string[]): Run {
  const child = spawn(process.execPath, [evc, ...args], { env: { ...ENV, NO_COLOR: '1', EVC_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => stdout.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr: () => stderr,
    line: async (pattern) => {
      const seen = stdout.find((line) => pattern.test(line));
      if (seen) return seen;
      const found = new Promise<string>((resolve) => {
        const onLine = (line: string): void => {
          if (!pattern.test(line)) return;
          lines.off('line', onLine);
          resolve(line);
        };
        lines.on('line', onLine);
      });
      return Promise.race([found, exited.then((code) => Promise.reject(new Error(`exited ${code} before ${pattern}: ${stderr}`)))]);
    },
    exit: () => exited,
  };
}

describe('evc central (a real process, DESIGN §6)', function () {
  this.timeout(30_000);
  let dataDir: string;
  let running: ChildProcess | undefined;

  beforeEach(async () => {
    dataDir = await tempDataDir();
  });

  afterEach(async () => {
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL');
      await once(running, 'exit');
    }
    running = undefined;
    await removeDir(dataDir);
  });

  it('prints one line per bus, the Monitor port and the dashboard; sees add-cp while running; exits 0 on SIGTERM', async () => {
    const central = evcProcess(['central', '--data', dataDir, '--port', '0', '--http', '0', '--mqtt-port', '0', '--no-panel', '--registration', 'closed']);
    running = central.child;
    assert.match(await central.line(/^● device bus: embedded MQTT broker on 0\.0\.0\.0:\d+$/), /device bus/);
    assert.match(await central.line(/^● driver bus: /), /embedded/);
    assert.match(await central.line(/^● Monitors: +tcp 0\.0\.0\.0:\d+ \(registration closed\)$/), /Monitors/);
    const dashboard = await central.line(/^● dashboard: +http:\/\//);
    const url = /(http:\/\/\S+)/.exec(dashboard)![1]!;

    const add = evcProcess(['central', 'add-cp', 'CP5', '--price', '0.3', '--location', 'Lab 5', '--data', dataDir]);
    assert.equal(await add.exit(), 0, add.stderr());
    assert.match(add.stdout.join('\n'), /secret: [A-Za-z0-9_-]{32}\n/);
    assert.match(add.stdout.join('\n'), /running Central has taken CP5 in/);
    const cps = (await (await fetch(`${url}/api/cps`)).json()) as Array<{ id: string; state: string }>;
    assert.deepEqual(cps.map((cp) => [cp.id, cp.state]), [['CP5', 'DISCONNECTED']]);

    central.child.kill('SIGTERM');
    assert.equal(await central.exit(), 0, central.stderr());
  });

  it('exits 1 with a one-line reason naming --port when the Monitor port is taken', async () => {
    const blocker = net.createServer().listen(0, '0.0.0.0');
    await once(blocker, 'listening');
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const central = evcProcess(['central', '--data', dataDir, '--port', String(port), '--http', '0', '--mqtt-port', '0', '--no-panel']);
      running = central.child;
      assert.equal(await central.exit(), 1);
      assert.match(central.stderr(), new RegExp(`error: Monitor port ${port} .*--port`));
    } finally {
      blocker.close();
    }
  });

  it('exits 2 on a bad bus URL or a bad flag value', async () => {
    const badUrl = evcProcess(['central', '--data', dataDir, '--driver-bus', 'amqp://x', '--no-panel']);
    assert.equal(await badUrl.exit(), 2);
    assert.match(badUrl.stderr(), /bad bus URL "amqp:\/\/x"/);
    const badFlag = evcProcess(['central', '--data', dataDir, '--registration', 'maybe', '--no-panel']);
    assert.equal(await badFlag.exit(), 2);
    assert.match(badFlag.stderr(), /--registration must be approve, open or closed/);
    const badRate = evcProcess(['central', '--data', dataDir, '--hello-rate', '0', '--no-panel']);
    assert.equal(await badRate.exit(), 2);
    assert.match(badRate.stderr(), /--hello-rate must be a number of hellos per second above 0, got "0"/);
  });
});
