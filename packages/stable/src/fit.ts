/**
 * Maximum-likelihood fit of S_α(σ, β, μ) (Nolan 2001, "Maximum likelihood
 * estimation and diagnostics for stable distributions"), started from
 * McCulloch's quantile estimator. Any of the four parameters can be fixed (the
 * paper fits with μ = 0, and with α = 2 for its Gaussian comparison).
 *
 * Method: damped Newton (Levenberg–Marquardt) ascent on the log-likelihood in
 * (α, β, log σ, μ). For each (α, β) visited, the standard log-density is
 * tabulated in y = (x − μ)/σ over the data's range (a piecewise Chebyshev
 * table, 1e-8 in log f during the search and 1e-10 for the reported
 * log-likelihood, its nodes from the fast evaluator of fast-density.ts) with
 * its first two derivatives, so the σ and μ derivatives are exact sums over the
 * data. α and β derivatives are finite differences formed on the interpolants
 * (derivativesAlphaBeta): the five nearby laws are tabulated on the center
 * table's pieces and summed through per-piece moments of the data, so an
 * iteration costs one adaptive table, five node sets and two passes over the
 * data, instead of the thousands of quadratures per likelihood a pointwise
 * density would need.
 */
import { mccullochEstimate } from "./mcculloch.js";
import { checkClosed, checkFinite, checkLeftOpen, checkPositive, checkSample, rangeError } from "./validate.js";
import { resolveStableParams, type Parameterization } from "./params.js";
import { StandardStableTable, logDensityOfU } from "./stable-table.js";
import { clenshaw2, type PiecewiseChebyshev } from "./chebyshev-table.js";
import { standardLogPdf } from "./standard-stable.js";
import { tanHalfPiAlpha } from "./zolotarev.js";

export interface FitOptions {
  /** Parameterization of the returned location (and of `fix.loc`); default 'S1'. */
  parameterization?: Parameterization;
  /** Parameters held at the given values. */
  fix?: { alpha?: number; beta?: number; scale?: number; loc?: number };
  /** Maximum Newton iterations: an integer in [0, MAX_FIT_ITERATIONS = 10000] (default 40). */
  maxIterations?: number;
  /**
   * Warm start: the Newton search starts here (e.g. a previous fit of a nearby law) instead of at
   * McCulloch's quantile estimate, which is then not computed. `loc` is in `parameterization`. Each
   * field is required unless that parameter is in `fix` (a fixed value wins over the start's).
   * Refused (RangeError) outside the law's domain: α ∈ (0, 2], β ∈ [−1, 1], σ > 0 finite, loc
   * finite. α ∈ (0, FIT_ALPHA_MIN) is projected to FIT_ALPHA_MIN (the search's lower bound). When
   * the likelihood is −∞ at the start (a point outside the support of a one-sided law), the fit
   * falls back to McCulloch's start.
   */
  start?: { alpha?: number; beta?: number; scale?: number; loc?: number };
}

export interface FitResult {
  alpha: number;
  beta: number;
  scale: number;
  loc: number;
  parameterization: Parameterization;
  /** Σ log f(x_i) at the estimate (evaluated pointwise-accurately through a table to 1e-10). */
  logLikelihood: number;
  /**
   * The point the optimisation started from: McCulloch's quantile estimate, or `options.start`
   * (fixed parameters and the α projection applied) when it was given and usable (see `warmStart`).
   */
  start: { alpha: number; beta: number; scale: number; loc: number };
  /** true when the search started from `options.start`; false: from McCulloch's estimate. */
  warmStart: boolean;
  iterations: number;
  /** Number of density tables built (one per (α, β) visited). */
  tablesBuilt: number;
  converged: boolean;
  /** 'mle', or 'quantile' when the likelihood could not be improved from McCulloch's start. */
  method: "mle" | "quantile";
}

const MIN_POINTS = 10;
/**
 * Finite-difference steps in α and β: a fraction of the current standard error
 * 1/sqrt(−H_ii) (the likelihood can be a narrow curved ridge, e.g. in S1 near
 * α = 1 where the location shift β tan(πα/2) moves fast), within these bounds.
 */
const FD_STEP_START = 2e-3;
const FD_STEP_MIN = 2e-5;
const FD_STEP_MAX = 4e-3;
const FD_STEP_PER_SE = 0.3;
/** The table for the reported log-likelihood at the estimate (1e-10 in log f). */
const FIT_TABLE_TOL = 1e-10;
const FIT_QUADRATURE_TOL = 1e-11;
/**
 * Tables during the search: 1e-8 in log f moves ℓ by at most n·1e-8, and the
 * finite-difference Hessian by about n·1e-8/FD_STEP², a small fraction of its
 * size n·I(θ); the maximum located is unchanged at the resolution GAIN_TOL.
 */
