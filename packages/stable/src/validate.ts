/**
 * Input validation shared by every function of the package. A parameter outside
 * its domain raises a `RangeError` that names the parameter, its value and the
 * allowed range, so that nothing ever turns silently into NaN.
 */

/** Describe a value the way the error messages print it (NaN, ±Infinity, numbers). */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value;
}

/** Throw a RangeError naming `name`, its value and the allowed range `allowed`. */
export function rangeError(name: string, value: unknown, allowed: string): RangeError {
  return new RangeError(`${name} = ${describeValue(value)} is outside the allowed range ${allowed}`);
}

/** Require a finite number in the closed interval [lo, hi]. */
export function checkClosed(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || !(value >= lo && value <= hi)) {
    throw rangeError(name, value, `[${lo}, ${hi}]`);
  }
  return value;
}

/** Require a number in the half-open interval (lo, hi]. */
export function checkLeftOpen(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || !(value > lo && value <= hi)) {
    throw rangeError(name, value, `(${lo}, ${hi}]`);
  }
  return value;
}

/** Require a finite, strictly positive number. */
export function checkPositive(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0) || value === Infinity) {
    throw rangeError(name, value, "(0, Infinity)");
  }
  return value;
}

/** Require a finite number. */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw rangeError(name, value, "(-Infinity, Infinity)");
  }
  return value;
}

/** Require a non-negative safe integer (sample sizes, counts). */
export function checkCount(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw rangeError(name, value, "{0, 1, 2, ...} (a non-negative integer)");
  }
  return value;
}

/**
 * Largest number of draws one call may allocate (800 MB of Float64Array): larger requests
 * are a RangeError naming it, never an attempt to allocate without limit.
 */
export const MAX_SAMPLE_SIZE = 100_000_000;

/** Require an integer size in [0, max]; the error names the limit `maxName`. */
export function checkSize(name: string, value: unknown, max: number, maxName: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw rangeError(name, value, `{0, 1, ..., ${max}} (an integer; ${maxName} = ${max})`);
  }
  return value;
}

/** Require a sample size n ∈ [0, MAX_SAMPLE_SIZE]. */
export function checkSampleSize(name: string, value: unknown): number {
  return checkSize(name, value, MAX_SAMPLE_SIZE, "MAX_SAMPLE_SIZE");
}

/** Require a probability in [0, 1]. */
export function checkProbability(name: string, value: unknown): number {
  return checkClosed(name, value, 0, 1);
}

/**
 * Require data fit for estimation: at least `minLength` values, all finite.
 * Names the first offending index so the user can find it.
 */
export function checkSample(name: string, data: ArrayLike<number>, minLength: number): void {
  if (data == null || typeof data.length !== "number") {
    throw new TypeError(`${name} must be an array or Float64Array of numbers`);
  }
  if (data.length < minLength) {
    throw new RangeError(`${name} has ${data.length} values; at least ${minLength} are needed`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}] = ${describeValue(v)} is not a finite number; remove NaN and ±Infinity first`);
    }
  }
}
