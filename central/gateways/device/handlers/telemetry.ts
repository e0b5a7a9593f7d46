import { amountFor, energyBoundKwh, flagCp, powerBoundKw } from '../../../core/index.ts';
import type { DeviceHandler } from '../types.ts';

/**
 * `telemetry {sessionId, kW, kWh}` every second while charging (DESIGN §4.4) → live figures and
 * the driver's `progress`. A reading is taken only when plausible (issue 9): energy never goes
 * down, and never beyond what the CP's maximum power could deliver in the time Central has seen
 * it charging. A refused reading is counted, flags the CP, and does not stick: the next true
 * reading is taken as usual.
 */
export const telemetry: DeviceHandler<'telemetry'> = (context, cpId, message) =>
  context.submit((core) => {
    const session = core.state.session(message.sessionId);
    // Unknown, finished or not yet started (telemetry and events travel on different topics).
    if (!session || session.cpId !== cpId || session.status === 'reserved') return;
    if (message.kWh < session.kWh) return; // an older reading overtaken by a newer one
    const cp = core.state.cp(cpId);
    const boundKwh = energyBoundKwh(cp, session, core.now(), core.options.energySlackS);
    // A power figure is checked only against a registered maximum (the 22 kW default bounds energy alone).
    if (message.kWh > boundKwh || (cp?.config.maxPowerKw !== undefined && message.kW > powerBoundKw(cp))) {
      const text = `${cpId} reported ${message.kWh} kWh at ${message.kW} kW for ${session.id}; at most ${boundKwh.toFixed(3)} kWh is possible`;
      core.reject('device', 'energy-out-of-bounds', `telemetry refused: ${text}`, { cpId, sessionId: session.id });
      if (cp) flagCp(core, cp, 'implausible energy reading');
      return;
    }
    session.kW = message.kW;
    session.kWh = message.kWh;
    const amount = amountFor(session.kWh, session.pricePerKwh);
    core.toDriver(session.driverId, { type: 'progress', sessionId: session.id, kW: session.kW, kWh: session.kWh, amount });
    core.emit({ kind: 'cp-updated', cpId });
  }, `telemetry ${message.sessionId} from ${cpId}`);