const SEARCH_TABLE_TOL = 1e-8;
const SEARCH_QUADRATURE_TOL = 1e-9;
/**
 * Converged when the Newton step promises less than this gain in log-likelihood:
 * the remaining distance to the maximum is then about sqrt(2·GAIN_TOL) ≈ 0.03
 * standard errors in every direction.
 */
const GAIN_TOL = 5e-4;
/**
 * Converged after an undamped Newton step shorter than this many standard errors in every
 * coordinate: the finite-difference Hessian is good to ~10%, so the next step would be ≲ 0.03 SE,
 * the resolution of GAIN_TOL. Within NEAR_ONE_RIDGE of α = 1 the likelihood is a narrow curved
 * ridge (S1's location shift β tan(πα/2)) and the Hessian is not that good: 0.1 SE there.
 */
const STEP_SE_TOL = 0.3;
const STEP_SE_TOL_NEAR_ONE = 0.1;
const NEAR_ONE_RIDGE = 0.1;
/**
 * A table of a shifted law built on the center table's pieces (derivativesAlphaBeta) is used only
 * when its coefficient tails are below this: next to a bound (β = ±1, where the shifted law grows a
 * power tail where the center law has a light one) the pieces do not fit it, and the derivatives
 * are taken from tables of their own.
 */
const SAME_BREAKS_TOL = 1e-6;
/** A coordinate whose curvature per point is below this carries no information (β at α = 2). */
const NO_INFORMATION = 1e-6;
/** Smallest α the fit searches, and the smallest `fix.alpha` it accepts. */
export const FIT_ALPHA_MIN = 0.1;
const ALPHA_MIN = FIT_ALPHA_MIN;
/** Largest `maxIterations`. */
export const MAX_FIT_ITERATIONS = 10000;

/** Index of each parameter in the 4-vector θ = (α, β, s = log σ, m = location). */
const A = 0;
const B = 1;
const S = 2;
const M = 3;

/**
 * The log-likelihood machinery for one data set: z_i = (x_i − m)/σ − k(α, β, σ),
 * where k shifts a user-parameterization location m to the S0 location
 * (k = β tan(πα/2) for S1 with α ≠ 1, k = (2/π) β log σ for S1 with α = 1, 0 for S0).
 */
