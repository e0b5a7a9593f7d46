import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbeddedBroker, MqttBus, type EmbeddedBroker } from '../../../../bus/index.ts';
import { FramedServer } from '../../../../bus/tcp/index.ts';
import { makeMessage, monitorToCentral, type Hello, type Welcome } from '../../../../protocol/index.ts';
import { freePort as freePortOn } from '../../../../demo/net.ts';

// Real processes: `evc cp` starting `evc engine` and `evc monitor`, a real broker, and a stand-in Central on TCP.
const EVC = fileURLToPath(new URL('../../../../bin/evc', import.meta.url));
const CP_ID = 'CPX9';
const SECRET = 'cpx9-secret';

/** Direct children of `pid` running `evc` (tsx may also have an esbuild helper running there). */
function evcChildrenOf(pid: number): Array<{ pid: number; args: string }> {
  const text = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
  const children = text === '' ? [] : text.split('\n').map((line) => {
    const [, childPid, args] = /^\s*(\d+)\s+(.*)$/.exec(line)!;
    return { pid: Number(childPid), args: args! };
  });
  // `bin/evc` from the sources, or `dist/bin/evc` when the parent runs the build.
  return children.filter((child) => child.args.includes(EVC) || child.args.includes(path.join(path.dirname(EVC), '..', 'dist', 'bin', 'evc')));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('evc cp (two child processes)', function () {
  this.timeout(60_000);
  let broker: EmbeddedBroker;
  let central: FramedServer<typeof monitorToCentral>;
  let hellos: Hello[];
  let helloArrived: Promise<void>;
  let cp: ChildProcess | undefined;
  let dataDir: string;
  let stderr: string;

  beforeEach(async () => {
    broker = await createEmbeddedBroker({
      host: '127.0.0.1',
      port: 0,
      central: { username: 'central', password: 'c' },
      authenticate: async (username, password) => (username === CP_ID && password === SECRET ? { kind: 'cp', id: CP_ID } : null),
    });
    hellos = [];
    let helloSeen!: () => void;
    helloArrived = new Promise((resolve) => (helloSeen = resolve));
    central = new FramedServer({ inbound: monitorToCentral, port: 0 });
    central.on('link', (link) => {
      link.on('message', (message) => {
        if (message.type !== 'hello') return;
        hellos.push(message);
        helloSeen();
        void link.send(makeMessage<Welcome>('welcome', { re: message.id, cpId: message.cpId, heartbeatMs: 1000 })).catch(() => {});
      });
    });
    await central.listen();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-cp-'));
    stderr = '';
  });

  afterEach(async () => {
    if (cp && cp.exitCode === null && cp.signalCode === null) {
      for (const child of evcChildrenOf(cp.pid!)) process.kill(child.pid, 'SIGKILL');
      cp.kill('SIGKILL');
      await once(cp, 'exit');
    }
    cp = undefined;
    await central.close();
    await broker.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts `evc cp` and resolves once the Monitor said hello and the Engine is online on the bus. */
  async function startCp(): Promise<ChildProcess> {
    const observer = new MqttBus(broker.url, { clientId: 'central.observer', username: 'central', password: 'c' });
    await observer.connect();
    const online = new Promise<void>((resolve) => {
      void observer.subscribe(`evc/cp/${CP_ID}/online`, (message) => {
        if (message.payload.toString() === 'true') resolve();
      });
    });
    const enginePort = await freePortOn('127.0.0.1');
    const child = spawn(process.execPath, [
      EVC, 'cp', '--id', CP_ID, '--central', `127.0.0.1:${central.port}`, '--bus', broker.url, '--secret', SECRET,
      '--engine-port', String(enginePort), '--sim-port', '0', '--no-menu', '--data', dataDir, '--location', 'Test bench',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    cp = child;
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`evc cp exited early with ${code}: ${stderr.slice(-2000)}`);
    });
    await Promise.race([online, exited]);
    await Promise.race([helloArrived, exited]);
    await observer.close();
    return child;
  }

  it('runs an Engine and a Monitor that reach Central, the secret never on a command line', async () => {
    const child = await startCp();
    const children = evcChildrenOf(child.pid!);
    assert.equal(children.length, 2, JSON.stringify(children));
    assert.ok(children.some((c) => c.args.includes(' engine ')) && children.some((c) => c.args.includes(' monitor ')));
    assert.ok(children.every((c) => !c.args.includes(SECRET)), 'secret passed in the environment only');
    assert.equal(hellos[0]!.cpId, CP_ID);
    assert.equal(hellos[0]!.secret, SECRET);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    for (const c of children) assert.equal(alive(c.pid), false, `${c.args} still running`);
  });

  it('restarts a killed Engine while the Monitor keeps running', async () => {
    const child = await startCp();
    const children = evcChildrenOf(child.pid!);
    const engine = children.find((c) => c.args.includes(' engine '))!;
    const monitor = children.find((c) => c.args.includes(' monitor '))!;
    const observer = new MqttBus(broker.url, { clientId: 'central.observer2', username: 'central', password: 'c' });
    await observer.connect();
    let onlineAgain!: () => void;
    const back = new Promise<void>((resolve) => (onlineAgain = resolve));
    let sawOffline = false;
    await observer.subscribe(`evc/cp/${CP_ID}/online`, (message) => {
      if (message.payload.toString() === 'false') sawOffline = true;
      else if (sawOffline) onlineAgain();
    });
    process.kill(engine.pid, 'SIGKILL');
    await back; // the new Engine is on the bus again
    await observer.close();
    const now = evcChildrenOf(child.pid!);
    assert.ok(now.some((c) => c.args.includes(' engine ') && c.pid !== engine.pid), JSON.stringify(now));
    assert.ok(alive(monitor.pid), 'the Monitor kept running');
    assert.equal(child.exitCode, null, 'evc cp keeps running');
    assert.match(stderr, /the engine was killed by SIGKILL; restarting it in/);
  });
});
