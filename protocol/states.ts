/** CP states as Central sees them (DESIGN §2). */
export const CP_STATES = ['DISCONNECTED', 'AVAILABLE', 'RESERVED', 'CHARGING', 'STOPPED', 'FAULTED'] as const;
export type CpState = (typeof CP_STATES)[number];

/** States an Engine can report about itself; DISCONNECTED is only Central's judgement. */
export const ENGINE_STATES = ['AVAILABLE', 'RESERVED', 'CHARGING', 'STOPPED', 'FAULTED'] as const;
export type EngineState = (typeof ENGINE_STATES)[number];
export type PanelColour = 'grey' | 'green' | 'orange' | 'red';

/** DESIGN §2: panel colour per state (RESERVED blinks, CHARGING adds live figures). */
export const PANEL_COLOUR: Record<CpState, PanelColour> = {
  DISCONNECTED: 'grey',
  AVAILABLE: 'green',
  RESERVED: 'green',
  CHARGING: 'green',
  STOPPED: 'orange',
  FAULTED: 'red',
};

export const SESSION_END_REASONS = ['unplugged', 'fault', 'stopped', 'driver-stop', 'expired'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
