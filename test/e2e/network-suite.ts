// The behaviour every bus setting must show end to end (DESIGN §1 course statement, §2, §4, §6),
// with every component a real process: Central, CPs (Engine + Monitor) on sim boards, drivers.
import assert from 'node:assert/strict';
import { ChargingNetwork, type BusPlan } from '../helpers/e2e-network.ts';
import type { DriverProcess, DriverRecord, Ticket } from '../helpers/e2e-driver.ts';
import { useProcesses } from '../helpers/processes.ts';

export interface NetworkSetting {
  title: string;
  /** One letter for ids: CPs and drivers get `<letter><random>-…`, unique per setting and run. */
  letter: string;
  registration: 'open' | 'closed';
  /** Resolves the buses (may start or find brokers, or skip the suite with a printed reason). */
  buses(context: Mocha.Context): Promise<BusPlan>;
  /** After the suite, with the CP ids it used: release what `buses` started, clear shared brokers. */
  release?(cpIds: string[]): Promise<void>;
}

const PRICES = [0.35, 0.42, 0.29];
const OFF = { green: false, amber: false, red: false, relay: false };

/** Amount = kWh × price (DESIGN §4.5), compared as floats. */
function assertPriced(ticket: Ticket, pricePerKwh: number): void {
  assert.equal(ticket.pricePerKwh, pricePerKwh);
  assert.ok(ticket.kWh > 0, `the ticket has energy: ${ticket.kWh} kWh`);
  assert.ok(Math.abs(ticket.amount - ticket.kWh * pricePerKwh) < 1e-9, `amount ${ticket.amount} = ${ticket.kWh} kWh × ${pricePerKwh}`);
}

/** The car is plugged in after `authorized` (the plug button held until energy flows: a progress with kWh > 0). */
async function plugInAndCharge(network: ChargingNetwork, driver: DriverProcess, cpId: string): Promise<DriverRecord> {
  const authorized = await driver.event('authorized', (record) => record.cpId === cpId);
  await network.pressUntil(cpId, 'plug', () => driver.event('progress', (record) => record.sessionId === authorized.sessionId && Number(record.kWh) > 0));
  return authorized;
}

/** Unplugs the car (the plug button held until the driver has its ticket) and returns how the driver ended. */
function unplugAndFinish(network: ChargingNetwork, driver: DriverProcess, cpId: string, sessionId: unknown): Promise<DriverRecord> {
  return network.pressUntil(cpId, 'plug', () => driver.event('ticket', (record) => record.sessionId === sessionId));
}

