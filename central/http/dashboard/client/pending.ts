import { PENDING_DISPLAY } from '../../../../protocol/display.ts';
import { h } from './dom.ts';
import { whenText } from './format.ts';
import { stateIcon } from './icons.ts';
import type { PendingCpView } from './types.ts';

/**
 * CPs waiting as PENDING (registration approve), as cards before the CPs: an hourglass, the
 * word and a dashed edge, not only blue-grey. Accept asks Central (admin token); the card then
 * says it waits for the CP's next hello, and goes once the CP shows as a card of its own.
 */
export class PendingCards {
  readonly #container: HTMLElement;
  readonly #accept: (cpId: string) => void;
  readonly #cards = new Map<string, HTMLElement>();

  constructor(container: HTMLElement, accept: (cpId: string) => void) {
    this.#container = container;
    this.#accept = accept;
  }

  get size(): number {
    return this.#cards.size;
  }

  /** Central's whole list; an id that is a CP already (its hello just registered it) is left out. */
  set(list: readonly PendingCpView[], isCp: (cpId: string) => boolean): void {
    for (const card of this.#cards.values()) card.remove();
    this.#cards.clear();
    const shown = list.filter((view) => !isCp(view.id));
    if (shown.length > 0) this.#container.querySelector(':scope > .empty')?.remove();
    // Waiting CPs first, in Central's order: they need the operator.
    const first = this.#container.firstElementChild;
    for (const view of shown) {
      const card = this.#card(view);
      this.#cards.set(view.id, card);
      this.#container.insertBefore(card, first);
    }
  }

  #card(view: PendingCpView): HTMLElement {
    const accepted = view.acceptedAtMs !== undefined;
    return h(
      'article',
      { class: 'card s-PENDING', 'data-cp': view.id, 'data-state': 'PENDING', 'data-accepted': accepted ? 'yes' : undefined },
      h('div', { class: 'card-head' }, h('div', { class: 'card-id' }, view.id), h('span', { class: 'pill' }, stateIcon('PENDING', 14), accepted ? 'Accepted' : PENDING_DISPLAY.label)),
      h('div', { class: 'card-loc' }, view.location || '—'),
      h(
        'div',
        { class: 'card-body' },
        h('div', { class: 'card-lead' }, accepted ? 'Accepted — waiting for its next hello' : 'New CP waiting for approval'),
        h(
          'div',
          { class: 'card-note' },
          accepted
            ? 'Its Monitor asks again on its own (up to 30 s apart); then it shows here as a CP.'
            : `Asked ${view.attempts} time${view.attempts === 1 ? '' : 's'}, first at ${whenText(view.firstSeenMs)}`,
        ),
      ),
      h(
        'div',
        { class: 'card-actions' },
        h(
          'button',
          { class: 'btn btn-primary btn-accept', type: 'button', disabled: accepted, onclick: () => this.#accept(view.id), 'aria-label': `Accept ${view.id}` },
          accepted ? 'Accepted' : 'Accept',
        ),
      ),
    );
  }
}