class Likelihood {
  readonly x: Float64Array;
  readonly n: number;
  readonly parameterization: Parameterization;
  /**
   * The location coordinate is m/mScale (mScale: the starting scale), so that every
   * coordinate, step and convergence test is in units of the data's own spread and
   * nothing over- or underflows on data scaled by 1e±200.
   */
  readonly mScale: number;
  tables = 0;
  private readonly buf = new Float64Array(3);
  constructor(x: Float64Array, parameterization: Parameterization, mScale: number) {
    this.x = x;
    this.n = x.length;
    this.parameterization = parameterization;
    this.mScale = mScale;
    this.piece = new Int32Array(this.n);
    this.tLocal = new Float64Array(this.n);
    this.dtdy = new Float64Array(this.n);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < this.n; i++) {
      if (x[i] < lo) lo = x[i];
      if (x[i] > hi) hi = x[i];
    }
    this.xMin = lo;
    this.xMax = hi;
  }

  k(alpha: number, beta: number, s: number): { k: number; ks: number } {
    if (this.parameterization === "S0") return { k: 0, ks: 0 };
    if (alpha === 1) return { k: (2 / Math.PI) * beta * s, ks: (2 / Math.PI) * beta };
    return { k: beta * tanHalfPiAlpha(alpha), ks: 0 };
  }

  /**
   * Table of log f over the data at θ, in the variable y = (x − m)/σ = z + k (with a margin in u =
   * asinh y): log f(y − k). In y the data do not move when α or β does, so the tables of nearby
   * (α, β) that the derivatives need share this table's pieces (see derivativesAlphaBeta).
   */
  private table(alpha: number, beta: number, s: number, m: number, coarse: boolean): StandardStableTable {
    const { k } = this.k(alpha, beta, s);
    const [lo, hi] = this.yRange(s, m);
    this.tables++;
    return new StandardStableTable(alpha, beta, "pdf", {
      tol: coarse ? SEARCH_TABLE_TOL : FIT_TABLE_TOL,
      quadratureTol: coarse ? SEARCH_QUADRATURE_TOL : FIT_QUADRATURE_TOL,
      zRange: [lo, hi],
      shift: k,
    });
  }

  /** The range of y = (x − m)e^{−s} over the data, widened by 0.25 in asinh y. */
  private yRange(s: number, m: number): [number, number] {
    // y is increasing in x
    const inv = Math.exp(-s);
    const lo = (this.xMin - m) * inv;
    const hi = (this.xMax - m) * inv;
    return [Math.sinh(Math.asinh(lo) - 0.25), Math.sinh(Math.asinh(hi) + 0.25)];
  }

  /** log f at y (the S0 point y − k) of the law (α, β) at log-scale s, evaluated pointwise. */
  pointLog(alpha: number, beta: number, s: number, y: number): number {
    return standardLogPdf(y - this.k(alpha, beta, s).k, alpha, beta, SEARCH_QUADRATURE_TOL);
  }

  /**
   * The interpolant of log f(y − k′) of the law (α′, β′) on the pieces of `center` (a search table at
   * the same s): one evaluation per node, no adaptive refinement.
   */
  sameBreaks(center: StandardStableTable, alpha: number, beta: number, s: number): PiecewiseChebyshev {
    const { k } = this.k(alpha, beta, s);
    this.tables++;
    return center.poly.sameBreaks(logDensityOfU(alpha, beta, k, SEARCH_TABLE_TOL, SEARCH_QUADRATURE_TOL));
  }

  /** The last table built by evaluate() and the θ and tolerance it was built for. */
  last: { table: StandardStableTable; theta: Float64Array; coarse: boolean; located: boolean } | null = null;
  /** Per point, from the last evaluate() with derivatives: its piece of the table (−1: evaluated pointwise), t, and dt/dy. */
  readonly piece: Int32Array;
  readonly tLocal: Float64Array;
  readonly dtdy: Float64Array;
  private readonly loc = new Float64Array(3);
  private readonly xMin: number;
  private readonly xMax: number;

  /**
   * ℓ and its gradient/Hessian in (s, m) at θ; grad and hess (4 and 4×4) receive the
   * s and m entries. Returns ℓ (−Infinity when a point is outside the support).
   */
  evaluate(theta: Float64Array, grad?: Float64Array, hess?: Float64Array, coarse = false): number {
    const alpha = theta[A];
    const beta = theta[B];
    const s = theta[S];
    const m = theta[M] * this.mScale;
    const table = this.table(alpha, beta, s, m, coarse);
    this.last = { table, theta: theta.slice(), coarse, located: grad !== undefined };
    const poly = table.poly;
    const coeffs = poly.coeffs;
    const deg = poly.degree;
    const m1 = deg + 1;
    const uLo = table.uLo;
    const uHi = table.uHi;
    const loc = this.loc;
    const { ks } = this.k(alpha, beta, s);
    const inv = Math.exp(-s);
    const out = this.buf;
    let ll = 0;
    let gs = 0;
    let gm = 0;
    let hss = 0;
    let hsm = 0;
    let hmm = 0;
    for (let i = 0; i < this.n; i++) {
      const y = (this.x[i] - m) * inv;
      // values only when no derivatives are asked for (the final log-likelihood)
      if (grad) {
        // the table's logWithDerivatives, with the piece, local variable and d t/d y kept per point
        // for derivativesAlphaBeta's pass over the same points and pieces
        let p = -1;
        const u = Math.asinh(y);
        if (u >= uLo && u <= uHi) {
          poly.locate(u, loc);
          const base = loc[0] * m1;
          if (coeffs[base] === coeffs[base]) {
            p = loc[0];
            clenshaw2(coeffs, base, deg, loc[1], out);
            // chain rule for u = asinh(y): u' = (1 + y²)^{−1/2}, u'' = −y (1 + y²)^{−3/2}
            const r = 1 / Math.sqrt(1 + y * y);
            const hu = out[1] * loc[2];
            out[1] = hu * r;
            out[2] = out[2] * loc[2] * loc[2] * r * r - hu * y * r * r * r;
            this.tLocal[i] = loc[1];
            this.dtdy[i] = loc[2] * r;
          }
        }
        if (p < 0) table.logWithDerivatives(y, out);
        this.piece[i] = p;
      } else out[0] = table.logValue(y);
      const L = out[0];
      if (!(L > -Infinity)) return -Infinity;
      ll += L;
      if (grad) {
        const L1 = out[1];
        const L2 = out[2];
        // with θ_M = m/mScale: z_θM = −mScale e^{−s}, z_s = −y − k_s, z_θMθM = 0, z_θMs = mScale e^{−s}, z_ss = y
        const zm = -inv * this.mScale;
        const zs = -y - ks;
        gs += L1 * zs;
        gm += L1 * zm;
        hss += L2 * zs * zs + L1 * y;
        hsm += L2 * zs * zm - L1 * zm;
        hmm += L2 * zm * zm;
      }
    }
    ll -= this.n * s;
    if (grad && hess) {
      grad[S] = gs - this.n;
      grad[M] = gm;
      hess[S * 4 + S] = hss;
      hess[S * 4 + M] = hess[M * 4 + S] = hsm;
      hess[M * 4 + M] = hmm;
    }
    return ll;
  }
}

