import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('../fixtures/relay-child.ts', import.meta.url));

const CHILD_DEADLINE_MS = 15_000;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the child script; `onCharging` is called once it reports the relay closed. */
async function runChild(way: string, profile: string, onCharging?: (pid: number) => void): Promise<ChildResult> {
  const process_ = spawn(process.execPath, ['--import', 'tsx', child, way, profile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  process_.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    if (onCharging && text.includes('charging')) onCharging(process_.pid!);
  });
  process_.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // A child that never ends (a timer left running) is killed so the test fails instead of hanging.
  const deadline = setTimeout(() => {
    stderr += `\n(killed by the test: still running after ${CHILD_DEADLINE_MS} ms)`;
    process_.kill('SIGKILL');
  }, CHILD_DEADLINE_MS);
  const [code, signal] = (await once(process_, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(deadline);
  return { code, signal, stdout, stderr };
}

const lastRelayLine = (stdout: string): string | undefined => stdout.split('\n').filter((line) => line.startsWith('relay-pin')).at(-1);

describe('hardware/components/fail-safe (child processes on the sim board)', function () {
  this.timeout(30_000);

  it('opens an active-low relay when the Engine dies of an uncaught error', async () => {
    const result = await runChild('throw', 'nano');
    assert.match(result.stdout, /charging/);
    assert.equal(lastRelayLine(result.stdout), 'relay-pin 1 relay=open');
    assert.equal(result.code, 1, 'still crashes as an uncaught error does');
    assert.match(result.stderr, /engine bug while charging/);
  });

  it('opens an active-high relay on an unhandled rejection', async () => {
    const result = await runChild('reject', 'uno');
    assert.equal(lastRelayLine(result.stdout), 'relay-pin 0 relay=open');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unhandled rejection while charging/);
  });

  it('opens the relay on process.exit()', async () => {
    const result = await runChild('exit', 'nano');
    assert.equal(lastRelayLine(result.stdout), 'relay-pin 1 relay=open');
    assert.equal(result.code, 3);
  });

  it('opens the relay on SIGTERM and still dies of the signal', async () => {
    const result = await runChild('sigterm', 'nano', (pid) => process.kill(pid, 'SIGTERM'));
    assert.equal(lastRelayLine(result.stdout), 'relay-pin 1 relay=open');
    assert.equal(result.signal, 'SIGTERM');
  });

  it('lets the process end by itself after close(), even with a held button and a blinking LED', async () => {
    const result = await runChild('clean', 'uno');
    assert.match(result.stdout, /closed/);
    assert.equal(result.code, 0, result.stderr);
  });
});
