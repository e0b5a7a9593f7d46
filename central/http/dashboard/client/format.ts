// How figures read on the page: money, energy, times and durations.

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(amount: number | undefined, currency = 'EUR'): string {
  if (typeof amount !== 'number') return '–';
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-IE', { style: 'currency', currency });
    } catch {
      return `${amount.toFixed(2)} ${currency}`;
    }
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

export const fixed = (value: number | undefined, digits: number): string => (typeof value === 'number' ? value.toFixed(digits) : '–');

export const clock = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** A time today as `14:02:11`, another day as `Dec 1 14:02:11`. */
export function whenText(ms: number): string {
  const date = new Date(ms);
  return date.toDateString() === new Date().toDateString() ? clock(ms) : `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${clock(ms)}`;
}

/** `42s`, `3m 05s`, `2h 07m`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export const ago = (ms: number): string => `${duration(Date.now() - ms)} ago`;

/** `YYYY-MM-DD` of a local date, as an `<input type=date>` holds it. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
