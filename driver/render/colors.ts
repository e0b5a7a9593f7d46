import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;
export type Formatter = Colors['bold'];

/** What every renderer needs: colours (off in tests and pipes) and the zone times are shown in. */
export interface RenderContext {
  colors: Colors;
  /** IANA zone for clock times; undefined = the machine's zone. */
  timeZone?: string;
}

export function renderContext(colorsEnabled: boolean, timeZone?: string): RenderContext {
  return { colors: pc.createColors(colorsEnabled), ...(timeZone === undefined ? {} : { timeZone }) };
}
