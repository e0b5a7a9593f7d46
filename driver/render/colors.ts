import pc from 'picocolors';
import { PANEL_COLOUR, type CpState } from '../../protocol/index.ts';

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

/** The panel colour of a CP state (DESIGN §2) as a terminal colour. */
export function stateFormatter(state: CpState, colors: Colors): Formatter {
  switch (PANEL_COLOUR[state]) {
    case 'green': return colors.green;
    case 'orange': return colors.yellow;
    case 'red': return colors.red;
    case 'grey': return colors.gray;
  }
}
