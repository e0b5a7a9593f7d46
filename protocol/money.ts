/**
 * The one display rule for money, shared by Central's panel and the driver's receipt
 * (DESIGN §4.5: amounts are exact in data and rounded to cents only for display).
 */

const CURRENCY_SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** Half-up on the decimal value: 3.7 kWh × €0.35 is 1.2949999… as a double but 1.30 on paper. */
export function roundToCents(amount: number): number {
  return Math.round(Number((amount * 100).toPrecision(12))) / 100;
}

/** `€1,234.01`; currencies without a symbol here read `2.50 CHF`. */
export function formatMoney(amount: number, currency = 'EUR'): string {
  const digits = roundToCents(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const symbol = CURRENCY_SYMBOLS[currency];
  return symbol === undefined ? `${digits} ${currency}` : `${symbol}${digits}`;
}

/** A unit price keeps up to 4 decimals (0.299 €/kWh must not read as 0.30): `€0.35`, `€0.299`. */
export function formatUnitPrice(pricePerKwh: number, currency = 'EUR'): string {
  const digits = pricePerKwh.toFixed(4).replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1');
  const symbol = CURRENCY_SYMBOLS[currency];
  return symbol === undefined ? `${digits} ${currency}` : `${symbol}${digits}`;
}
