/** Number and time formats shared by the driver's renderers. Pure: the time zone is passed in. */

const CURRENCY_SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** `€1.23`; other currencies `1.23 CHF`. Amounts are rounded to cents only here (DESIGN §4.5). */
export function formatMoney(amount: number, currency = 'EUR'): string {
  // Half-up on the decimal value: 3.7 kWh × €0.35 is 1.2949999… as a double but €1.30 on paper.
  const cents = Math.round(Number((amount * 100).toPrecision(12)));
  return withCurrency((cents / 100).toFixed(2), currency);
}

/** A unit price keeps up to 4 decimals (0.299 €/kWh must not read as 0.30): `€0.35`, `€0.299`. */
export function formatUnitPrice(pricePerKwh: number, currency = 'EUR'): string {
  const text = pricePerKwh.toFixed(4).replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1');
  return withCurrency(text, currency);
}

function withCurrency(digits: string, currency: string): string {
  const symbol = CURRENCY_SYMBOLS[currency];
  return symbol === undefined ? `${digits} ${currency}` : `${symbol}${digits}`;
}

export function formatEnergy(energyKwh: number): string {
  return `${energyKwh.toFixed(3)} kWh`;
}

export function formatPower(powerKw: number): string {
  return `${powerKw.toFixed(1)} kW`;
}

/** `m:ss` under an hour, `h:mm:ss` from an hour on. */
export function formatDuration(durationS: number): string {
  const total = Math.max(0, Math.floor(durationS));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `HH:MM:SS` in `timeZone` (undefined: the machine's zone). */
export function formatClock(epochMs: number, timeZone?: string): string {
  const parts = dateParts(epochMs, timeZone);
  return `${parts.hour}:${parts.minute}:${parts.second}`;
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

/** Pads text whose visible width is `width` (colour codes excluded) to `size` columns. */
export function padVisible(text: string, width: number, size: number): string {
  return width >= size ? text : text + ' '.repeat(size - width);
}