export function describeNetwork(setting: NetworkSetting): void {
  describe(`the charging network end to end: ${setting.title}`, function () {
    this.timeout(60_000);
    const processes = useProcesses();
    let network: ChargingNetwork;
    let driverCount = 0;
    const driverId = (): string => `${network.idPrefix}-D${++driverCount}`;

    before(async function () {
      this.timeout(300_000);
      const buses = await setting.buses(this);
      network = await processes.guard(`starting the network (${setting.title})`, () =>
        ChargingNetwork.start(processes, { idPrefix: `${setting.letter}${Math.random().toString(36).slice(2, 7)}`, buses, registration: setting.registration, prices: PRICES }),
      );
    });

    after(async () => {
      await processes.stopAll();
      if (network && !processes.dumped) await network.removeData();
      await setting.release?.(network ? network.cps.map((cp) => cp.id) : []);
    });

    it('a charge ends in a ticket whose amount is kWh × the CP price, at the driver and in GET /api/sessions', async () => {
      const cp = network.cp(0);
      const driver = await network.driver(driverId(), ['charge', cp.id]);
      const authorized = await plugInAndCharge(network, driver, cp.id);
      assert.equal((await network.outputs(cp.id)).relay, true, 'the relay is closed while charging');
      await unplugAndFinish(network, driver, cp.id, authorized.sessionId);

      const { exit, result } = await driver.finish();
      assert.equal(result.outcome, 'completed');
      assert.equal(exit.code, 0);
      const ticket = result.ticket as Ticket;
      assert.equal(ticket.reason, 'unplugged');
      assert.equal(ticket.cpId, cp.id);
      assertPriced(ticket, cp.pricePerKwh);

      const stored = (await network.sessions()).find((session) => session.id === ticket.sessionId);
      assert.ok(stored, 'Central lists the session');
      assert.equal(stored.amount, ticket.amount);
      assert.equal(stored.kWh, ticket.kWh);
      await network.waitForState(cp.id, 'AVAILABLE');
      await network.waitForOutputs(cp.id, { ...OFF, green: true });
    });

    it('KO during a charge ends it at once with reason fault: the driver is told, Central shows FAULTED, the board red with the relay open; KO again brings AVAILABLE', async () => {
      const cp = network.cp(1);
      const driver = await network.driver(driverId(), ['charge', cp.id]);
      const authorized = await plugInAndCharge(network, driver, cp.id);
      await network.pressUntil(cp.id, 'ko', () => driver.event('ticket', (record) => record.sessionId === authorized.sessionId));

      const { exit, result } = await driver.finish();
      assert.equal(result.outcome, 'ended-early');
      assert.equal(exit.code, 1, 'a charge ended by a fault is not a success for the driver');
      const ticket = result.ticket as Ticket;
      assert.equal(ticket.reason, 'fault');
      assert.equal(ticket.amount, ticket.kWh * cp.pricePerKwh, 'the energy supplied before the fault is still billed');
      await network.waitForState(cp.id, 'FAULTED');
      await network.waitForOutputs(cp.id, { ...OFF, red: true });

      // The car leaves while the CP is faulted (nothing shows it), then KO again clears the fault:
      // the plug is held until the CP shows AVAILABLE, so the Engine has seen both presses.
      await network.pressUntil(cp.id, 'plug', () =>
        network.pressUntil(cp.id, 'ko', async () => {
          await network.waitForState(cp.id, 'AVAILABLE');
          await network.waitForOutputs(cp.id, { ...OFF, green: true });
        }),
      );
    });

    it('stop-all makes every CP STOPPED and ends the running sessions with tickets (stopped); resume brings them all back to AVAILABLE', async () => {
      const charging = [network.cp(1), network.cp(2)];
      const drivers = await Promise.all(charging.map((cp) => network.driver(driverId(), ['charge', cp.id])));
      await Promise.all(charging.map((cp, index) => plugInAndCharge(network, drivers[index]!, cp.id)));

      assert.equal(await network.operator('stop', null), 401, 'stop-all needs the admin token');
      assert.equal(await network.operator('stop', 'wrong-token'), 401);
      assert.equal(await network.cpState(charging[0]!.id), 'CHARGING', 'a refused stop changes nothing');
      assert.equal(await network.operator('stop'), 200);

      for (const [index, driver] of drivers.entries()) {
        const { result } = await driver.finish();
        assert.equal(result.outcome, 'ended-early');
        const ticket = result.ticket as Ticket;
        assert.equal(ticket.reason, 'stopped');
        assert.equal(ticket.cpId, charging[index]!.id);
        assertPriced(ticket, charging[index]!.pricePerKwh);
      }
      for (const each of network.cps) {
        await network.waitForState(each.id, 'STOPPED');
        await network.waitForOutputs(each.id, { ...OFF, amber: true });
      }

      const denied = await (await network.driver(driverId(), ['charge', network.cp(0).id])).finish();
      assert.equal(denied.result.outcome, 'denied', 'a stopped CP takes no charge');
      assert.equal(denied.exit.code, 1);

      // The cars leave (nothing shows it at a stopped CP): their plugs are held until after the resume.
      for (const cp of charging) await network.press(cp.id, 'plug');
      assert.equal(await network.operator('resume'), 200);
      for (const each of network.cps) {
        await network.waitForState(each.id, 'AVAILABLE');
        await network.waitForOutputs(each.id, { ...OFF, green: true });
      }
      for (const cp of charging) await network.release(cp.id, 'plug');
    });

    it('a run file of three CPs, one unknown, serves the two known ones with the 4 s pauses and ends with a summary', async function () {
      this.timeout(120_000);
      const [first, , third] = network.cps;
      const unknown = `${network.idPrefix}-NOWHERE`;
      const file = await network.runFile('services.txt', [first!.id, unknown, third!.id]);
      const driver = await network.driver(driverId(), ['run', file]);
      for (const cp of [first!, third!]) {
        const authorized = await plugInAndCharge(network, driver, cp.id);
        await unplugAndFinish(network, driver, cp.id, authorized.sessionId); // this service completes
      }

      const { exit, result, records } = await driver.finish();
      assert.equal(exit.code, 1, 'one service of three was denied');
      assert.equal(result.outcome, 'incomplete');
      const services = result.services as Array<Record<string, unknown>>;
      assert.deepEqual(
        services.map((service) => [service.cpId, service.outcome]),
        [[first!.id, 'completed'], [unknown, 'denied'], [third!.id, 'completed']],
      );
      const tickets = records.filter((record) => record.type === 'ticket') as unknown as Ticket[];
      assert.equal(tickets.length, 2);
      assertPriced(tickets[0]!, first!.pricePerKwh);
      assertPriced(tickets[1]!, third!.pricePerKwh);
      assert.equal(services[0]!.amount, tickets[0]!.amount);
      // DESIGN §1: 4 s between services; two pauses lie between the first ticket and the third service.
      const gapMs = tickets[1]!.startedAt - tickets[0]!.endedAt;
      assert.ok(gapMs >= 8000 - 50, `two 4 s pauses between the first and the last service (gap ${gapMs} ms)`);
      await network.waitForState(third!.id, 'AVAILABLE');
    });

    it('stops cleanly: every CP ends AVAILABLE, every process exits 0 on SIGTERM and leaves none behind', async () => {
      for (const cp of network.cps) await network.waitForState(cp.id, 'AVAILABLE');
      await processes.stopAll();
      for (const child of processes.processes) {
        assert.notEqual(child.exit, undefined, `${child.name} exited`);
        assert.deepEqual(child.liveGroupMembers(), [], `${child.name} left no process`);
      }
      assert.equal(network.central.exit?.code, 0, 'Central exits 0 on SIGTERM');
      for (const cp of network.cps) assert.equal(cp.process.exit?.code, 0, `${cp.id} exits 0 on SIGTERM`);
    });
  });
}
