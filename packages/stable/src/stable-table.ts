/**
 * Per-(α, β) tables that make bulk evaluation fast: log f, log F or log(1 − F)
 * of the standard S0 law as a piecewise Chebyshev interpolant in u = asinh(z),
 * built adaptively from the pointwise (Zolotarev) evaluator to an absolute
 * tolerance in the logarithm, i.e. a relative tolerance in the value. Points
 * outside the tabulated range (far tails, where values underflow, or beyond a
 * support edge) are evaluated pointwise.
 */
import { buildPiecewiseChebyshev, type PiecewiseChebyshev } from "./chebyshev-table.js";
import { FAST_ACCURATE, FAST_SEARCH, FastDensity } from "./fast-density.js";
import { SMALL_BETA, isNearOne, standardCdf, standardLogPdf, standardPdf, standardSf } from "./standard-stable.js";

export type TableKind = "pdf" | "cdf" | "sf";

/** Default absolute tolerance on the tabulated logarithm (≈ relative error of the value). */
export const TABLE_TOL = 2e-12;
/** Tables this coarse (the fit's search tables) use the fast evaluator's search accuracy (≈1e-11). */
const FAST_SEARCH_TOL = 1e-9;
/** The table covers at most |u| ≤ U_MAX, i.e. |z| ≲ 3.6e10. */
const U_MAX = 25;
/** Tabulate only where log value ≥ LOG_FLOOR (below, values are near underflow). */
const LOG_FLOOR = -700;
/**
 * The density's tables go down to log f = −750, below the smallest subnormal (e^−744.4): past the
 * edge of such a table on a side where it stopped early (a light tail or a support edge), f is
 * below e^−750 (stable densities are unimodal, so f decreases away from the table) and rounds to 0,
 * which `value` returns without evaluating it.
 */
const LOG_FLOOR_PDF = -750;

/** Rounding noise of a pointwise evaluation relative to |log C| (a few ulps of log g). */
const NOISE_FACTOR = 1e-14;

/**
 * |log C|, the size of the terms that cancel inside log g, at standard point z:
 * large only near α = 1 (|α/(α−1)|) and, for α = 1, at large |z| (π|z|/(2|β|)).
 * |log d| is capped at 50 so that the estimate stays finite at d = |z − ζ| → 0.
 * Within 5e-4 of α = 1 values are interpolated from nodes at α = 1 and
 * |α − 1| ≥ 5e-4 (see standard-stable.ts), where |α/(α−1)| ≤ 2000; the term
 * for those nodes is 10× their rounding (1e-16·2000·|log d|), i.e. 200·|log d| here.
 */
function logScaleOf(z: number, alpha: number, beta: number): number {
  // (α = 1 with |β| ≤ SMALL_BETA is the Cauchy law plus its β-expansion: no cancellation)
  const alphaOne = Math.abs(beta) <= SMALL_BETA ? 0 : (Math.PI * Math.abs(z)) / (2 * Math.abs(beta));
  if (alpha === 1) return alphaOne;
  if (isNearOne(alpha)) return alphaOne + 200 * (7 + Math.log1p(Math.abs(z)));
  const t = alpha === 2 ? 0 : Math.tan((Math.PI * alpha) / 2);
  const zeta = -beta * t;
  const logD = Math.min(50, Math.abs(Math.log(Math.abs(z - zeta))));
  const b = z >= zeta ? beta : -beta;
  const theta0 = Math.atan(b * t) / alpha;
  return Math.abs(alpha / (alpha - 1)) * logD + Math.abs(Math.log(Math.cos(alpha * theta0)) / (alpha - 1));
}

function directOf(kind: TableKind): (z: number, alpha: number, beta: number) => number {
  return kind === "pdf" ? standardPdf : kind === "cdf" ? standardCdf : standardSf;
}

