import { UsageError } from '../protocol/index.ts';

/** `evc demo` (DESIGN §6): Central, N simulated CPs and a scripted driver on the embedded broker. */
export interface DemoOptions {
  /** Charging points, 1-9. Default 3. */
  cps: number;
  /** Run this long once everything is up, then stop and resolve 0. Default: until stopped. */
  durationS?: number;
  /** How long the scripted car stays plugged in once it charges. Default 10. */
  chargeS: number;
  /** Preferred ports, used when free (else a free one is picked): DESIGN §6 defaults. */
  httpPort: number;
  mqttPort: number;
  monitorPort: number;
  /** Colours in the narrative. */
  colors: boolean;
}

export const DEMO_DEFAULTS = { cps: 3, chargeS: 10, httpPort: 8080, mqttPort: 1883, monitorPort: 7070 } as const;

/** A whole number within bounds from an option's text, or a usage error naming the option. */
export function parseWhole(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new UsageError(`${option} takes a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

/** A number of seconds above 0 (fractions allowed), or a usage error naming the option. */
export function parseSeconds(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`${option} takes a number of seconds above 0, not "${text}"`);
  return value;
}
