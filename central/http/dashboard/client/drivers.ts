import { adminCommand, confirmAction, readJson } from './api.ts';
import { byId, h } from './dom.ts';
import { whenText } from './format.ts';
import type { DriverView } from './types.ts';

const ID_RULE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The drivers panel: who Central knows, who charges where now (a click filters the sessions
 * by that driver), and the admin token's actions: add a driver (its token shown here once)
 * and revoke one (after a confirmation). A refusal is shown in the panel; nothing changes.
 */
export class DriversPanel {
  readonly #onPick: (driverId: string) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(onPick: (driverId: string) => void) {
    this.#onPick = onPick;
    byId('driver-add').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#add();
    });
  }

  /** Reads the list again soon (drivers appear with their first request; sessions start and end). */
  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), 400);
  }

  async #add(): Promise<void> {
    const input = byId<HTMLInputElement>('driver-id');
    const driverId = input.value.trim();
    this.#showError(undefined);
    if (!ID_RULE.test(driverId)) return this.#showError('A driver id is 1-64 letters, digits, _ or -.');
    const answer = (await adminCommand('POST', '/api/drivers', { body: { driverId }, done: `${driverId} added`, onError: (message) => this.#showError(message) })) as
      | { token?: string }
      | undefined;
    if (!answer?.token) return;
    input.value = '';
    this.#showToken(driverId, answer.token);
    await this.#load();
  }

  async #revoke(driverId: string): Promise<void> {
    this.#showError(undefined);
    const sure = await confirmAction(
      `Revoke ${driverId}'s token?`,
      `${driverId} can no longer log in or send requests; a session it has must end first. Adding ${driverId} again gives it a new token.`,
      'Revoke',
    );
    if (!sure) return;
    const done = await adminCommand('DELETE', `/api/drivers/${encodeURIComponent(driverId)}`, { done: `${driverId}'s token revoked`, onError: (message) => this.#showError(message) });
    if (done) await this.#load();
  }

  #showError(message: string | undefined): void {
    const node = byId('driver-error');
    node.textContent = message ?? '';
    node.hidden = message === undefined;
  }

  /** The token, once: Central keeps only a key derived from it. */
  #showToken(driverId: string, token: string): void {
    const box = byId('driver-token');
    const code = h('code', { class: 'secret', id: 'driver-token-value' }, token);
    const copy = h('button', { class: 'btn btn-ghost btn-small', type: 'button' }, 'Copy');
    copy.addEventListener('click', () => {
      getSelection()?.selectAllChildren(code);
      // The clipboard API needs a secure context (https or localhost); elsewhere the token stays selected for Ctrl+C.
      void navigator.clipboard?.writeText(token).then(
        () => (copy.textContent = 'Copied'),
        () => (copy.textContent = 'Selected: Ctrl+C'),
      );
    });
    const hide = h('button', { class: 'btn btn-ghost btn-small', type: 'button', onclick: () => void box.replaceChildren() }, 'Done');
    box.replaceChildren(
      h(
        'div',
        { class: 'secret-box', role: 'status' },
        h('div', { class: 'fact-label' }, `Token for ${driverId} — shown once`),
        code,
        h('div', { class: 'muted' }, `Copy it now and give it to the driver: evc driver --id ${driverId} --token <token> … Central keeps only a key derived from it.`),
        h('div', { class: 'secret-actions' }, copy, hide),
      ),
    );
    box.hidden = false;
  }

  async #load(): Promise<void> {
    let drivers: DriverView[];
    try {
      drivers = await readJson<DriverView[]>('/api/drivers');
    } catch {
      return; // the next change retries
    }
    const items = drivers.map((driver) =>
      h(
        'li',
        { 'data-driver': driver.id, class: driver.blocked ? 'revoked' : undefined },
        h('button', { class: 'link', type: 'button', title: `Sessions of ${driver.id}`, onclick: () => this.#onPick(driver.id) }, driver.id),
        h('span', { class: 'muted since' }, `since ${whenText(driver.firstSeenMs)}`),
        status(driver),
        h(
          'button',
          { class: 'btn btn-ghost btn-small btn-revoke', type: 'button', disabled: driver.blocked, 'aria-label': `Revoke ${driver.id}`, onclick: () => void this.#revoke(driver.id) },
          'Revoke',
        ),
      ),
    );
    byId('drivers-title').textContent = `Drivers (${drivers.length})`;
    byId('drivers').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'No drivers yet')]));
  }
}

function status(driver: DriverView): HTMLElement {
  if (driver.cpId) return h('span', { class: 'tag tag-charging' }, `at ${driver.cpId}`);
  if (driver.blocked) return h('span', { class: 'tag tag-revoked' }, 'revoked');
  if (driver.provisioned === false) return h('span', { class: 'tag' }, 'no token');
  return h('span', { class: 'muted' }, 'idle');
}
