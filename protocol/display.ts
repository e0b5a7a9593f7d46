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
  shape: 'check' | 'clock' | 'bolt' | 'octagon' | 'triangle' | 'unplugged';
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

/** The order the dashboard's summary counts states in: what needs attention or earns money first. */
export const STATE_DISPLAY_ORDER: readonly CpState[] = ['CHARGING', 'RESERVED', 'AVAILABLE', 'STOPPED', 'FAULTED', 'DISCONNECTED'];
