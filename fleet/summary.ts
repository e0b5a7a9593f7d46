import { addCounters, zeroCounters, type FleetCounters } from './counters.ts';
import type { FleetOptions } from './options.ts';
import type { ShardProgress, ShardResult } from './shard.ts';
import { summarize, type LatencySummary } from './stats.ts';

/** What `evc fleet` prints at the end (and, with --json, as one JSON object). */
export interface FleetSummary {
  cps: { target: number; upAtEnd: number; allUpMs: number | null; allLiveAtCentralMs: number | null };
  windowMs: number;
  sessions: { started: number; ended: number; endsAcknowledged: number; unacknowledgedEnds: number; tickets: number };
  requests: { offered: number; sent: number; skipped: number; authorized: number; denied: number; unanswered: number; servedPerS: number };
  latencies: { authorizeMs: LatencySummary; telemetryToSseMs: LatencySummary };
  lost: { telemetry: number | null; requests: number; acks: number };
  dropped: { monitorLinks: number; busConnections: number; monitorLinksInWindow: number; busConnectionsInWindow: number };
  retries: { connect: number; helloTimeouts: number };
  koRaised: number;
  counters: FleetCounters;
}

/** Merges every shard's result (latencies from the raw samples, so percentiles are exact). */
export function summarizeFleet(results: readonly ShardResult[]): FleetSummary {
  const counters = zeroCounters();
  for (const result of results) addCounters(counters, result.counters);
  const slowest = (pick: (result: ShardResult) => number | null): number | null => {
    const values = results.map(pick);
    return values.some((value) => value === null) ? null : Math.max(...(values as number[]));
  };
  const windowMs = Math.max(...results.map((result) => result.windowMs));
  const telemetryLost = results.some((result) => result.telemetryLost === null) ? null : results.reduce((sum, result) => sum + result.telemetryLost!, 0);
  const unacknowledgedEnds = results.reduce((sum, result) => sum + result.unacknowledgedEnds, 0);
  return {
    cps: {
      target: results.reduce((sum, result) => sum + result.cpsTarget, 0),
      upAtEnd: results.reduce((sum, result) => sum + result.cpsUpAtEnd, 0),
      allUpMs: slowest((result) => result.allUpMs),
      allLiveAtCentralMs: slowest((result) => result.allLiveAtCentralMs),
    },
    windowMs,
    sessions: {
      started: counters.sessionsStarted,
      ended: counters.sessionsEnded,
      endsAcknowledged: counters.endsAcknowledged,
      unacknowledgedEnds,
      tickets: counters.ticketsReceived,
    },
    requests: {
      offered: counters.requestsOffered,
      sent: counters.requestsSent,
      skipped: counters.requestsSkipped,
      authorized: counters.authorized,
      denied: counters.denied,
      unanswered: counters.requestsUnanswered,
      servedPerS: windowMs > 0 ? Math.round((counters.authorized / windowMs) * 10_000) / 10 : 0,
    },
    latencies: {
      authorizeMs: summarize(results.flatMap((result) => result.authorizeSamplesMs)),
      telemetryToSseMs: summarize(results.flatMap((result) => result.telemetrySamplesMs)),
    },
    lost: { telemetry: telemetryLost, requests: counters.requestsUnanswered, acks: unacknowledgedEnds },
    dropped: {
      monitorLinks: counters.monitorLinksDropped,
      busConnections: counters.busDrops,
      monitorLinksInWindow: results.reduce((sum, result) => sum + result.windowDrops.monitorLinks, 0),
      busConnectionsInWindow: results.reduce((sum, result) => sum + result.windowDrops.bus, 0),
    },
    retries: { connect: counters.connectRetries, helloTimeouts: counters.helloTimeouts },
    koRaised: counters.koRaised,
    counters,
  };
}

const ms = (value: number | null): string => (value === null ? '–' : `${value} ms`);
const seconds = (value: number | null): string => (value === null ? 'never' : `${(value / 1000).toFixed(1)} s`);

/** The short human summary (STYLE: CLI output short). */
export function formatSummary(summary: FleetSummary, options: Pick<FleetOptions, 'cps' | 'drivers'>): string[] {
  const { cps, sessions, requests, latencies, lost, dropped, retries } = summary;
  return [
    `CPs up         ${cps.upAtEnd}/${cps.target} (all up after ${seconds(cps.allUpMs)}; live at Central after ${seconds(cps.allLiveAtCentralMs)}), ${options.drivers} drivers`,
    `window         ${(summary.windowMs / 1000).toFixed(1)} s`,
    `requests       ${requests.sent} sent of ${requests.offered} offered (${requests.skipped} skipped: no idle CP or free driver), ${requests.authorized} authorized (${requests.servedPerS}/s), ${requests.denied} denied, ${requests.unanswered} unanswered`,
    `sessions       ${sessions.started} started, ${sessions.ended} ended, ${sessions.endsAcknowledged} acked, ${sessions.tickets} tickets`,
    `authorize      p50 ${ms(latencies.authorizeMs.p50Ms)}, p99 ${ms(latencies.authorizeMs.p99Ms)} (${latencies.authorizeMs.count})`,
    `telemetry→SSE  p50 ${ms(latencies.telemetryToSseMs.p50Ms)}, p99 ${ms(latencies.telemetryToSseMs.p99Ms)} (${latencies.telemetryToSseMs.count})`,
    `lost           telemetry ${lost.telemetry ?? '– (no --http)'}, requests ${lost.requests}, session-end acks ${lost.acks}`,
    `dropped links  Monitor ${dropped.monitorLinks} (${dropped.monitorLinksInWindow} in the window), bus ${dropped.busConnections} (${dropped.busConnectionsInWindow} in the window)`,
    `retries        ${retries.connect} connects, ${retries.helloTimeouts} hello timeouts; KO pressed ${summary.koRaised}`,
  ];
}

/** One progress line from every shard's latest progress. */
export function formatProgress(progress: readonly ShardProgress[]): string {
  const sum = (pick: (p: ShardProgress) => number): number => progress.reduce((total, p) => total + pick(p), 0);
  const worst = (pick: (p: ShardProgress) => number | null): string => {
    const values = progress.map(pick).filter((value): value is number => value !== null);
    return values.length === 0 ? '–' : `${Math.max(...values)}`;
  };
  const live = progress.every((p) => p.liveAtCentral !== null) ? ` · live at Central ${sum((p) => p.liveAtCentral!)}` : '';
  const elapsed = Math.max(...progress.map((p) => p.elapsedMs)) / 1000;
  const phase = progress[0]?.phase ?? 'ramp';
  return (
    `${elapsed.toFixed(0).padStart(4)} s ${phase.padEnd(8)} up ${sum((p) => p.cpsUp)}/${sum((p) => p.cpsTarget)}${live}` +
    ` · charging ${sum((p) => p.charging)} · authorized ${sum((p) => p.counters.authorized)} (p99 ${worst((p) => p.authorizeP99Ms)} ms)` +
    ` · telemetry p99 ${worst((p) => p.telemetryP99Ms)} ms · dropped ${sum((p) => p.counters.monitorLinksDropped)}/${sum((p) => p.counters.busDrops)}`
  );
}
