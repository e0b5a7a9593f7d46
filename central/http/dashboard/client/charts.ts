import uPlot from 'uplot';
import { PANEL_COLOUR_CSS } from '../../../../protocol/display.ts';

/** A time series in the browser's clock: epoch ms and values. */
export interface Series {
  t: number[];
  values: number[];
}

const POWER = PANEL_COLOUR_CSS.green;
const ENERGY = '#2f6fed';

function fill(colour: string, alpha: string): string {
  return `${colour}${alpha}`;
}

/** Follows its container's width (cards and panels reflow from phone to desktop). */
function autoSize(plot: uPlot, container: HTMLElement, height: number): ResizeObserver {
  const observer = new ResizeObserver(() => {
    const width = Math.floor(container.clientWidth);
    if (width > 0 && width !== plot.width) plot.setSize({ width, height });
  });
  observer.observe(container);
  return observer;
}

/** The next of 1, 2, 5 × 10ⁿ at or above `value`: an axis top that reads well. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((top) => top >= value - 1e-9)!;
}

/** uPlot counts time in seconds. */
const seconds = (t: number[]): number[] => t.map((ms) => ms / 1000);

/** A charging CP's power over the last minutes: a small filled line in its card. */
export class PowerSpark {
  readonly #plot: uPlot;
  readonly #observer: ResizeObserver;

  constructor(container: HTMLElement, series: Series) {
    const width = Math.max(120, Math.floor(container.clientWidth) || 240);
    this.#plot = new uPlot(
      {
        width,
        height: 64,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        padding: [6, 4, 0, 0],
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, niceCeil(max * 1.1)] } },
        axes: [
          { show: false },
          { size: 30, gap: 2, ticks: { show: false }, grid: { stroke: '#eef0f4', width: 1 }, font: '10px system-ui, sans-serif', stroke: '#8a94a6', splits: (_u, _i, _min, max) => [0, max / 2, max], values: (_u, splits) => splits.map((v) => (v === 0 ? '' : `${+v.toFixed(1)}`)) },
        ],
        series: [{}, { stroke: POWER, width: 2, fill: fill(POWER, '26'), points: { show: false } }],
      },
      [seconds(series.t), series.values],
      container,
    );
    this.#observer = autoSize(this.#plot, container, 64);
  }

  update(series: Series): void {
    this.#plot.setData([seconds(series.t), series.values]);
  }

  get plot(): uPlot {
    return this.#plot;
  }

  destroy(): void {
    this.#observer.disconnect();
    this.#plot.destroy();
  }
}

/** The site: power now (kW, filled) and energy today (kWh, right axis) over the last hour. */
export class SiteChart {
  readonly #plot: uPlot;

  constructor(container: HTMLElement, power: Series, energy: Series) {
    const width = Math.max(200, Math.floor(container.clientWidth) || 600);
    this.#plot = new uPlot(
      {
        width,
        height: 180,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        padding: [10, 6, 0, 0],
        scales: {
          x: { time: true },
          kW: { range: (_u, _min, max) => [0, niceCeil(max * 1.1)] },
          kWh: { range: (_u, _min, max) => [0, niceCeil(max * 1.1)] },
        },
        axes: [
          { stroke: '#647084', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#e3e7ee' }, font: '11px system-ui, sans-serif' },
          { scale: 'kW', label: 'kW', labelSize: 14, labelFont: '11px system-ui, sans-serif', size: 40, stroke: POWER, grid: { stroke: '#eef0f4' }, font: '11px system-ui, sans-serif' },
          { scale: 'kWh', label: 'kWh today', labelSize: 14, labelFont: '11px system-ui, sans-serif', side: 1, size: 44, stroke: ENERGY, grid: { show: false }, font: '11px system-ui, sans-serif' },
        ],
        series: [
          {},
          { label: 'Power (kW)', scale: 'kW', stroke: POWER, width: 2, fill: fill(POWER, '22'), points: { show: false } },
          { label: 'Energy today (kWh)', scale: 'kWh', stroke: ENERGY, width: 2, dash: [6, 4], points: { show: false } },
        ],
      },
      SiteChart.#data(power, energy),
      container,
    );
    autoSize(this.#plot, container, 180);
  }

  update(power: Series, energy: Series): void {
    this.#plot.setData(SiteChart.#data(power, energy));
  }

  get plot(): uPlot {
    return this.#plot;
  }

  static #data(power: Series, energy: Series): uPlot.AlignedData {
    return [seconds(power.t), power.values, energy.values];
  }
}
