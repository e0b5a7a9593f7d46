/** Number and time formats shared by the driver's renderers. Pure: the time zone is passed in. */

export { formatMoney, formatUnitPrice } from '../../protocol/money.ts';
export function formatEnergy(energyKwh: number): string {
  return `${energyKwh.toFixed(3)} kWh`;
}

export function formatPower(powerKw: number): string {
  return `${powerKw.toFixed(1)} kW`;
}

/** `YYYY-MM-DD HH:MM:SS` in `timeZone`. */
export function formatDateTime(epochMs: number, timeZone?: string): string {
  const parts = dateParts(epochMs, timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

type DatePart = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

function dateParts(epochMs: number, timeZone?: string): Record<DatePart, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone === undefined ? {} : { timeZone }),
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return parts as Record<DatePart, string>;
}

