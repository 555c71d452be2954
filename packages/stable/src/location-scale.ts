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

/** f applied to a number, or element-wise to a Float64Array. */
export function mapInput(x: number | Float64Array, f: (x: number) => number): number | Float64Array {
  if (typeof x === "number") return f(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}
