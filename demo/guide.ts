import type pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** What the demo runs on, for the banner and the guide. */
export interface DemoLayout {
  dataDir: string;
  centralLog: string;
  dashboardUrl: string;
  adminToken: string;
  monitorPort: number;
  mqttPort: number;
  /** The scripted driver's id. */
  driverId: string;
  cps: Array<{ id: string; simPort: number; enginePort: number; pricePerKwh: number; powerKw: number; location: string; log: string }>;
}

/** `node bin/evc` from the repository, `evc` once installed: the guide shows what works here. */
export const EVC = 'node bin/evc';

/** The lines printed once everything is up: where to look and what to try (DESIGN §1: `npm start`). */
export function renderGuide(layout: DemoLayout, c: Colors): string {
  const [first, second] = layout.cps;
  const bus = `mqtt://127.0.0.1:${layout.mqttPort}`;
  const lines = [
    '',
    c.bold(c.green('The charging network is up.')),
    '',
    `  ${c.bold('Dashboard')}   ${c.cyan(layout.dashboardUrl)}`,
    `  ${c.bold('MQTT')}        ${bus}  (Central's embedded broker: CPs and drivers talk here)`,
    `  ${c.bold('Monitors')}    tcp 127.0.0.1:${layout.monitorPort}`,
    `  ${c.bold('Data')}        ${layout.dataDir}`,
    `  ${c.bold('Logs')}        Central: ${layout.centralLog}`,
    ...layout.cps.map((cp) => `              ${cp.id}: ${cp.log}`),
    '',
    c.bold('Charging points') + c.dim(' (simulated boards; each has a control API for its buttons)'),
    ...layout.cps.map((cp) => `  ${cp.id.padEnd(5)} ${cp.location.padEnd(22)} ${`${cp.powerKw} kW`.padEnd(7)} €${cp.pricePerKwh.toFixed(2)}/kWh   buttons: http://127.0.0.1:${cp.simPort}`),
    '',
    c.bold('Things to try') + c.dim(' (in another terminal)'),
    `  ${c.dim('# press the KO button of ' + first!.id + ': its charge ends at once, the dashboard turns red; again clears it')}`,
    `  curl -X POST localhost:${first!.simPort}/buttons/ko/tap`,
    `  ${c.dim('# what the board shows (LEDs and relay, read from its pins)')}`,
    `  curl localhost:${first!.simPort}/outputs`,
    `  ${c.dim('# stop every CP ("Out of Order"), then bring them back')}`,
    `  curl -X POST -H 'authorization: Bearer ${layout.adminToken}' localhost:${portOf(layout.dashboardUrl)}/api/cps/stop`,
    `  curl -X POST -H 'authorization: Bearer ${layout.adminToken}' localhost:${portOf(layout.dashboardUrl)}/api/cps/resume`,
    `  ${c.dim('# be a driver yourself: list the CPs, charge at one, then plug the car in (and tap again to unplug)')}`,
    `  ${EVC} driver --id YOU --bus ${bus} list`,
    `  ${EVC} driver --id YOU --bus ${bus} charge ${(second ?? first)!.id}`,
    `  curl -X POST localhost:${(second ?? first)!.simPort}/buttons/plug/tap`,
    '',
    c.dim(`The demo's own driver (${layout.driverId}) charges at each CP in turn; a CP that is busy, faulted or stopped is skipped.`),
    c.dim('Press Ctrl-C to stop every process.'),
    '',
  ];
  return lines.join('\n');
}

function portOf(url: string): string {
  return new URL(url).port || '80';
}