export class StandardStableTable {
  readonly alpha: number;
  readonly beta: number;
  readonly kind: TableKind;
  readonly tol: number;
  readonly uLo: number;
  readonly uHi: number;
  readonly buildMilliseconds: number;
  /** pdf tables only: the density is 0 in double precision below uLo / above uHi (see LOG_FLOOR_PDF). */
  private readonly zeroBelow: boolean = false;
  private readonly zeroAbove: boolean = false;
  /** The table's variable v is z + shift (S0 point z); 0 except in the fit's tables (v = (x − m)/σ). */
  readonly shift: number;
  readonly poly: PiecewiseChebyshev;
  private readonly direct: (z: number, alpha: number, beta: number) => number;

  /**
   * @param options.tol absolute tolerance on the tabulated logarithm
   * @param options.zRange tabulate only this range of the variable (default: everywhere the value is above underflow)
   * @param options.shift tabulate log f(v − shift) in v = z + shift (requires zRange, in v)
   */
  constructor(
    alpha: number,
    beta: number,
    kind: TableKind,
    options: { tol?: number; zRange?: [number, number]; quadratureTol?: number; degree?: number; shift?: number } = {},
  ) {
    const tol = options.tol ?? TABLE_TOL;
    const t0 = performance.now();
    this.alpha = alpha;
    this.beta = beta;
    this.kind = kind;
    this.tol = tol;
    const direct = directOf(kind);
    this.direct = direct;
    const qTol = options.quadratureTol;
    const shift = options.shift ?? 0;
    this.shift = shift;
    const h =
      kind === "pdf"
        ? logDensityOfU(alpha, beta, shift, tol, qTol)
        : (u: number): number => Math.log(direct(Math.sinh(u) - shift, alpha, beta));
    const floor = kind === "pdf" ? LOG_FLOOR_PDF : LOG_FLOOR;
    const ok = (u: number): boolean => {
      const v = h(u);
      return Number.isFinite(v) && v >= floor;
    };
    // the S0 law always has mass near 0: find how far each side stays tabulable
    const edge = (dir: 1 | -1): number => {
      let good = 0;
      for (let u = 0.5; u <= U_MAX; u += 0.5) {
        if (!ok(dir * u)) {
          // refine the boundary by bisection between the last good and this bad point
          let a = good;
          let b = u;
          for (let i = 0; i < 30; i++) {
            const m = 0.5 * (a + b);
            if (ok(dir * m)) a = m;
            else b = m;
          }
          return dir * a;
        }
        good = u;
      }
      return dir * good;
    };
    if (options.zRange) {
      this.uLo = Math.asinh(options.zRange[0]);
      this.uHi = Math.asinh(options.zRange[1]);
    } else {
      if (shift !== 0) throw new Error("stable table: a shifted table needs a zRange");
      if (!ok(0)) throw new Error(`stable table: log ${kind} not finite at 0 for alpha=${alpha}, beta=${beta}`);
      this.uLo = edge(-1);
      this.uHi = edge(1);
      this.zeroBelow = kind === "pdf" && this.uLo > -U_MAX;
      this.zeroAbove = kind === "pdf" && this.uHi < U_MAX;
    }
    // the pointwise evaluator's own rounding noise grows with the size of log C (see zolotarev.ts)
    const noiseAt = (a: number, b: number): number =>
      NOISE_FACTOR * Math.max(logScaleOf(Math.sinh(a) - shift, alpha, beta), logScaleOf(Math.sinh(b) - shift, alpha, beta));
    this.poly = buildPiecewiseChebyshev(h, this.uLo, this.uHi, {
      tol,
      relTol: 0.01 * tol,
      noiseAt,
      degree: options.degree ?? 16,
      initialPieces: options.zRange ? 4 : 12,
    });
    this.buildMilliseconds = performance.now() - t0;
  }

