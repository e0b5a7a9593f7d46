import type { CpState, CpSummary } from '../../protocol/index.ts';
import { stateColour } from '../../protocol/display.ts';
import type { RenderContext } from './colors.ts';
import { formatUnitPrice } from './format.ts';
import { cell, renderTable } from './table.ts';

/** `evc driver list`: every CP Central knows, with state, price and location. */
export function renderCpList(list: CpSummary[], { colors }: RenderContext): string {
  if (list.length === 0) return 'Central knows no CPs yet.';
  const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id));
  const rows = sorted.map((cp) => [
    cell(cp.id, colors.bold),
    cell(cp.state, stateColour(cp.state, colors.isColorSupported)),
    cell(`${formatUnitPrice(cp.pricePerKwh)}/kWh`),
    cell(cp.maxPowerKw === undefined ? '' : `${cp.maxPowerKw} kW`),
    cell(cp.location),
  ]);
  const available = list.filter((cp) => cp.state === 'AVAILABLE').length;
  return [...renderTable(['CP', 'STATE', 'PRICE', 'POWER', 'LOCATION'], rows, colors), `${available} of ${list.length} available`].join('\n');
}

/** `evc driver status CP1`. */
export function renderCpStatus(cpId: string, state: CpState, { colors }: RenderContext): string {
  return `${colors.bold(cpId)} is ${stateColour(state, colors.isColorSupported)(state)}`;
}
