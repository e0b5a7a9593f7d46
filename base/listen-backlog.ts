/**
 * The accept queue of Central's listeners (Monitor port, embedded broker). Node's default is
 * 511: a fleet reconnecting at once (1,000 links/s, issue 11) overflowed it while the event
 * loop was busy, and each dropped handshake came back only after TCP's retransmit backoff —
 * CPs stalled for up to a minute (`nstat` ListenOverflows). The kernel caps it at
 * net.core.somaxconn (4096 on current Linux).
 */
export const LISTEN_BACKLOG = 4096;
