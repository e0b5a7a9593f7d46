// The operator's dashboard (DESIGN §6): live CP cards with power charts, the site's power
// and energy, sessions with filters and CSV, the event feed, operator commands and CP admin.
// Bundled by central/http/dashboard/page.ts; type-checked with ./tsconfig.json.
import { PENDING_DISPLAY, STATE_DISPLAY, STATE_DISPLAY_ORDER } from '../../../../protocol/display.ts';
import { adminCommand, askToken, confirmAction, forgetToken, renderTokenButton, toast } from './api.ts';
import { CpCard } from './cards.ts';
import { SiteChart, type Series } from './charts.ts';
import { CpDetail } from './cp-detail.ts';
import { byId, h } from './dom.ts';
import { clock, fixed } from './format.ts';
import { stateIcon } from './icons.ts';
import { SessionsPanel } from './sessions.ts';
import { DriversPanel } from './drivers.ts';
import { PendingCards } from './pending.ts';
import type { CentralEventLine, CpView, PendingCpView, SitePoint, SseSnapshot } from './types.ts';

/** Power samples kept per charging CP in the page (about two minutes of telemetry). */
const KEEP_POWER = 120;
/** Site points kept (an hour at Central's 5 s). */
const KEEP_SITE = 720;

interface CpPower extends Series {
  sessionId: string | undefined;
}

const views = new Map<string, CpView>();
const cards = new Map<string, CpCard>();
const power = new Map<string, CpPower>();
const site = { t: [] as number[], kW: [] as number[], kWh: [] as number[] };
let log: CentralEventLine[] = [];
/** Browser clock minus Central's, so Central's timestamps land on this page's time axis. */
let clockShift = 0;

/** CPs waiting as PENDING (registration approve), as Central last listed them. */
let pending: PendingCpView[] = [];
let dirtyPending = false;

const dirtyCps = new Set<string>();
let dirtyOther = false;
let frameRequested = false;

const sessionsPanel = new SessionsPanel();
const driversPanel = new DriversPanel((driverId) => sessionsPanel.filterDriver(driverId));
let siteChart: SiteChart | undefined;
const pendingCards = new PendingCards(byId('cards'), (cpId) => acceptCp(cpId));

function push(list: number[], value: number, keep: number): void {
  list.push(value);
  if (list.length > keep) list.splice(0, list.length - keep);
}

function recordPower(view: CpView, atMs: number): void {
  if (view.state !== 'CHARGING' || view.kW === undefined) {
    power.delete(view.id);
    return;
  }
  let series = power.get(view.id);
  if (!series || series.sessionId !== view.sessionId) {
    series = { sessionId: view.sessionId, t: [], values: [] };
    power.set(view.id, series);
  }
  push(series.t, atMs, KEEP_POWER);
  push(series.values, view.kW, KEEP_POWER);
}

// ---- rendering, at most once per animation frame however fast events arrive ----

function schedule(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(render);
}

const byNumericId = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });

function render(): void {
  frameRequested = false;
  const container = byId('cards');
  if (dirtyPending) pendingCards.set(pending, (cpId) => views.has(cpId));
  for (const id of dirtyCps) {
    const view = views.get(id);
    const card = cards.get(id);
    if (!view) {
      card?.destroy();
      cards.delete(id);
      continue;
    }
    if (card) {
      card.update(view, power.get(id));
      continue;
    }
    const created = new CpCard(view, { stop: stopCp, resume: resumeCp, details: (cpId) => detail.open(cpId) });
    cards.set(id, created);
    const next = [...cards.keys()].filter((other) => other !== id && byNumericId(other, id) > 0).sort(byNumericId)[0];
    const before = next === undefined ? null : (cards.get(next)?.element ?? null);
    container.querySelector(':scope > .empty')?.remove();
    container.insertBefore(created.element, before);
    created.update(view, power.get(id));
  }
  if (dirtyCps.size > 0 || dirtyOther || dirtyPending) {
    if (cards.size === 0 && pendingCards.size === 0) container.replaceChildren(h('p', { class: 'empty' }, 'No charging points yet. Add one with: evc central add-cp CP1 --price 0.35 --location "Lab 1"'));
    renderSummary();
    sessionsPanel.setCpIds([...views.keys()].sort(byNumericId));
  }
  if (dirtyOther) renderFeed();
  dirtyCps.clear();
  dirtyOther = false;
  dirtyPending = false;
}

