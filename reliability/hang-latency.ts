// How long from an Engine hang (SIGSTOP) until Central shows the CP FAULTED (issue #10:
// within 1.5 s). Real processes on the embedded broker; polls GET /api/cps every 20 ms, so a
// figure is at most 20 ms late. `node --import tsx reliability/hang-latency.ts [--runs N]`
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { ChargingNetwork, uniquePrefix } from '../test/helpers/e2e-network.ts';
import { ProcessSet } from '../test/helpers/processes.ts';
import { waitForCpChild } from './faults.ts';

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 10;
const processes = new ProcessSet();
const network = await ChargingNetwork.start(processes, {
  idPrefix: uniquePrefix('H'),
  buses: { deviceBus: 'embedded', driverBus: 'embedded', engineBus: 'embedded', driverBusForDrivers: 'embedded' },
  registration: 'open',
  prices: [0.4],
});
const cp = network.cp(0);
const samples: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    await network.waitForState(cp.id, 'AVAILABLE');
    await delay(Math.random() * 1000); // a random phase against the ping period
    const engine = await waitForCpChild(cp.process.pid!, 'engine');
    const stoppedAt = performance.now();
    process.kill(engine, 'SIGSTOP');
    while ((await network.cpState(cp.id)) !== 'FAULTED') await delay(20);
    samples.push(performance.now() - stoppedAt);
    process.kill(engine, 'SIGCONT');
  }
} finally {
  await processes.stopAll();
  await network.removeData();
}
samples.sort((a, b) => a - b);
const ms = (value: number): string => `${Math.round(value)} ms`;
console.log(`hang → FAULTED over ${runs} hangs: min ${ms(samples[0]!)}, median ${ms(samples[Math.floor(samples.length / 2)]!)}, max ${ms(samples.at(-1)!)}; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
