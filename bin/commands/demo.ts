import type { Command } from 'commander';
import pc from 'picocolors';
import { DEMO_DEFAULTS, parseSeconds, parseWhole, runDemo } from '../../demo/index.ts';

interface DemoFlags {
  cps: string;
  duration?: string;
  chargeS: string;
  http: string;
  mqttPort: string;
  port: string;
}

/**
 * `evc demo` (what `npm start` runs). The first Ctrl-C (or SIGTERM) stops every process
 * cleanly; a second one, a second or more later, kills them at once.
 */
async function demoCommand(flags: DemoFlags): Promise<void> {
  const options = {
    cps: parseWhole(flags.cps, '--cps', 1, 9),
    ...(flags.duration === undefined ? {} : { durationS: parseSeconds(flags.duration, '--duration') }),
    chargeS: parseSeconds(flags.chargeS, '--charge-s'),
    httpPort: parseWhole(flags.http, '--http', 1, 65_535),
    mqttPort: parseWhole(flags.mqttPort, '--mqtt-port', 1, 65_535),
    monitorPort: parseWhole(flags.port, '--port', 1, 65_535),
    colors: pc.isColorSupported && process.stdout.isTTY === true,
  };
  const stop = new AbortController();
  const exitHooks = new Set<() => void>();
  let firstSignalMs = 0;
  const onSignal = (): void => {
    if (!stop.signal.aborted) {
      firstSignalMs = Date.now();
      return stop.abort();
    }
    // Under `npm start` one Ctrl-C arrives twice (the terminal's and npm's forwarded copy).
    if (Date.now() - firstSignalMs < 1000) return;
    process.stderr.write('second Ctrl-C: killing every demo process now\n');
    for (const hook of exitHooks) hook();
    process.exit(1);
  };
  const onExit = (): void => exitHooks.forEach((hook) => hook());
  // SIGHUP: the terminal was closed; the children run in process groups of their own and
  // would not get it, so the demo stops them as for Ctrl-C.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, onSignal);
  process.on('exit', onExit);
  try {
    process.exitCode = await runDemo(options, {
      write: (text) => process.stdout.write(text),
      signal: stop.signal,
      onExit(hook) {
        exitHooks.add(hook);
        return () => exitHooks.delete(hook);
      },
    });
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', onExit);
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Central + simulated charging points + a scripted driver on this machine, until Ctrl-C (npm start)')
    .option('--cps <n>', 'how many charging points', String(DEMO_DEFAULTS.cps))
    .option('--duration <s>', 'stop after this many seconds once everything is up, exit 0 (smoke test)')
    .option('--charge-s <s>', 'how long the scripted car charges at each CP', String(DEMO_DEFAULTS.chargeS))
    .option('--http <port>', 'dashboard port, used when free (else a free one)', String(DEMO_DEFAULTS.httpPort))
    .option('--mqtt-port <port>', 'embedded MQTT broker port, used when free (else a free one)', String(DEMO_DEFAULTS.mqttPort))
    .option('--port <port>', 'Monitor TCP port, used when free (else a free one)', String(DEMO_DEFAULTS.monitorPort))
    .action((flags: DemoFlags) => demoCommand(flags));
}