function renderSummary(): void {
  const counts = new Map<string, number>();
  let kW = 0;
  let charging = 0;
  for (const view of views.values()) {
    counts.set(view.state, (counts.get(view.state) ?? 0) + 1);
    if (view.state === 'CHARGING') {
      charging++;
      kW += view.kW ?? 0;
    }
  }
  const waiting = pendingCards.size;
  byId('counts').replaceChildren(
    ...STATE_DISPLAY_ORDER.filter((state) => counts.get(state)).map((state) =>
      h('span', { class: `count s-${state}`, title: STATE_DISPLAY[state].label }, stateIcon(state, 15), h('b', {}, String(counts.get(state))), STATE_DISPLAY[state].label),
    ),
    ...(waiting > 0 ? [h('span', { class: 'count s-PENDING', title: PENDING_DISPLAY.label }, stateIcon('PENDING', 15), h('b', {}, String(waiting)), PENDING_DISPLAY.label)] : []),
  );
  byId('total-kw').textContent = `${fixed(kW, 1)} kW`;
  byId('total-kwh').textContent = `${fixed(site.kWh.at(-1) ?? 0, 2)} kWh`;
  byId('total-charging').textContent = `${charging} / ${views.size}`;
}

function renderFeed(): void {
  const items = log
    .slice(-60)
    .reverse()
    .map((line) =>
      h(
        'li',
        { class: line.level },
        h('span', { class: 'time' }, clock(line.atMs)),
        // Most lines name their CP already; the others get it in front.
        h('span', { class: 'text' }, line.cpId && !line.text.includes(line.cpId) ? h('b', { class: 'cp' }, line.cpId) : '', line.text),
      ),
    );
  byId('feed').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'Nothing yet')]));
}

function renderSite(): void {
  const powerSeries = { t: site.t, values: site.kW };
  const energySeries = { t: site.t, values: site.kWh };
  if (siteChart) siteChart.update(powerSeries, energySeries);
  else siteChart = new SiteChart(byId('site-chart'), powerSeries, energySeries);
}

// ---- the live stream ----

function setLive(on: boolean): void {
  byId('live').className = `live ${on ? 'live-on' : 'live-off'}`;
  byId('live-text').textContent = on ? 'Live' : 'Reconnecting…';
}

function onSnapshot(snapshot: SseSnapshot): void {
  clockShift = Date.now() - snapshot.charts.nowMs;
  for (const id of views.keys()) dirtyCps.add(id);
  views.clear();
  power.clear();
  for (const view of snapshot.cps) {
    views.set(view.id, view);
    dirtyCps.add(view.id);
    const history = snapshot.charts.power[view.id];
    if (history && view.state === 'CHARGING') power.set(view.id, { sessionId: view.sessionId, t: history.t.map((t) => t + clockShift), values: [...history.kW] });
  }
  site.t = snapshot.charts.site.t.map((t) => t + clockShift);
  site.kW = [...snapshot.charts.site.kW];
  site.kWh = [...snapshot.charts.site.kWhToday];
  log = snapshot.log;
  pending = snapshot.pending;
  dirtyPending = true;
  sessionsPanel.setLive(snapshot.sessions);
  driversPanel.refreshSoon();
  dirtyOther = true;
  renderSite();
  schedule();
}

