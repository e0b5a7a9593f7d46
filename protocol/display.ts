import type { CpState, PanelColour } from './states.ts';

/**
 * How a CP state reads to people (DESIGN §2): the label, the panel colour, and the shape
 * shown beside it so the state never rests on colour alone. Shared by the terminal panel
 * and the web dashboard (which imports this file into its browser bundle: no I/O here).
 */
export interface StateDisplay {
  label: string;
  colour: PanelColour;
  /** The colour as CSS, for the dashboard and its charts. */
  css: string;
  /** A shape name the dashboard draws as an icon (central/http/dashboard/client/icons.ts). */
  shape: 'check' | 'clock' | 'bolt' | 'octagon' | 'triangle' | 'unplugged' | 'hourglass';
  /** RESERVED blinks on the panel and the board (DESIGN §2). */
  blinks: boolean;
}

export const PANEL_COLOUR_CSS: Record<PanelColour, string> = {
  grey: '#8a94a6',
  green: '#1f9d55',
  orange: '#e8730c',
  red: '#d64545',
};

export const STATE_DISPLAY: Record<CpState, StateDisplay> = {
  DISCONNECTED: { label: 'Disconnected', colour: 'grey', css: PANEL_COLOUR_CSS.grey, shape: 'unplugged', blinks: false },
  AVAILABLE: { label: 'Available', colour: 'green', css: PANEL_COLOUR_CSS.green, shape: 'check', blinks: false },
  RESERVED: { label: 'Reserved', colour: 'green', css: PANEL_COLOUR_CSS.green, shape: 'clock', blinks: true },
  CHARGING: { label: 'Charging', colour: 'green', css: PANEL_COLOUR_CSS.green, shape: 'bolt', blinks: false },
  STOPPED: { label: 'Out of Order', colour: 'orange', css: PANEL_COLOUR_CSS.orange, shape: 'octagon', blinks: false },
  FAULTED: { label: 'Faulted', colour: 'red', css: PANEL_COLOUR_CSS.red, shape: 'triangle', blinks: false },
};

/**
 * PENDING (DESIGN §2, registration approve): an unknown CP waiting for the operator. It is no
 * CP state yet (Central holds no CP for it), but both UIs show it beside the CPs: blue-grey.
 */
export const PENDING_DISPLAY = { label: 'Pending', css: '#5b7490', shape: 'hourglass' } as const satisfies Pick<StateDisplay, 'label' | 'css' | 'shape'>;

/** The order the dashboard's summary counts states in: what needs attention or earns money first. */
export const STATE_DISPLAY_ORDER: readonly CpState[] = ['CHARGING', 'RESERVED', 'AVAILABLE', 'STOPPED', 'FAULTED', 'DISCONNECTED'];

/**
 * The same palette on a terminal, as SGR parameters: ANSI where it has the colour, the
 * xterm-256 orange where it has none. The panel and the driver CLI both paint with it.
 */
export const PANEL_COLOUR_SGR: Record<PanelColour, string> = {
  grey: '90',
  green: '32',
  orange: '38;5;208',
  red: '31',
};

/** Paints text in the state's colour on a terminal; identity when colour is off (tests, pipes). */
export function stateColour(state: CpState, colorsOn: boolean): (text: string | number | null | undefined) => string {
  if (!colorsOn) return (text) => `${text}`;
  const sgr = PANEL_COLOUR_SGR[STATE_DISPLAY[state].colour];
  return (text) => `\x1b[${sgr}m${text}\x1b[39m`;
}

/** A duration given in milliseconds, e.g. an uptime: `42s`, `12m 05s`, `3h 07m`, `2d 04h`. */
export function formatDurationMs(durationMs: number): string {
  const s = Math.max(0, Math.floor(durationMs / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${two(Math.floor((s % 86_400) / 3600))}h`;
}

/** A duration given in seconds, e.g. a session's, as a clock: `m:ss` under an hour, `h:mm:ss` from an hour on. */
export function formatDurationSeconds(durationS: number): string {
  const total = Math.max(0, Math.floor(durationS));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment as a wall clock, `HH:MM:SS`, in `timeZone` (undefined: the machine's zone). The panel and the driver CLI show times this way. */
export function formatClock(epochMs: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', ...(timeZone === undefined ? {} : { timeZone }) });
    clockFormats.set(key, format);
  }
  return format.format(epochMs);
}
