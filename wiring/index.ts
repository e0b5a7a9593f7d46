export { loadWiring, parseWiring, knownWiringProfiles } from './load-wiring.ts';
export { WiringProfileSchema, PinIdSchema } from './schema.ts';
export type { WiringProfile, PinId, Level, ButtonName, LedColour } from './schema.ts';
