import { STATE_DISPLAY } from '../../../../protocol/display.ts';
import { adminCommand, confirmAction, readJson, toast } from './api.ts';
import { byId, h } from './dom.ts';
import { ago, clock, fixed, money, whenText } from './format.ts';
import { stateIcon } from './icons.ts';
import type { CentralEventLine, CpView, SessionView } from './types.ts';

/** `GET /api/cps/:id/detail` (central/http/routes/cp-admin.ts). */
export interface CpDetailView {
  cp: CpView;
  sessions: SessionView[];
  totals: { sessions: number; kWh: number; amount: number; currency: string; faults: number };
  notices: CentralEventLine[];
}

export interface CpDetailActions {
  stop(cpId: string): void;
  resume(cpId: string): void;
  view(cpId: string): CpView | undefined;
}

/** The CP detail dialog: facts, recent sessions, energy, faults; reset its secret or remove it. */
export class CpDetail {
  readonly #dialog = byId<HTMLDialogElement>('cp-dialog');
  readonly #body = byId('cp-dialog-body');
  readonly #actions: CpDetailActions;
  #cpId: string | undefined;
  #detail: CpDetailView | undefined;
  #secret: string | undefined;

  constructor(actions: CpDetailActions) {
    this.#actions = actions;
    this.#dialog.addEventListener('close', () => {
      this.#cpId = undefined;
      this.#secret = undefined;
    });
    // A click on the backdrop (outside the dialog box) closes it, as on phones people expect.
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close();
    });
  }

  async open(cpId: string): Promise<void> {
    this.#cpId = cpId;
    this.#secret = undefined;
    this.#detail = undefined;
    this.#render();
    if (!this.#dialog.open) this.#dialog.showModal();
    await this.#load(cpId);
  }

  /** Live updates of the CP shown. */
  cpChanged(view: CpView): void {
    if (this.#detail && view.id === this.#cpId) {
      this.#detail.cp = view;
      this.#render();
    }
  }

  async #load(cpId: string): Promise<void> {
    try {
      const detail = await readJson<CpDetailView>(`/api/cps/${encodeURIComponent(cpId)}/detail`);
      if (this.#cpId !== cpId) return;
      this.#detail = detail;
      this.#render();
    } catch (error) {
      toast((error as Error).message, true);
      this.#dialog.close();
    }
  }

  #render(): void {
    const cpId = this.#cpId;
    if (cpId === undefined) return;
    const detail = this.#detail;
    const view = detail?.cp ?? this.#actions.view(cpId);
    const state = view?.state ?? 'DISCONNECTED';
    const close = h('button', { class: 'btn btn-ghost dialog-close', type: 'button', 'aria-label': 'Close', onclick: () => this.#dialog.close() }, '✕');
    const head = h(
      'div',
      { class: `detail-head s-${state}` },
      h('div', {}, h('h3', {}, cpId), h('div', { class: 'card-loc' }, view?.location ?? '')),
      h('span', { class: 'pill' }, stateIcon(state, 14), STATE_DISPLAY[state].label),
      close,
    );
    if (!detail || !view) {
      this.#body.replaceChildren(head, h('p', { class: 'empty' }, 'Loading…'));
      return;
    }
    const fact = (label: string, value: string) => h('div', { class: 'fact' }, h('span', { class: 'fact-label' }, label), h('span', { class: 'fact-value' }, value));
    const facts = h(
      'div',
      { class: 'facts' },
      fact('Price', `${money(view.pricePerKwh)}/kWh`),
      fact('Max power', view.maxPowerKw ? `${view.maxPowerKw} kW` : '—'),
      fact('Last seen', view.lastSeenMs ? ago(view.lastSeenMs) : 'never'),
      fact('Sessions', String(detail.totals.sessions)),
      fact('Energy', `${fixed(detail.totals.kWh, 2)} kWh`),
      fact('Revenue', money(detail.totals.amount, detail.totals.currency)),
    );
    const sessions = detail.sessions.length
      ? h(
          'ul',
          { class: 'detail-list' },
          ...detail.sessions.slice(0, 8).map((s) =>
            h(
              'li',
              {},
              h('span', {}, whenText(s.startedAt)),
              h('span', {}, s.driverId),
              h('span', { class: 'num' }, `${fixed(s.kWh, 2)} kWh`),
              h('span', { class: 'num' }, money(s.amount, s.currency)),
              h('span', { class: s.reason ? `reason-${s.reason}` : '' }, s.reason ?? (s.state === 'ended' ? '' : s.state)),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No sessions yet.');
    const faults = detail.notices.length
      ? h('ul', { class: 'detail-list notices' }, ...detail.notices.slice(0, 6).map((n) => h('li', { class: n.level }, h('span', {}, clock(n.atMs)), h('span', { class: 'text' }, n.text))))
      : h('p', { class: 'muted' }, `No faults or warnings since Central started${detail.totals.faults ? `; ${detail.totals.faults} session(s) ended by a fault` : ''}.`);
    const stopped = view.state === 'STOPPED';
    const actions = h(
      'div',
      { class: 'detail-actions' },
      stopped
        ? h('button', { class: 'btn btn-resume', type: 'button', onclick: () => this.#actions.resume(cpId) }, 'Resume')
        : h('button', { class: 'btn btn-stop', type: 'button', onclick: () => this.#actions.stop(cpId) }, 'Stop'),
      h('button', { class: 'btn btn-ghost', type: 'button', onclick: () => void this.#resetSecret(cpId) }, 'Reset secret'),
      h('button', { class: 'btn btn-danger', type: 'button', onclick: () => void this.#remove(cpId) }, 'Remove CP'),
    );
    const secret = this.#secret
      ? h(
          'div',
          { class: 'secret-box', role: 'status' },
          h('div', { class: 'fact-label' }, 'New secret — shown once'),
          h('code', { class: 'secret', id: 'cp-secret' }, this.#secret),
          h('div', { class: 'muted' }, `Restart the CP with: evc cp --id ${cpId} --secret <secret> --central HOST:7070`),
        )
      : null;
    this.#body.replaceChildren(
      ...[head, facts, secret].filter((node): node is HTMLDivElement => node !== null),
      h('h4', {}, 'Recent sessions'),
      sessions,
      h('h4', {}, 'Faults and warnings'),
      faults,
      h('h4', {}, `Active session${view.sessionId ? '' : ': none'}`),
      view.sessionId ? h('p', { class: 'muted' }, `${view.driverId ?? '?'} · ${fixed(view.kWh, 2)} kWh · ${money(view.amount)}`) : '',
      actions,
    );
  }

  async #resetSecret(cpId: string): Promise<void> {
    const ok = await confirmAction(`Reset ${cpId}'s secret?`, `The old secret stops working at once: ${cpId} is disconnected until it is restarted with the new one, shown here once.`, 'Reset secret');
    if (!ok) return;
    const answer = (await adminCommand('POST', `/api/cps/${encodeURIComponent(cpId)}/reset-secret`, { done: `${cpId}'s secret was reset` })) as { secret?: string } | undefined;
    if (answer?.secret && this.#cpId === cpId) {
      this.#secret = answer.secret;
      if (!this.#dialog.open) this.#dialog.showModal();
      this.#render();
    }
  }

  async #remove(cpId: string): Promise<void> {
    const ok = await confirmAction(`Remove ${cpId}?`, `Any charge at ${cpId} ends now, its link is closed and it can no longer log in. Its past sessions stay in the history.`, 'Remove CP');
    if (!ok) return;
    if (await adminCommand('DELETE', `/api/cps/${encodeURIComponent(cpId)}`, { done: `${cpId} removed` })) this.#dialog.close();
    else if (!this.#dialog.open) this.#dialog.showModal();
  }
}

