import { amountFor } from '../../../core/index.ts';
import type { DeviceHandler } from '../types.ts';

/** `telemetry {sessionId, kW, kWh}` every second while charging (DESIGN §4.4) → live figures and the driver's `progress`. */
export const telemetry: DeviceHandler<'telemetry'> = (context, cpId, message) =>
  context.submit((core) => {
    const session = core.state.session(message.sessionId);
    // Unknown, finished or not yet started (telemetry and events travel on different topics).
    if (!session || session.cpId !== cpId || session.status === 'reserved') return;
    if (message.kWh < session.kWh) return; // an older reading overtaken by a newer one
    session.kW = message.kW;
    session.kWh = message.kWh;
    const amount = amountFor(session.kWh, session.pricePerKwh);
    core.toDriver(session.driverId, { type: 'progress', sessionId: session.id, kW: session.kW, kWh: session.kWh, amount });
    core.emit({ kind: 'cp-updated', cpId });
  }, `telemetry ${message.sessionId} from ${cpId}`);
