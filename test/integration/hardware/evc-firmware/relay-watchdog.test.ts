import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AvrSimBoard } from '../../../../hardware/avr-sim/avr-sim-board.ts';
import { createChargePointHardware } from '../../../../hardware/components/charge-point-hardware.ts';
import { RelayWatchdog } from '../../../../hardware/evc-firmware/relay-watchdog.ts';
import { encodeSelfTestHang } from '../../../../hardware/evc-firmware/watchdog-sysex.ts';
import { openBoard } from '../../../../hardware/open-board.ts';
import { PinMode } from '../../../../hardware/sim/firmata-constants.ts';
import { loadWiring } from '../../../../wiring/index.ts';

// Our firmware (firmware/build/evc-firmata.hex) on the simulated ATmega328P, its relay watchdog driven from the host.
const openEvc = async (profile: string): Promise<AvrSimBoard> => (await openBoard('avr-sim:evc', { wiring: loadWiring(profile) })) as AvrSimBoard;

describe('hardware/evc-firmware RelayWatchdog on EVCFirmata (simulated ATmega328P)', function () {
  this.timeout(90_000); // a busy host slows the simulated chip: the timing assertions use the board's own clock

  for (const profile of ['uno', 'nano']) {
    it(`${profile}: a silent host → relay to its safe level and red LED on after the 1 s timeout; reported when it returns`, async () => {
      const wiring = loadWiring(profile);
      const board = await openEvc(profile);
      const hardware = createChargePointHardware(board, wiring, { failSafe: false });
      try {
        const settings = await board.relayWatchdog!.arm({ relayPin: 8, safeLevel: wiring.relay.activeLevel === 'high' ? 0 : 1, ledPin: 7 });
        assert.equal(settings.timeoutMs, 1000);
        hardware.relay.close();
        await board.sim.waitForOutput('relay', true);
        board.relayWatchdog!.dispose(); // the host falls silent: nothing is written from here on
        const silentSinceMs = board.uno.simulatedMs;
        await board.sim.waitForOutput('relay', false, 30_000);
        const openedAfterMs = board.uno.simulatedMs - silentSinceMs;
        assert.ok(openedAfterMs >= 950 && openedAfterMs <= 1200, `relay opened ${openedAfterMs} ms (simulated) after the host fell silent`);
        await board.sim.waitForOutput('red', true, 5_000); // driven one instruction after the relay: the chip may stop between
        assert.ok(board.uno.simulatedMs - silentSinceMs <= 1200, 'the red LED came on with the relay');
        assert.equal(board.sim.pinLevel(8), wiring.relay.activeLevel === 'high' ? 0 : 1, 'driven to the safe level');

        const back = new RelayWatchdog(board.j5.io);
        const tripped = once(back, 'tripped');
        const status = await back.status(); // the host is back: its first bytes bring the report
        const [trip] = await tripped;
        assert.equal(trip.trips, 1);
        assert.equal(status.trips, 1);
        back.dispose();
      } finally {
        hardware.close();
        await board.close();
      }
    });
  }

  it('a hung firmware is reset by the AVR watchdog: the relay is released at once, the board greets the host again', async () => {
    const wiring = loadWiring('uno');
    const board = await openEvc('uno');
    const hardware = createChargePointHardware(board, wiring, { failSafe: false });
    const watchdog = board.relayWatchdog!;
    try {
      await watchdog.arm({ relayPin: 8, safeLevel: 0, ledPin: 7 });
      hardware.relay.close();
      await board.sim.waitForOutput('relay', true);
      const reset = once(watchdog, 'board-reset');
      const hungAtMs = board.uno.simulatedMs;
      board.j5.io.sysexCommand(encodeSelfTestHang()); // the firmware's self-test: its main loop stops for good
      await board.sim.waitForOutput('relay', false, 30_000);
      const releasedAfterMs = board.uno.simulatedMs - hungAtMs;
      assert.ok(releasedAfterMs < 400, `relay released ${releasedAfterMs} ms (simulated) after the hang (WDT 250 ms)`);
      assert.equal(board.sim.pins()[8]!.mode, PinMode.INPUT, 'reset state: an input, not driven');
      await reset;
      const status = await watchdog.status();
      assert.equal(status.resetCause.watchdog, true);
      assert.equal(status.state, 'disarmed', 'a reset firmware starts disarmed until the host arms it again');
    } finally {
      hardware.close();
      await board.close();
    }
  });
});
