// One simulated CP and one simulated driver of the fleet against a real Central (embedded broker, open registration).
import { channelsFor, type Channels } from '../../../fleet/channels.ts';
import { zeroCounters, type FleetCounters } from '../../../fleet/counters.ts';
import { FleetCp } from '../../../fleet/fleet-cp.ts';
import { FleetDriver } from '../../../fleet/fleet-driver.ts';
import { fleetSecret } from '../../../fleet/secrets.ts';
import { Latencies } from '../../../fleet/stats.ts';
import { TelemetryTracker } from '../../../fleet/telemetry-tracker.ts';
import { removeDir, startCentral, tempDataDir, type TestCentral } from '../central/app/central-fixture.ts';

export interface FleetRig {
  central: TestCentral;
  counters: FleetCounters;
  telemetry: TelemetryTracker;
  authorize: Latencies;
  cp: FleetCp;
  driver: FleetDriver;
  /** Resolves at the CP's next onIdle. */
  cpIdle(): Promise<void>;
  /** Resolves at the driver's next onFree, with the CP it was about. */
  driverFree(): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function aFleetRig(options: { sessionMs?: number; answerTimeoutMs?: number } = {}): Promise<FleetRig> {
  const dataDir = await tempDataDir();
  const central = await startCentral(dataDir, { registration: 'open' });
  const counters = zeroCounters();
  const telemetry = new TelemetryTracker();
  const authorize = new Latencies();
  const channels: Channels[] = [channelsFor('cp', central.mqttUrl, 'fleet-test'), channelsFor('driver', central.mqttUrl, 'fleet-test')];
  let idle: () => void = () => undefined;
  let free: (cpId: string | undefined) => void = () => undefined;
  const cp = new FleetCp({
    cpId: 'FCP1',
    secret: fleetSecret('test-seed', 'FCP1'),
    central: { host: '127.0.0.1', port: central.handle.ports.monitor },
    channels: channels[0]!,
    counters,
    telemetry,
    telemetryHz: 20,
    sessionMs: () => options.sessionMs ?? Infinity,
    onIdle: () => idle(),
  });
  const driver = new FleetDriver({
    driverId: 'FD1',
    token: fleetSecret('test-seed', 'FD1'),
    channels: channels[1]!,
    busUrl: central.mqttUrl,
    counters,
    authorizeLatencies: authorize,
    answerTimeoutMs: options.answerTimeoutMs ?? 10_000,
    onFree: (_driver, cpId) => free(cpId),
  });
  return {
    central,
    counters,
    telemetry,
    authorize,
    cp,
    driver,
    cpIdle: () => new Promise((resolve) => (idle = resolve)),
    driverFree: () => new Promise((resolve) => (free = resolve)),
    async close() {
      await Promise.all([cp.stop(), driver.stop()]);
      await Promise.all(channels.map((channel) => channel.close()));
      await central.handle.close();
      await removeDir(dataDir);
    },
  };
}
