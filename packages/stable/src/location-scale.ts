/**
 * Shared plumbing of the comparison families (normal, half-normal, half-Cauchy,
 * sub-Weibull): validated location/scale parameters and element-wise
 * evaluation over a number or a Float64Array.
 */
import { checkFinite, checkPositive } from "./validate.js";

/** loc (default 0, finite) and scale (default 1, > 0), validated. */
export function resolveLocationScale(params: { loc?: number; scale?: number } | undefined): { loc: number; scale: number } {
  const loc = params?.loc === undefined ? 0 : checkFinite("loc", params.loc);
  const scale = params?.scale === undefined ? 1 : checkPositive("scale", params.scale);
  return { loc, scale };
}

/**
 * (x − loc)/scale without overflow in x − loc (x and loc huge and of opposite signs, with a
 * scale that brings the ratio back into range).
 */
export function standardizeValue(x: number, loc: number, scale: number): number {
  const d = x - loc;
  if (Number.isFinite(d) || !Number.isFinite(x)) return d / scale;
  return x / scale - loc / scale;
}

/**
 * c·e^{−q} for a constant c = e^{logC} that may overflow (a density's 1/scale with a
 * subnormal scale) and q ≥ 0 that may be huge: never Infinity·0 = NaN.
 */
export function scaledExp(c: number, logC: number, q: number): number {
  return Number.isFinite(c) ? c * Math.exp(-q) : Math.exp(logC - q);
}

/** A power of two ≥ max|x_i| (1 for all-zero data): dividing by it is exact and keeps squares in range. */
export function powerOfTwoScale(data: ArrayLike<number>, shift = 0): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - shift));
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  // at most 2^1023 (then |x|/k ≤ 2): 2^1024 is Infinity
  return 2 ** Math.min(1023, Math.ceil(Math.log2(m)));
}

/** f applied to a number, or element-wise to a Float64Array. */
export function mapInput(x: number | Float64Array, f: (x: number) => number): number | Float64Array {
  if (typeof x === "number") return f(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}