/** Solve the small symmetric system (−H + λ diag) δ = g over the free indices (Gaussian elimination). */
function dampedStep(g: Float64Array, h: Float64Array, free: number[], lambda: number): Float64Array | null {
  const n = free.length;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    b[i] = g[free[i]];
    for (let j = 0; j < n; j++) a[i * n + j] = -h[free[i] * 4 + free[j]];
    a[i * n + i] += lambda * Math.max(1e-8, Math.abs(h[free[i] * 4 + free[i]]));
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (a[p * n + c] === 0) return null;
    if (p !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[p * n + j]] = [a[p * n + j], a[c * n + j]];
      [b[c], b[p]] = [b[p], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r];
    for (let j = r + 1; j < n; j++) sum -= a[r * n + j] * x[j];
    x[r] = sum / a[r * n + r];
  }
  const step = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) return null;
    step[free[i]] = x[i];
  }
  return step;
}

/**
 * dampedStep with every coordinate that sits on a bound (α = 2 or FIT_ALPHA_MIN, β = ±1) and that
 * the step would push outward held fixed (an active-set projected Newton step): without this the
 * clamped step drags the other coordinates along a direction computed for an impossible move, and
 * the fit stalls at the boundary (α = 0.5, β = 1 data).
 */
function boundedStep(theta: Float64Array, g: Float64Array, h: Float64Array, active: number[], lambda: number): { step: Float64Array | null; active: number[] } {
  let act = active;
  for (let round = 0; round < 3; round++) {
    const step = dampedStep(g, h, act, lambda);
    if (!step) return { step, active: act };
    const outward = act.filter(
      (i) =>
        (i === A && ((theta[A] >= 2 && step[A] > 0) || (theta[A] <= ALPHA_MIN && step[A] < 0))) ||
        (i === B && ((theta[B] >= 1 && step[B] > 0) || (theta[B] <= -1 && step[B] < 0))),
    );
    if (outward.length === 0) return { step, active: act };
    act = act.filter((i) => !outward.includes(i));
  }
  return { step: dampedStep(g, h, act, lambda), active: act };
}

function clampTheta(theta: Float64Array): void {
  theta[A] = Math.min(2, Math.max(ALPHA_MIN, theta[A]));
  theta[B] = Math.min(1, Math.max(-1, theta[B]));
}

/**
 * Gradient and Hessian of ℓ at θ in all four coordinates: (s, m) exactly from the
 * center table; (α, β) rows by finite differences of tables at shifted (α, β)
 * (one-sided next to the boundaries α = 2, β = ±1).
 */
function derivatives(
  lik: Likelihood,
  theta: Float64Array,
  free: number[],
  l0: number,
  g0: Float64Array,
  h0: Float64Array,
  fdSteps: Float64Array,
): void {
  const g = g0;
  const h = h0;
  const shifted = (idx: number, delta: number): { l: number; g: Float64Array; h: Float64Array } => {
    const t = theta.slice();
    t[idx] += delta;
    const gg = new Float64Array(4);
    const hh = new Float64Array(16);
    const l = lik.evaluate(t, gg, hh, true);
    return { l, g: gg, h: hh };
  };
  const steps: Record<number, { d: number; p1: ReturnType<typeof shifted>; p2: ReturnType<typeof shifted>; central: boolean }> = {};
  for (const idx of [A, B]) {
    if (!free.includes(idx)) continue;
    const hi = idx === A ? 2 : 1;
    const lo = idx === A ? ALPHA_MIN : -1;
    const c = theta[idx];
    const d = fdSteps[idx];
    if (c + d <= hi && c - d >= lo) {
      steps[idx] = { d, p1: shifted(idx, d), p2: shifted(idx, -d), central: true };
    } else if (c + d > hi) {
      steps[idx] = { d: -d, p1: shifted(idx, -d), p2: shifted(idx, -2 * d), central: false };
    } else {
      steps[idx] = { d, p1: shifted(idx, d), p2: shifted(idx, 2 * d), central: false };
    }
    const st = steps[idx];
    if (st.central) {
      g[idx] = (st.p1.l - st.p2.l) / (2 * d);
      h[idx * 4 + idx] = (st.p1.l - 2 * l0 + st.p2.l) / (d * d);
      for (const j of [S, M]) h[idx * 4 + j] = h[j * 4 + idx] = (st.p1.g[j] - st.p2.g[j]) / (2 * d);
    } else {
      // one-sided three-point formulas with step e = st.d (points c, c+e, c+2e)
      const e = st.d;
      g[idx] = (-3 * l0 + 4 * st.p1.l - st.p2.l) / (2 * e);
      h[idx * 4 + idx] = (l0 - 2 * st.p1.l + st.p2.l) / (e * e);
      for (const j of [S, M]) h[idx * 4 + j] = h[j * 4 + idx] = (-3 * g0[j] + 4 * st.p1.g[j] - st.p2.g[j]) / (2 * e);
    }
  }
  if (steps[A] && steps[B]) {
    // mixed α–β term from one extra table at (α + e_α, β + e_β)
    const ea = steps[A].d;
    const eb = steps[B].d;
    const t = theta.slice();
    t[A] += ea;
    t[B] += eb;
    const lab = lik.evaluate(t, undefined, undefined, true);
    const la = steps[A].p1.l;
    const lb = steps[B].p1.l;
    h[A * 4 + B] = h[B * 4 + A] = (lab - la - lb + l0) / (ea * eb);
  }
}

