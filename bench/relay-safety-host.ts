// The host side of bench/relay-safety.ts: the Engine's hardware layer (board, parts, process fail-safe, relay
// watchdog when the firmware is ours) on `--board firmata:PATH`, with the relay closed as in a charge. Then it
// obeys one line on stdin: `exit` (a clean stop, as the Engine's) or `hang` (its event loop blocked for good).
import { createInterface } from 'node:readline';
import { createChargePointHardware, openBoard } from '../hardware/index.ts';
import { loadWiring } from '../wiring/index.ts';

const [path, profile = 'uno'] = process.argv.slice(2);
const wiring = loadWiring(profile);
const board = await openBoard(`firmata:${path}`, { wiring, readyTimeoutMs: 20_000 });
const hardware = createChargePointHardware(board, wiring);
if (board.relayWatchdog) {
  await board.relayWatchdog.arm({ relayPin: wiring.relay.pin as number, safeLevel: wiring.relay.activeLevel === 'high' ? 0 : 1, ledPin: wiring.leds.red as number });
}
board.on('connection-lost', () => process.stdout.write('connection-lost\n'));
hardware.relay.close();
process.stdout.write(`closed ${board.j5.io.firmware.name}\n`);
createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line === 'exit') {
    hardware.close();
    await board.close();
    process.exit(0);
  }
  if (line === 'hang') for (;;) {} // a hung Engine: never returns to the event loop
});
