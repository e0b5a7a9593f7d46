import type { DeviceHandler } from '../types.ts';

/** `telemetry {sessionId, kW, kWh}` every second while charging (DESIGN §4.4) → the driver's `progress`. */
export const telemetry: DeviceHandler<'telemetry'> = (context, cpId, message) =>
  context.submit((core) => core.deviceTelemetry(cpId, message), `telemetry ${message.sessionId} from ${cpId}`);
