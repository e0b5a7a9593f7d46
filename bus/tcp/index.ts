// Framed TCP links of DESIGN §4.1 (Monitor↔Central, Monitor↔Engine).
export { FramedLink, type FramedLinkEvents, type FramedLinkOptions, type OutboundMessage } from './link.ts';
export { FramedServer, type FramedServerEvents, type FramedServerOptions, type PeerInfo } from './server.ts';
export { connectFramedLink, type ConnectFramedLinkOptions } from './connect.ts';
export { LinkError, type LinkErrorCode } from './errors.ts';
export { silentLogger, type LinkLogger } from './logger.ts';
export { realTimers, type Timers } from './timers.ts';
