// The broker process helpers, on ordinary processes and files (the broker itself: local.test.ts, shared.test.ts).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerAnswers, commandLineOf, freePorts, isAlive, kafkajsSasl, logTail, runFiles, stopProcess } from '../../../../bus/kafka-local/broker.ts';
import { closedPort } from '../../../helpers/brokers.ts';

describe('bus/kafka-local broker (process and file helpers)', function () {
  it('lays out the run dir: data, config files and the two logs', function () {
    assert.deepEqual(runFiles('/run/k'), {
      runDir: '/run/k',
      dataDir: join('/run/k', 'data'),
      serverProperties: join('/run/k', 'server.properties'),
      log4jProperties: join('/run/k', 'log4j2.properties'),
      serverLog: join('/run/k', 'server.log'),
      consoleLog: join('/run/k', 'console.log'),
    });
  });

  it("maps the broker's SASL mechanisms to kafkajs' names", function () {
    const login = { username: 'b', password: 'p' };
    assert.deepEqual(kafkajsSasl('PLAIN', login), { mechanism: 'plain', username: 'b', password: 'p' });
    assert.deepEqual(kafkajsSasl('SCRAM-SHA-256', login).mechanism, 'scram-sha-256');
    assert.deepEqual(kafkajsSasl('SCRAM-SHA-512', login).mechanism, 'scram-sha-512');
  });

  it('picks distinct free loopback ports', async function () {
    const ports = await freePorts(3);
    assert.equal(new Set(ports).size, 3);
    for (const port of ports) assert.ok(port > 0);
  });

  it('a closed port is no broker', async function () {
    assert.equal(await brokerAnswers(await closedPort()), false);
  });

  it("shows the last lines of the console log, then the server log, and nothing for a log that is missing or empty", async function () {
    const runDir = await mkdtemp(join(tmpdir(), 'evc-kafka-run-'));
    try {
      const files = runFiles(runDir);
      assert.equal(await logTail(files), '');
      await writeFile(files.serverLog, ['one', 'two', 'three', ''].join('\n'));
      await writeFile(files.consoleLog, '  \n');
      assert.equal(await logTail(files, 2), `--- ${files.serverLog}\ntwo\nthree`);
      await writeFile(files.consoleLog, 'Error: Could not find or load main class\n');
      assert.equal(await logTail(files, 2), `--- ${files.consoleLog}\nError: Could not find or load main class\n--- ${files.serverLog}\ntwo\nthree`);
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  });

  describe('processes', function () {
    async function child(script: string) {
      const spawned = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = once(spawned, 'exit');
      await once(spawned.stdout, 'data'); // it has set up its handlers
      return { pid: spawned.pid!, exited, process: spawned };
    }

    it('tells a running process from a gone one, and reads its command line', async function () {
      const running = await child("console.log('up'); setInterval(() => {}, 1000)");
      try {
        assert.equal(isAlive(running.pid), true);
        assert.match(commandLineOf(running.pid) ?? '', /setInterval/);
      } finally {
        running.process.kill('SIGKILL');
      }
      await running.exited;
      assert.equal(isAlive(running.pid), false);
    });

    it('stops a process with SIGTERM', async function () {
      const running = await child("console.log('up'); setInterval(() => {}, 1000)");
      await stopProcess(running.pid, { exited: running.exited });
      assert.deepEqual(await running.exited, [null, 'SIGTERM']);
    });

    it('kills one that ignores SIGTERM after the timeout', async function () {
      const stubborn = await child("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)");
      await stopProcess(stubborn.pid, { exited: stubborn.exited, timeoutMs: 200 });
      assert.deepEqual(await stubborn.exited, [null, 'SIGKILL']);
    });

    it('does nothing for a process that is already gone', async function () {
      const gone = await child("console.log('up'); setInterval(() => {}, 1000)");
      gone.process.kill('SIGKILL');
      await gone.exited;
      await stopProcess(gone.pid);
    });
  });
});
