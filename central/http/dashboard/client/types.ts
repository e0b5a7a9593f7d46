// What Central sends the page (central/http): imported as types only, so nothing of the server enters the bundle.
export type { CpView, DriverView, SessionView } from '../../../core/views.ts';
export type { PendingCpView } from '../../../core/pending.ts';
export type { CentralEventLine } from '../../../operations.ts';
export type { SseSnapshot } from '../../sse.ts';
export type { SitePoint } from '../../live-series.ts';

