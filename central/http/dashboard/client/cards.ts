import { STATE_DISPLAY } from '../../../../protocol/display.ts';
import { PowerSpark, type Series } from './charts.ts';
import { h } from './dom.ts';
import { ago, fixed, money } from './format.ts';
import { stateIcon } from './icons.ts';
import type { CpView } from './types.ts';

export interface CardActions {
  stop(cpId: string): void;
  resume(cpId: string): void;
  details(cpId: string): void;
}

const priceLine = (cp: CpView): string => `${money(cp.pricePerKwh)}/kWh${cp.maxPowerKw ? ` · up to ${cp.maxPowerKw} kW` : ''}`;

const figure = (value: string, unit: string, name: string) =>
  h('div', { class: 'figure' }, h('span', { class: 'figure-value', 'data-figure': name }, value), h('span', { class: 'figure-unit' }, unit));

/**
 * One CP's card. It is built once and updated in place, so its power chart survives the
 * once-a-second telemetry; the chart exists only while the CP is charging.
 */
export class CpCard {
  readonly element: HTMLElement;
  readonly #actions: CardActions;
  readonly #pill: HTMLElement;
  readonly #location: HTMLElement;
  readonly #body: HTMLElement;
  readonly #chartBox: HTMLElement;
  readonly #stop: HTMLButtonElement;
  readonly #resume: HTMLButtonElement;
  #view: CpView;
  #spark: PowerSpark | undefined;

  constructor(view: CpView, actions: CardActions) {
    this.#view = view;
    this.#actions = actions;
    this.#pill = h('span', { class: 'pill' });
    this.#location = h('div', { class: 'card-loc' });
    this.#body = h('div', { class: 'card-body' });
    this.#chartBox = h('div', { class: 'card-chart', 'aria-label': `${view.id} power, last minutes` });
    this.#stop = h('button', { class: 'btn btn-stop', type: 'button', onclick: () => this.#actions.stop(this.#view.id) }, 'Stop');
    this.#resume = h('button', { class: 'btn btn-ghost', type: 'button', onclick: () => this.#actions.resume(this.#view.id) }, 'Resume');
    const details = h('button', { class: 'btn btn-ghost btn-details', type: 'button', onclick: () => this.#actions.details(this.#view.id), 'aria-label': `Details of ${view.id}` }, 'Details');
    this.element = h(
      'article',
      { class: 'card', 'data-cp': view.id },
      h('div', { class: 'card-head' }, h('div', { class: 'card-id' }, view.id), this.#pill),
      this.#location,
      this.#body,
      this.#chartBox,
      h('div', { class: 'card-actions' }, this.#stop, this.#resume, details),
    );
    this.update(view, undefined);
  }

  get view(): CpView {
    return this.#view;
  }

  update(view: CpView, power: Series | undefined): void {
    const before = this.#view;
    this.#view = view;
    const display = STATE_DISPLAY[view.state];
    this.element.className = `card s-${view.state}`;
    this.element.dataset.state = view.state;
    this.#pill.replaceChildren(stateIcon(view.state, 14), display?.label ?? view.state);
    this.#location.textContent = view.location || '—';
    const stopped = view.state === 'STOPPED';
    this.#stop.disabled = stopped;
    this.#resume.disabled = !stopped;
    this.#resume.className = `btn ${stopped ? 'btn-resume' : 'btn-ghost'}`;
    if (view.state === 'CHARGING' && before.state === 'CHARGING' && before.sessionId === view.sessionId && this.#body.dataset.session === view.sessionId) {
      this.#setFigure('kW', fixed(view.kW, 1));
      this.#setFigure('kWh', fixed(view.kWh, 2));
      this.#setFigure('amount', money(view.amount));
    } else {
      this.#body.dataset.session = view.sessionId ?? '';
      this.#body.replaceChildren(...this.#bodyFor(view));
    }
    this.#updateChart(view, power);
  }

  /** Re-draws relative times ("last seen 2m ago"). */
  tick(): void {
    if (this.#view.state === 'DISCONNECTED') this.#body.replaceChildren(...this.#bodyFor(this.#view));
  }

  destroy(): void {
    this.#spark?.destroy();
    this.element.remove();
  }

  #setFigure(name: string, text: string): void {
    const node = this.#body.querySelector(`[data-figure="${name}"]`);
    if (node) node.textContent = text;
  }

  #updateChart(view: CpView, power: Series | undefined): void {
    if (view.state === 'CHARGING' && power) {
      this.#chartBox.hidden = false;
      if (this.#spark) this.#spark.update(power);
      else this.#spark = new PowerSpark(this.#chartBox, power);
    } else if (this.#spark) {
      this.#spark.destroy();
      this.#spark = undefined;
      this.#chartBox.hidden = true;
    } else {
      this.#chartBox.hidden = true;
    }
  }

  #bodyFor(cp: CpView): Node[] {
    switch (cp.state) {
      case 'CHARGING':
        return [
          h('div', { class: 'card-driver' }, 'Driver ', h('b', {}, cp.driverId ?? '?'), h('span', { class: 'card-price' }, ` · ${priceLine(cp)}`)),
          h('div', { class: 'figures' }, figure(fixed(cp.kW, 1), 'kW', 'kW'), figure(fixed(cp.kWh, 2), 'kWh', 'kWh'), figure(money(cp.amount), 'so far', 'amount')),
        ];
      case 'RESERVED':
        return [h('div', { class: 'card-driver' }, 'Reserved for ', h('b', {}, cp.driverId ?? '?')), h('div', { class: 'card-note' }, 'Waiting for the car to plug in')];
      case 'AVAILABLE':
        return [h('div', { class: 'card-lead' }, 'Ready to charge'), h('div', { class: 'card-note' }, priceLine(cp))];
      case 'STOPPED':
        return [h('div', { class: 'card-lead' }, 'Out of Order'), h('div', { class: 'card-note' }, 'Stopped by the operator')];
      case 'FAULTED':
        return [h('div', { class: 'card-lead' }, 'Fault'), h('div', { class: 'card-note' }, 'KO pressed or Engine unreachable')];
      default:
        // Central's reason when it has one: the link may be up while the Engine is not on the bus, or still starting.
        return [h('div', { class: 'card-lead' }, cp.detail ?? 'No Monitor link'), h('div', { class: 'card-note' }, cp.lastSeenMs ? `Last seen ${ago(cp.lastSeenMs)}` : 'Never seen')];
    }
  }
}
