import { z } from 'zod';

/**
 * Bounds on every number that crosses a wire (issue 9: a CP or driver must not be able to
 * send 1e308 kWh and make an amount `Infinity`). Each bound is generous for a real charger
 * and still keeps every product of two fields (kWh × price) far inside a double's exact range.
 */
export const LIMITS = {
  /** The largest DC chargers deliver ~1 MW. */
  maxPowerKw: 1_000,
  /** 1 MW for a month; a meter reading above this is not a charge. */
  maxEnergyKwh: 1_000_000,
  /** Per kWh, in the CP's currency. */
  maxPricePerKwh: 100,
  /** maxEnergyKwh × maxPricePerKwh. */
  maxAmount: 100_000_000,
  /** 31 days. */
  maxDurationS: 31 * 24 * 3600,
  /** 9999-12-31T23:59:59.999Z: any epoch-ms field (ts, expiresAt, startedAt, …). */
  maxEpochMs: 253_402_300_799_999,
  /** 1 hour. */
  maxHeartbeatMs: 3_600_000,
  /** Free-text shown to people: labels, reasons, details. */
  maxLabelChars: 200,
} as const;

/** A finite number in [min, max] (zod 4 already refuses ±Infinity and NaN; the bounds refuse 1e308). */
export const bounded = (min: number, max: number) => z.number().min(min).max(max);

export const powerKw = bounded(0, LIMITS.maxPowerKw);
export const maxPowerKw = z.number().positive().max(LIMITS.maxPowerKw);
export const energyKwh = bounded(0, LIMITS.maxEnergyKwh);
export const pricePerKwh = bounded(0, LIMITS.maxPricePerKwh);
export const amount = bounded(0, LIMITS.maxAmount);
export const durationS = bounded(0, LIMITS.maxDurationS);
export const epochMs = z.number().int().min(0).max(LIMITS.maxEpochMs);
export const latitude = bounded(-90, 90);
export const longitude = bounded(-180, 180);
export const counter = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
