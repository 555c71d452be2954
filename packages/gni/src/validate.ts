/**
 * Input checks shared by the package. A bad argument raises a `RangeError` that
 * names the parameter, its value and the allowed range (the message style of
 * @heavytails/stable), so nothing turns silently into NaN.
 */
import { rangeError } from "@heavytails/stable";

export { rangeError };

/** Require an integer in [lo, hi] (hi may be Infinity). */
export function checkInt(name: string, value: unknown, lo: number, hi = Infinity): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < lo || value > hi) {
    throw rangeError(name, value, hi === Infinity ? `{${lo}, ${lo + 1}, ...} (an integer ≥ ${lo})` : `{${lo}, ..., ${hi}} (an integer)`);
  }
  return value;
}

/** Require a finite number ≥ 0. */
export function checkNonNegative(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0) || value === Infinity) throw rangeError(name, value, "[0, Infinity)");
  return value;
}

/** Require a finite number > 0. */
export function checkPositive(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0) || value === Infinity) throw rangeError(name, value, "(0, Infinity)");
  return value;
}

/** Require one of the listed strings. */
export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw rangeError(name, value, `{${allowed.map((a) => JSON.stringify(a)).join(", ")}}`);
  }
  return value as T;
}

/** Throw when any value is not finite: a diverged run must fail loudly, never return NaN. */
export function checkAllFinite(name: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`${name}[${i}] = ${data[i]} is not finite (the computation diverged; lower the learning rate or the noise level)`);
    }
  }
}
