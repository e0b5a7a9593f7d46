import type { Writable } from 'node:stream';
import pc from 'picocolors';
import type { DeviceEvent, EngineState } from '../../protocol/index.ts';
import type { DeviceClient } from './device-client.ts';
import type { Engine } from './engine.ts';

const COLOUR: Record<EngineState, (text: string) => string> = {
  AVAILABLE: pc.green,
  RESERVED: pc.green,
  CHARGING: (text) => pc.bold(pc.green(text)),
  STOPPED: pc.yellow,
  FAULTED: pc.red,
};

/** One short coloured line per thing a person at the CP cares about (DESIGN §6: CLI output short). */
export function attachConsoleReport(cpId: string, engine: Engine, device: DeviceClient, output: Writable): () => void {
  const say = (text: string): void => void output.write(`${pc.dim(cpId)} ${text}\n`);
  const onEvent = (event: DeviceEvent): void => {
    if (event.type === 'state') say(COLOUR[event.state](event.state) + (event.sessionId ? pc.dim(` session ${event.sessionId}`) : ''));
    else if (event.type === 'session-started') say(`session ${event.sessionId} started for driver ${event.driverId}`);
    else if (event.type === 'session-ended') say(`session ${event.sessionId} ended (${event.reason}): ${event.kWh.toFixed(3)} kWh in ${Math.round(event.durationS)} s`);
  };
  const onHealth = (value: 'ok' | 'ko'): void => say(value === 'ko' ? pc.red('KO: fault raised') : pc.green('fault cleared'));
  const onOnline = (): void => say(pc.dim('device bus online'));
  engine.on('event', onEvent);
  engine.on('health', onHealth);
  device.on('online', onOnline);
  return () => {
    engine.off('event', onEvent);
    engine.off('health', onHealth);
    device.off('online', onOnline);
  };
}