/**
 * The α and β rows of the gradient and Hessian by the same finite differences as `derivatives`, but
 * formed on the interpolants: the tables of the shifted laws are built on the pieces of the center
 * table (in y = (x − m)/σ, which does not move with α and β), their coefficient arrays are combined
 * into tables of ∂ℓ/∂α, ∂²ℓ/∂α², …, and their sums over the data are sums over the pieces of
 * coefficients times moments of the Chebyshev basis at the data (one pass). Each shifted law costs
 * one evaluation per node instead of an adaptive table build and a pass of its own. Points in a
 * piece that is not tabulated are evaluated pointwise. Returns false (nothing written) when the
 * center table is not the one for θ, at α = 1 in S1 (where the location shift depends on σ), or
 * when a shifted law does not fit the pieces (SAME_BREAKS_TOL, or not finite where the center is):
 * then `derivatives` (tables of their own) is used.
 */
function derivativesAlphaBeta(
  lik: Likelihood,
  theta: Float64Array,
  free: number[],
  g: Float64Array,
  h: Float64Array,
  fdSteps: Float64Array,
): boolean {
  const last = lik.last;
  if (!last || !last.located || last.theta.some((v, i) => v !== theta[i])) return false;
  if (lik.parameterization === "S1" && theta[A] === 1) return false;
  const center = last.table;
  const poly = center.poly;
  const alpha = theta[A];
  const beta = theta[B];
  const s = theta[S];
  const m = theta[M] * lik.mScale;
  // per free coordinate: the laws used and the weights of [center, p1, p2] in the first and second difference
  interface Row {
    idx: number;
    e: number;
    p1: PiecewiseChebyshev;
    law1: [number, number];
    law2: [number, number];
    w1: [number, number, number];
    w2: [number, number, number];
    d1: PiecewiseChebyshev;
    d2: PiecewiseChebyshev;
  }
  // a shifted law's table is usable when it fits the pieces and is finite wherever the center is
  const fits = (t: PiecewiseChebyshev): boolean => {
    if (!(t.worstTail <= SAME_BREAKS_TOL)) return false;
    const c0 = poly.coeffs;
    for (let q = 0; q < c0.length; q += poly.degree + 1) if (c0[q] === c0[q] && t.coeffs[q] !== t.coeffs[q]) return false;
    return true;
  };
  const rows: Row[] = [];
  for (const idx of [A, B]) {
    if (!free.includes(idx)) continue;
    const hi = idx === A ? 2 : 1;
    const lo = idx === A ? ALPHA_MIN : -1;
    const c = theta[idx];
    const d = fdSteps[idx];
    const at = (delta: number): [number, number] => (idx === A ? [alpha + delta, beta] : [alpha, beta + delta]);
    let e: number;
    let law1: [number, number];
    let law2: [number, number];
    let w1: [number, number, number];
    let w2: [number, number, number];
    if (c + d <= hi && c - d >= lo) {
      e = d;
      law1 = at(d);
      law2 = at(-d);
      w1 = [0, 1 / (2 * d), -1 / (2 * d)];
      w2 = [-2 / (d * d), 1 / (d * d), 1 / (d * d)];
    } else {
      // one-sided three-point formulas with step e (points c, c+e, c+2e)
      e = c + d > hi ? -d : d;
      law1 = at(e);
      law2 = at(2 * e);
      w1 = [-3 / (2 * e), 4 / (2 * e), -1 / (2 * e)];
      w2 = [1 / (e * e), -2 / (e * e), 1 / (e * e)];
    }
    const p1 = lik.sameBreaks(center, law1[0], law1[1], s);
    if (!fits(p1)) return false;
    const p2 = lik.sameBreaks(center, law2[0], law2[1], s);
    if (!fits(p2)) return false;
    const d1 = poly.combine([
      [w1[0], poly],
      [w1[1], p1],
      [w1[2], p2],
    ]);
    const d2 = poly.combine([
      [w2[0], poly],
      [w2[1], p1],
      [w2[2], p2],
    ]);
    rows.push({ idx, e, p1, law1, law2, w1, w2, d1, d2 });
  }
  let mixed: PiecewiseChebyshev | null = null;
  let mixedLaw: [number, number] = [alpha, beta];
  let mixedW = 0;
  if (rows.length === 2) {
    // mixed α–β term from one extra law at (α + e_α, β + e_β)
    const [ra, rb] = rows;
    mixedLaw = [alpha + ra.e, beta + rb.e];
    mixedW = 1 / (ra.e * rb.e);
    const pab = lik.sameBreaks(center, mixedLaw[0], mixedLaw[1], s);
    if (!fits(pab)) return false;
    mixed = poly.combine([
      [mixedW, pab],
      [-mixedW, ra.p1],
      [-mixedW, rb.p1],
      [mixedW, poly],
    ]);
  }
  const n = poly.degree;
  const m1 = n + 1;
  const inv = Math.exp(-s);
  const zm = -inv * lik.mScale;
  const d1c = rows.map((r) => r.d1.coeffs);
  const d2c = rows.map((r) => r.d2.coeffs);
  const mc = mixed ? mixed.coeffs : null;
  const nr = rows.length;
  const sum1 = new Float64Array(2);
  const sum2 = new Float64Array(2);
  const sumS = new Float64Array(2);
  const sumM = new Float64Array(2);
  let sumAB = 0;
  // pointwise fallback for a point in an untabulated piece: the same differences of pointwise values
  const pointRow = (r: Row, y: number): [number, number, number] => {
    const f = (law: [number, number], yy: number): number => lik.pointLog(law[0], law[1], s, yy);
    const L0 = lik.pointLog(alpha, beta, s, y);
    const l1 = f(r.law1, y);
    const l2 = f(r.law2, y);
    const step = 1e-4 * (1 + Math.abs(y));
    const dy = (yy: number): number => r.w1[0] * lik.pointLog(alpha, beta, s, yy) + r.w1[1] * f(r.law1, yy) + r.w1[2] * f(r.law2, yy);
    return [r.w1[0] * L0 + r.w1[1] * l1 + r.w1[2] * l2, r.w2[0] * L0 + r.w2[1] * l1 + r.w2[2] * l2, (dy(y + step) - dy(y - step)) / (2 * step)];
  };
  // Every combined table enters the sums linearly, so the sums over the data are sums over the
  // pieces of coefficients times per-piece moments of the Chebyshev basis: one pass over the data
  // accumulates M0 = Σ T_k(t_i), MD = Σ T'_k(t_i) dt/dy_i and MS = Σ T'_k(t_i) dt/dy_i (−y_i)
  // over the points i of each piece, whatever the number of tables.
  const pieces = poly.breaks.length - 1;
  const M0 = new Float64Array(pieces * m1);
  const MD = new Float64Array(pieces * m1);
  const MS = new Float64Array(pieces * m1);
  for (let i = 0; i < lik.n; i++) {
    const y = (lik.x[i] - m) * inv;
    let tabulated = false;
    const p = lik.piece[i];
    if (p >= 0) {
      const base = p * m1;
      tabulated = true;
      const t = lik.tLocal[i];
      const t2 = 2 * t;
      const dyScale = lik.dtdy[i];
      const dsy = -y * dyScale;
      // T_k(t) and T'_k(t) by their recurrences, accumulated as they come
      let tkm2 = 1;
      let tkm1 = t;
      let dkm2 = 0;
      let dkm1 = 1;
      M0[base] += 1;
      M0[base + 1] += t;
      MD[base + 1] += dyScale;
      MS[base + 1] += dsy;
      for (let k = 2; k <= n; k++) {
        const tk = t2 * tkm1 - tkm2;
        const dk = 2 * tkm1 + t2 * dkm1 - dkm2;
        M0[base + k] += tk;
        MD[base + k] += dk * dyScale;
        MS[base + k] += dk * dsy;
        tkm2 = tkm1;
        tkm1 = tk;
        dkm2 = dkm1;
        dkm1 = dk;
      }
    }
    if (!tabulated) {
      for (let j = 0; j < nr; j++) {
        const [l1, l2, ly] = pointRow(rows[j], y);
        sum1[j] += l1;
        sum2[j] += l2;
        sumS[j] += ly * -y;
        sumM[j] += ly * zm;
      }
      if (mixed) {
        const [ra, rb] = rows;
        sumAB +=
          mixedW *
          (lik.pointLog(mixedLaw[0], mixedLaw[1], s, y) -
            lik.pointLog(ra.law1[0], ra.law1[1], s, y) -
            lik.pointLog(rb.law1[0], rb.law1[1], s, y) +
            lik.pointLog(alpha, beta, s, y));
      }
    }
  }
  for (let j = 0; j < nr; j++) {
    const c1 = d1c[j];
    const c2 = d2c[j];
    let a1 = 0;
    let a2 = 0;
    let aS = 0;
    let aD = 0;
    for (let q = 0; q < c1.length; q++) {
      if (M0[q] === 0 && MD[q] === 0) continue;
      a1 += c1[q] * M0[q];
      a2 += c2[q] * M0[q];
      aS += c1[q] * MS[q];
      aD += c1[q] * MD[q];
    }
    sum1[j] += a1;
    sum2[j] += a2;
    sumS[j] += aS;
    sumM[j] += aD * zm;
  }
  if (mc) for (let q = 0; q < mc.length; q++) if (M0[q] !== 0) sumAB += mc[q] * M0[q];
  for (let j = 0; j < nr; j++) {
    const idx = rows[j].idx;
    g[idx] = sum1[j];
    h[idx * 4 + idx] = sum2[j];
    h[idx * 4 + S] = h[S * 4 + idx] = sumS[j];
    h[idx * 4 + M] = h[M * 4 + idx] = sumM[j];
  }
  if (mixed) h[A * 4 + B] = h[B * 4 + A] = sumAB;
  return true;
}