function connect(): void {
  const source = new EventSource('/events');
  source.addEventListener('open', () => setLive(true));
  source.addEventListener('error', () => {
    setLive(false);
    // A closed stream after a 401 means the viewer token is needed (again): the page asks for it.
    if (source.readyState === EventSource.CLOSED) setTimeout(() => location.reload(), 3000);
  });
  source.addEventListener('snapshot', (event) => {
    setLive(true);
    onSnapshot(JSON.parse((event as MessageEvent<string>).data) as SseSnapshot);
  });
  source.addEventListener('cp', (event) => {
    const view = JSON.parse((event as MessageEvent<string>).data) as CpView;
    const before = views.get(view.id);
    views.set(view.id, view);
    recordPower(view, Date.now());
    dirtyCps.add(view.id);
    if (!before || before.state !== view.state) {
      dirtyOther = true;
      driversPanel.refreshSoon();
    }
    if (!before) dirtyPending = true; // an accepted CP registered: its pending card goes
    detail.cpChanged(view);
    schedule();
  });
  source.addEventListener('cp-removed', (event) => {
    const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string };
    views.delete(id);
    power.delete(id);
    dirtyCps.add(id);
    dirtyOther = true;
    schedule();
  });
  source.addEventListener('pending', (event) => {
    pending = JSON.parse((event as MessageEvent<string>).data) as PendingCpView[];
    dirtyPending = true;
    schedule();
  });
  source.addEventListener('session', (event) => sessionsPanel.sessionEnded(JSON.parse((event as MessageEvent<string>).data)));
  source.addEventListener('site', (event) => {
    const point = JSON.parse((event as MessageEvent<string>).data) as SitePoint;
    push(site.t, point.t + clockShift, KEEP_SITE);
    push(site.kW, point.kW, KEEP_SITE);
    push(site.kWh, point.kWhToday, KEEP_SITE);
    renderSite();
    dirtyOther = true;
    schedule();
  });
  source.addEventListener('log', (event) => {
    log.push(JSON.parse((event as MessageEvent<string>).data) as CentralEventLine);
    if (log.length > 200) log = log.slice(-200);
    dirtyOther = true;
    schedule();
  });
}

// ---- operator commands ----

const path = (cpId: string, action: string) => `/api/cps/${encodeURIComponent(cpId)}/${action}`;

function stopCp(cpId: string): void {
  void adminCommand('POST', path(cpId, 'stop'), { done: `${cpId} stopped` });
}

function resumeCp(cpId: string): void {
  void adminCommand('POST', path(cpId, 'resume'), { done: `${cpId} resumed` });
}

function acceptCp(cpId: string): void {
  void adminCommand('POST', path(cpId, 'accept'), { done: `${cpId} accepted; it registers at its next hello` });
}

const detail = new CpDetail({ stop: stopCp, resume: resumeCp, view: (cpId) => views.get(cpId) });

byId('token-form').addEventListener('submit', () => {
  byId<HTMLDialogElement>('token-dialog').returnValue = 'save';
});
byId('token-cancel').addEventListener('click', () => byId<HTMLDialogElement>('token-dialog').close(''));
byId('token-forget').addEventListener('click', () => {
  forgetToken();
  byId<HTMLDialogElement>('token-dialog').close('');
  toast('Admin token forgotten');
});
byId('token-button').addEventListener('click', () => void askToken());
byId('stop-all').addEventListener('click', async () => {
  if (await confirmAction('Stop every charging point?', 'Any charge in progress ends now, and every CP shows Out of Order until resumed.', 'Stop all')) {
    void adminCommand('POST', '/api/cps/stop', { done: 'All charging points stopped' });
  }
});
byId('resume-all').addEventListener('click', () => void adminCommand('POST', '/api/cps/resume', { done: 'All charging points resumed' }));

// Relative times (durations, "last seen") move on without events.
setInterval(() => {
  sessionsPanel.render();
  for (const card of cards.values()) card.tick();
}, 5000);

renderTokenButton();
connect();
