/** Event counts one fleet process keeps; shards' counts add up. */
export interface FleetCounters {
  /** Monitor hellos that got no answer in time. */
  helloTimeouts: number;
  /** Monitor connection attempts that failed (refused, NACK, reject, timeout) and were retried. */
  connectRetries: number;
  /** Monitor links Central (or the network) closed while the CP was up: a healthy link dropped. */
  monitorLinksDropped: number;
  /** Device-bus or driver-bus connections lost while up. */
  busDrops: number;
  /** Charge requests the load schedule wanted to send. */
  requestsOffered: number;
  /** …of which none was sent: no idle CP or no free driver at that moment. */
  requestsSkipped: number;
  requestsSent: number;
  authorized: number;
  denied: number;
  /** Sent, but neither authorized nor denied within the answer timeout. */
  requestsUnanswered: number;
  sessionsStarted: number;
  sessionsEnded: number;
  /** `ack {re}` of a session-ended, from Central (DESIGN §4.4). */
  endsAcknowledged: number;
  ticketsReceived: number;
  telemetrySent: number;
  /** Telemetry whose figure showed up on Central's SSE stream. */
  telemetrySeen: number;
  koRaised: number;
}

export function zeroCounters(): FleetCounters {
  return {
    helloTimeouts: 0,
    connectRetries: 0,
    monitorLinksDropped: 0,
    busDrops: 0,
    requestsOffered: 0,
    requestsSkipped: 0,
    requestsSent: 0,
    authorized: 0,
    denied: 0,
    requestsUnanswered: 0,
    sessionsStarted: 0,
    sessionsEnded: 0,
    endsAcknowledged: 0,
    ticketsReceived: 0,
    telemetrySent: 0,
    telemetrySeen: 0,
    koRaised: 0,
  };
}

export function addCounters(into: FleetCounters, from: FleetCounters): void {
  for (const key of Object.keys(into) as (keyof FleetCounters)[]) into[key] += from[key];
}