  /** Number of pieces and evaluations used, for diagnostics and benchmarks. */
  get stats(): { pieces: number; evaluations: number; worstTail: number; milliseconds: number } {
    return {
      pieces: this.poly.breaks.length - 1,
      evaluations: this.poly.evaluations,
      worstTail: this.poly.worstTail,
      milliseconds: this.buildMilliseconds,
    };
  }

  /** log of the tabulated function at standard S0 point z. */
  logValue(z: number): number {
    const u = Math.asinh(z);
    if (u >= this.uLo && u <= this.uHi) {
      const v = this.poly.evaluate(u);
      if (v === v) return v;
    }
    return this.logDirect(z);
  }

  private logDirect(v: number): number {
    const z = v - this.shift;
    return this.kind === "pdf" ? standardLogPdf(z, this.alpha, this.beta) : Math.log(this.direct(z, this.alpha, this.beta));
  }

  /**
   * log value L(z) and its first two z-derivatives, written to out[0..2]. Outside
   * the table (or in an untabulated piece) by central differences of pointwise values.
   */
  logWithDerivatives(z: number, out: Float64Array): void {
    const u = Math.asinh(z);
    if (u >= this.uLo && u <= this.uHi) {
      this.poly.evaluateWithDerivatives(u, out);
      if (out[0] === out[0]) {
        // chain rule for u = asinh(z): u' = (1 + z²)^{−1/2}, u'' = −z (1 + z²)^{−3/2}
        const r = 1 / Math.sqrt(1 + z * z);
        const hu = out[1];
        out[1] = hu * r;
        out[2] = out[2] * r * r - hu * z * r * r * r;
        return;
      }
    }
    const step = 1e-4 * (1 + Math.abs(z));
    const l0 = this.logDirect(z);
    const lp = this.logDirect(z + step);
    const lm = this.logDirect(z - step);
    out[0] = l0;
    out[1] = (lp - lm) / (2 * step);
    out[2] = (lp - 2 * l0 + lm) / (step * step);
  }

  /** The tabulated function at standard S0 point z. */
  value(z: number): number {
    const u = Math.asinh(z);
    if (u >= this.uLo && u <= this.uHi) {
      const v = this.poly.evaluate(u);
      if (v === v) return Math.exp(v);
    } else if ((u > this.uHi && this.zeroAbove) || (u < this.uLo && this.zeroBelow)) {
      return 0;
    }
    return this.direct(z - this.shift, this.alpha, this.beta);
  }
}

/**
 * u ↦ log f(sinh(u) − shift) of the standard S0 law, as the table builders evaluate it: through
 * the fast evaluator (fast-density.ts) where it applies and passes its own check, else pointwise
 * (quadrature tolerance `quadratureTol`). `tol` is the table's tolerance in log f.
 */
export function logDensityOfU(alpha: number, beta: number, shift: number, tol: number, quadratureTol?: number): (u: number) => number {
  const fast = FastDensity.applies(alpha, beta) ? new FastDensity(alpha, beta, tol >= FAST_SEARCH_TOL ? FAST_SEARCH : FAST_ACCURATE) : null;
  if (!fast) return (u: number): number => standardLogPdf(Math.sinh(u) - shift, alpha, beta, quadratureTol);
  return (u: number): number => {
    const z = Math.sinh(u) - shift;
    const v = fast.logPdf(z);
    return v === v ? v : standardLogPdf(z, alpha, beta, quadratureTol);
  };
}

const CACHE_SIZE = 24;
const cache = new Map<string, StandardStableTable>();

/** A cached table for (α, β, kind); least recently used tables are dropped. */
export function stableTable(alpha: number, beta: number, kind: TableKind, tol = TABLE_TOL): StandardStableTable {
  const key = `${kind}:${alpha}:${beta}:${tol}`;
  let t = cache.get(key);
  if (t) {
    cache.delete(key);
    cache.set(key, t);
    return t;
  }
  t = new StandardStableTable(alpha, beta, kind, { tol });
  cache.set(key, t);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return t;
}
