// Framed TCP links of DESIGN §4.1 (Monitor↔Central, Monitor↔Engine).
export { FramedLink } from './link.ts';
export { FramedServer, type FramedServerOptions, type PeerInfo } from './server.ts';
export { connectFramedLink } from './connect.ts';
export { LinkError } from './errors.ts';
export { realTimers, type Timers } from './timers.ts';
