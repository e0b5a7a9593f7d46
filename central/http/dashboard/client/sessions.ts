import { byId, h } from './dom.ts';
import { duration, fixed, isoDay, money, whenText } from './format.ts';
import { readJson, toast } from './api.ts';
import type { SessionView } from './types.ts';

/** Reason → how it reads in the table. */
const REASON_TEXT: Record<string, string> = { unplugged: 'unplugged', fault: 'fault', stopped: 'stopped', 'driver-stop': 'driver stop', expired: 'expired' };

const COLUMNS = ['CP', 'Driver', 'Status', 'Started', 'Duration', 'kWh', 'Amount', 'Reason'] as const;

function row(session: SessionView): HTMLTableRowElement {
  const active = session.state !== 'ended';
  const cell = (label: (typeof COLUMNS)[number], content: Node | string, className = '') => h('td', { 'data-label': label, class: className }, content);
  return h(
    'tr',
    { 'data-session': session.id },
    cell('CP', h('b', {}, session.cpId)),
    cell('Driver', session.driverId),
    cell('Status', h('span', { class: `tag tag-${session.state}` }, session.state)),
    cell('Started', whenText(session.startedAt)),
    cell('Duration', duration((session.endedAt ?? Date.now()) - session.startedAt) + (active ? '…' : ''), 'num'),
    cell('kWh', fixed(session.kWh, 2), 'num'),
    cell('Amount', money(session.amount, session.currency), 'num'),
    cell('Reason', session.reason ? (REASON_TEXT[session.reason] ?? session.reason) : active ? '' : '—', session.reason ? `reason-${session.reason}` : ''),
  );
}

/** The sessions panel: the live latest sessions, or a filtered history (CP, driver, day) with a CSV link. */
export class SessionsPanel {
  #live: SessionView[] = [];
  #filtered: SessionView[] | undefined;
  readonly #cp = byId<HTMLSelectElement>('filter-cp');
  readonly #driver = byId<HTMLInputElement>('filter-driver');
  readonly #day = byId<HTMLInputElement>('filter-day');
  readonly #csv = byId<HTMLAnchorElement>('sessions-csv');
  #fetchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.#cp.addEventListener('change', () => this.#filtersChanged());
    this.#day.addEventListener('change', () => this.#filtersChanged());
    this.#driver.addEventListener('input', () => {
      clearTimeout(this.#fetchTimer);
      this.#fetchTimer = setTimeout(() => this.#filtersChanged(), 350);
    });
    byId('filter-clear').addEventListener('click', () => {
      this.#cp.value = '';
      this.#driver.value = '';
      this.#day.value = '';
      this.#filtersChanged();
    });
    this.#day.max = isoDay(new Date());
    this.#updateCsvLink();
  }

  /** Shows only this driver's sessions (the drivers panel). */
  filterDriver(driverId: string): void {
    this.#driver.value = driverId;
    this.#filtersChanged();
    byId('sessions-title').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  setLive(sessions: SessionView[]): void {
    this.#live = sessions;
    if (!this.#filtered) this.render();
  }

  /** A session ended or changed: the live list takes it; a filtered view is read again. */
  sessionEnded(session: SessionView): void {
    this.#live = [session, ...this.#live.filter((s) => s.id !== session.id)];
    if (this.#filtered) void this.#load();
    else this.render();
  }

  setCpIds(ids: string[]): void {
    const current = this.#cp.value;
    const known = [...this.#cp.options].map((option) => option.value).slice(1);
    if (known.join('\0') === ids.join('\0')) return;
    this.#cp.replaceChildren(h('option', { value: '' }, 'All CPs'), ...ids.map((id) => h('option', { value: id }, id)));
    this.#cp.value = ids.includes(current) ? current : '';
  }

  render(): void {
    const list = (this.#filtered ?? this.#live).slice(0, this.#filtered ? 200 : 20);
    const rows = list.map(row);
    const empty = h('tr', {}, h('td', { colspan: String(COLUMNS.length), class: 'empty' }, this.#filtered ? 'No sessions match these filters' : 'No sessions yet'));
    byId('sessions').replaceChildren(...(rows.length ? rows : [empty]));
    byId('sessions-title').textContent = this.#filtered ? `Sessions (${this.#filtered.length}${this.#filtered.length >= 200 ? '+' : ''})` : 'Recent sessions';
  }

  #query(): URLSearchParams {
    const query = new URLSearchParams();
    if (this.#cp.value) query.set('cp', this.#cp.value);
    if (this.#driver.value.trim()) query.set('driver', this.#driver.value.trim());
    if (this.#day.value) query.set('day', this.#day.value);
    return query;
  }

  #updateCsvLink(): void {
    const query = this.#query();
    query.set('limit', '10000');
    this.#csv.href = `/api/sessions.csv?${query}`;
  }

  #filtersChanged(): void {
    this.#updateCsvLink();
    if ([...this.#query().keys()].length === 0) {
      this.#filtered = undefined;
      this.render();
      return;
    }
    void this.#load();
  }

  async #load(): Promise<void> {
    const query = this.#query();
    query.set('limit', '200');
    try {
      this.#filtered = await readJson<SessionView[]>(`/api/sessions?${query}`);
      this.render();
    } catch (error) {
      toast((error as Error).message, true);
    }
  }
}
