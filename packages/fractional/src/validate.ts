/**
 * Input validation. A parameter outside its domain raises a `RangeError` naming the
 * parameter, its value and the allowed range, in the same words as
 * @heavytails/stable ("NAME = VALUE is outside the allowed range RANGE"), so that
 * nothing turns silently into NaN. (Kept local: this package has no dependencies.)
 */

function describeValue(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value;
}

/** A RangeError naming `name`, its value and the allowed range. */
export function rangeError(name: string, value: unknown, allowed: string): RangeError {
  return new RangeError(`${name} = ${describeValue(value)} is outside the allowed range ${allowed}`);
}

/** Require lo < value ≤ hi. */
export function checkLeftOpen(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || !(value > lo && value <= hi)) throw rangeError(name, value, `(${lo}, ${hi}]`);
  return value;
}

/** Require lo < value < hi. */
export function checkOpen(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || !(value > lo && value < hi)) throw rangeError(name, value, `(${lo}, ${hi})`);
  return value;
}

/** Require lo ≤ value ≤ hi. */
export function checkClosed(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || !(value >= lo && value <= hi)) throw rangeError(name, value, `[${lo}, ${hi}]`);
  return value;
}

/** Require a finite, strictly positive number. */
export function checkPositive(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0) || value === Infinity) throw rangeError(name, value, "(0, Infinity)");
  return value;
}

/** Require a finite number. */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw rangeError(name, value, "(-Infinity, Infinity)");
  return value;
}

/** Require a non-negative safe integer. */
export function checkCount(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw rangeError(name, value, "{0, 1, 2, ...} (a non-negative integer)");
  }
  return value;
}

/**
 * Size limits (documented in the README). Every one is checked before anything is allocated, and
 * a value beyond it raises a RangeError naming the parameter, its value and the allowed range.
 */
export const LIMITS = {
  /** Terms per side K of the Grünwald sums (weights, operator, drift): 8 bytes per term and table. */
  K: 1_000_000,
  /** Nodes of a drift grid. */
  gridNodes: 1_000_000,
  /** Nodes per Grünwald step (`refine`) of a drift grid. */
  refine: 1_000,
  /** Lattice points of a drift grid (nodes + 2·refine·K): three Float64Arrays of this length. */
  lattice: 4_000_000,
  /** Multiply-adds of a drift grid, nodes · (K + 2) (about 20 s of work). */
  gridWork: 1e10,
  /** Subintervals of the adaptive quadrature (`maxIntervals`; its cost grows like maxIntervals²). */
  quadratureIntervals: 50_000,
} as const;

/** Require a safe integer in {0, 1, …, max}. */
export function checkCountMax(name: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw rangeError(name, value, `{0, 1, 2, ..., ${max}} (a non-negative integer)`);
  }
  return value;
}

/** Require a function. */
export function checkFunction(name: string, value: unknown): void {
  if (typeof value !== "function") throw new TypeError(`${name} must be a function, got ${describeValue(value)}`);
}
