import { readJson } from './api.ts';
import { byId, h } from './dom.ts';
import { whenText } from './format.ts';
import type { DriverView } from './types.ts';

/** The drivers panel: who Central knows, who charges where now; a click filters the sessions by that driver. */
export class DriversPanel {
  readonly #onPick: (driverId: string) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(onPick: (driverId: string) => void) {
    this.#onPick = onPick;
  }

  /** Reads the list again soon (drivers appear with their first request; sessions start and end). */
  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), 400);
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
        {},
        h('button', { class: 'link', type: 'button', title: `Sessions of ${driver.id}`, onclick: () => this.#onPick(driver.id) }, driver.id),
        h('span', { class: 'muted' }, `since ${whenText(driver.firstSeenMs)}`),
        driver.cpId ? h('span', { class: 'tag tag-charging' }, `at ${driver.cpId}`) : driver.blocked ? h('span', { class: 'tag' }, 'blocked') : h('span', { class: 'muted' }, 'idle'),
      ),
    );
    byId('drivers-title').textContent = `Drivers (${drivers.length})`;
    byId('drivers').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'No drivers yet')]));
  }
}