/**
 * `options.start` checked against the law's domain (each field required unless fixed); α below
 * FIT_ALPHA_MIN is projected up to it by the search's clamp.
 */
function checkStart(
  start: unknown,
  fix: NonNullable<FitOptions["fix"]>,
): { alpha: number; beta: number; scale: number; loc: number } {
  if (typeof start !== "object" || start === null) throw rangeError("start", start, "an object { alpha, beta, scale, loc }");
  const s = start as Record<string, unknown>;
  const alpha = fix.alpha ?? checkLeftOpen("start.alpha", s.alpha, 0, 2);
  const beta = fix.beta ?? checkClosed("start.beta", s.beta, -1, 1);
  const scale = fix.scale ?? checkPositive("start.scale", s.scale);
  const loc = fix.loc ?? checkFinite("start.loc", s.loc);
  return { alpha, beta, scale, loc };
}

/** Maximum-likelihood fit of a stable law to data. */
export function fit(data: ArrayLike<number>, options: FitOptions = {}): FitResult {
  checkSample("data", data, MIN_POINTS);
  const parameterization = options.parameterization ?? "S1";
  resolveStableParams({ alpha: 1, beta: 0, parameterization });
  const fix = options.fix ?? {};
  // the search (and its tables) cover α ≥ FIT_ALPHA_MIN: a smaller fixed α is refused, not moved
  if (fix.alpha !== undefined) checkClosed("fix.alpha", fix.alpha, FIT_ALPHA_MIN, 2);
  if (fix.beta !== undefined) checkClosed("fix.beta", fix.beta, -1, 1);
  if (fix.scale !== undefined) checkPositive("fix.scale", fix.scale);
  if (fix.loc !== undefined) checkFinite("fix.loc", fix.loc);
  const maxIterations: unknown = options.maxIterations === undefined ? 40 : options.maxIterations;
  if (typeof maxIterations !== "number" || !Number.isInteger(maxIterations) || maxIterations < 0 || maxIterations > MAX_FIT_ITERATIONS) {
    throw rangeError("maxIterations", maxIterations, `{0, 1, ..., ${MAX_FIT_ITERATIONS}} (an integer)`);
  }
  const warm = options.start === undefined ? undefined : checkStart(options.start, fix);
  const x = Float64Array.from(data);

  // α = 2: β has no effect on the law
  const betaFree = fix.beta === undefined && !(fix.alpha === 2);
  const free = [A, B, S, M].filter(
    (i) => (i === A && fix.alpha === undefined) || (i === B && betaFree) || (i === S && fix.scale === undefined) || (i === M && fix.loc === undefined),
  );
  const setup = (start: { alpha: number; beta: number; scale: number; loc: number }) => {
    const startScale = fix.scale ?? start.scale;
    const mScale = startScale > 0 && Number.isFinite(startScale) ? startScale : 1;
    const theta = new Float64Array([
      fix.alpha ?? start.alpha,
      fix.beta ?? start.beta,
      Math.log(fix.scale ?? start.scale),
      (fix.loc ?? start.loc) / mScale,
    ]);
    if (fix.alpha === 2 && fix.beta === undefined) theta[B] = 0;
    clampTheta(theta);
    return { theta, lik: new Likelihood(x, parameterization, mScale) };
  };

  let start: { alpha: number; beta: number; scale: number; loc: number };
  let warmStart = false;
  let theta: Float64Array;
  let lik: Likelihood;
  let g = new Float64Array(4);
  let h = new Float64Array(16);
  let l = -Infinity;
  let tablesBefore = 0;
  if (warm) {
    ({ theta, lik } = setup(warm));
    l = lik.evaluate(theta, g, h, true);
    warmStart = l > -Infinity;
    // the warm start's tables count in tablesBuilt even when it is abandoned
    tablesBefore = lik.tables;
  }
  if (warmStart) {
    start = warm!;
  } else {
    start = mccullochEstimate(x, { parameterization });
    ({ theta, lik } = setup(start));
    lik.tables += tablesBefore;
    l = lik.evaluate(theta, g, h, true);
  }
  const startTheta = theta!.slice();
  theta = theta!;
  lik = lik!;
  let iterations = 0;
  let converged = free.length === 0;
  let lambda = 1e-3;
  const fdSteps = new Float64Array(4).fill(FD_STEP_START);
  /** θ at which ℓ was last evaluated with the final (1e-10) table, if that is the current θ. */
  let finalAt: Float64Array | null = null;
  for (; iterations < maxIterations && !converged && l > -Infinity; iterations++) {
    if (!derivativesAlphaBeta(lik, theta, free, g, h, fdSteps)) derivatives(lik, theta, free, l, g, h, fdSteps);
    // β carries no information as α → 2 (the law no longer depends on it): hold it where it is
    const active = free.filter((i) => !(i === B && -h[B * 4 + B] < NO_INFORMATION * lik.n));
    for (const i of [A, B]) {
      const curvature = -h[i * 4 + i];
      if (curvature > 0) fdSteps[i] = Math.min(FD_STEP_MAX, Math.max(FD_STEP_MIN, FD_STEP_PER_SE / Math.sqrt(curvature)));
    }
    // a Newton step far below a standard error: the maximum is reached
    const { step: newton, active: newtonActive } = boundedStep(theta, g, h, active, 0);
    if (newton) {
      let predicted = 0;
      for (const i of newtonActive) predicted += 0.5 * g[i] * newton[i];
      if (predicted >= 0 && predicted < GAIN_TOL) {
        converged = true;
        break;
      }
    }
    let accepted = false;
    for (let tries = 0; tries < 12; tries++) {
      const { step, active: stepActive } = boundedStep(theta, g, h, active, lambda);
      if (!step) {
        lambda *= 10;
        continue;
      }
      // keep α and β steps modest so the finite differences stay meaningful
      const big = Math.max(Math.abs(step[A]) / 0.25, Math.abs(step[B]) / 0.5, Math.abs(step[S]) / 0.5, 1);
      const trial = theta.slice();
      for (const i of stepActive) trial[i] += step[i] / big;
      clampTheta(trial);
      const gt = new Float64Array(4);
      const ht = new Float64Array(16);
      // a full Newton step that would end the search if accepted (see below) is evaluated with the
      // final table (1e-10): then that evaluation is the reported log-likelihood as well
      let trialSe = 0;
      for (const i of free) trialSe = Math.max(trialSe, Math.abs(trial[i] - theta[i]) * Math.sqrt(Math.max(0, -h[i * 4 + i])));
      const trialSeTol = Math.abs(trial[A] - 1) < NEAR_ONE_RIDGE ? STEP_SE_TOL_NEAR_ONE : STEP_SE_TOL;
      const last = tries === 0 && Math.max(1e-6, lambda / 4) <= 1e-3 && trialSe < trialSeTol;
      const lt = lik.evaluate(trial, gt, ht, !last);
      if (lt > l) {
        const gain = lt - l;
        let moved = 0;
        // the accepted step in standard errors, 1/sqrt(−H_ii) from the Hessian it was computed with
        let movedSe = 0;
        for (const i of free) {
          moved = Math.max(moved, Math.abs(trial[i] - theta[i]));
          movedSe = Math.max(movedSe, Math.abs(trial[i] - theta[i]) * Math.sqrt(Math.max(0, -h[i * 4 + i])));
        }
        theta.set(trial);
        l = lt;
        g = gt;
        h = ht;
        accepted = true;
        lambda = Math.max(1e-6, lambda / 4);
        // a full Newton step this small leaves a next step of a few percent of it (the
        // finite-difference Hessian is good to ~10%): the maximum is reached to well below one SE
        const fullNewton = lambda <= 1e-3 && tries === 0;
        const seTol = Math.abs(theta[A] - 1) < NEAR_ONE_RIDGE ? STEP_SE_TOL_NEAR_ONE : STEP_SE_TOL;
        if (moved < 1e-7 || gain < 0.1 * GAIN_TOL || (fullNewton && movedSe < seTol)) converged = true;
        finalAt = last ? theta.slice() : null;
        break;
      }
      if (l - lt < GAIN_TOL) {
        // the trial lands within rounding of ℓ: we are at the maximum to the resolution that matters
        converged = true;
        accepted = true;
        break;
      }
      lambda *= 8;
    }
    if (!accepted) {
      // no ascent direction improves ℓ at the finite-difference resolution: a maximum
      converged = true;
    }
  }
  const method = l > -Infinity ? "mle" : "quantile";
  const final = method === "mle" ? theta : startTheta;
  // the final log-likelihood at 1e-10 per point, unless the last accepted step was evaluated so
  if (method === "mle" && !(finalAt && finalAt.every((v, i) => v === final[i]))) l = lik.evaluate(final);
  return {
    alpha: final[A],
    beta: final[B],
    scale: Math.exp(final[S]),
    loc: final[M] * lik.mScale,
    parameterization,
    logLikelihood: method === "mle" ? l : -Infinity,
    start: warmStart
      ? { alpha: startTheta[A], beta: startTheta[B], scale: Math.exp(startTheta[S]), loc: startTheta[M] * lik.mScale }
      : { alpha: start.alpha, beta: start.beta, scale: start.scale, loc: start.loc },
    warmStart,
    iterations,
    tablesBuilt: lik.tables,
    converged,
    method,
  };
}
