import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { CentralOperations } from '../operations.ts';
import { CpNotices } from './cp-notices.ts';
import { dashboardPage } from './dashboard/page.ts';
import { requestListener } from './handler.ts';
import { CentralMetrics } from './metrics.ts';
import type { HttpDeps, Route } from './router.ts';
import { cpRoutes } from './routes/cps.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { driverRoutes } from './routes/drivers.ts';
import { eventRoutes } from './routes/events.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { SseHub } from './sse.ts';

export interface HttpServerOptions {
  /** Default `0.0.0.0`: the dashboard is meant to be opened from other machines. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  operations: CentralOperations;
  /** Enables the operator endpoints; without it they answer 403 (DESIGN §6). */
  adminToken?: string;
  /** When set, the page and every read (API GETs, /events) need it or the admin token. */
  viewerToken?: string;
  logger?: Logger;
}

export interface HttpServerHandle {
  /** Where to open the dashboard, e.g. `http://localhost:8080`. */
  url: string;
  port: number;
  /** Ends open SSE streams and stops listening. */
  close(): Promise<void>;
}

export const routes: readonly Route[] = [...dashboardRoutes, ...cpRoutes, ...driverRoutes, ...sessionRoutes, ...eventRoutes, ...metricsRoutes];

/** Central's HTTP face: dashboard, REST API, SSE and metrics (DESIGN §6). */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const logger = options.logger ?? pino({ enabled: false });
  const metrics = new CentralMetrics(options.operations);
  const sse = new SseHub(options.operations, { logger });
  const notices = new CpNotices(options.operations);
  const deps: HttpDeps = {
    operations: options.operations,
    adminToken: options.adminToken || undefined,
    viewerToken: options.viewerToken || undefined,
    metrics,
    sse,
    notices,
    logger,
  };
  // Bundled now, in the background, so the first visitor does not wait for esbuild.
  dashboardPage().catch((error: unknown) => logger.error({ err: error }, 'the dashboard page could not be built'));
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, requestListener(routes, deps));
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'malformed HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '0.0.0.0';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    sse.close();
    notices.close();
    metrics.close();
    throw error;
  }
  server.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(host)}:${port}`;
  logger.info({ url }, 'HTTP dashboard and API listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        sse.close();
        notices.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        metrics.close();
      });
      return closing;
    },
  };
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
