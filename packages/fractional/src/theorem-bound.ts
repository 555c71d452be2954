/**
 * The error bound of Theorem 4.2, eq. (4.9), γ = α − 2:
 *
 *   |ν(g) − lim ν̃_N(g)| ≤ C̃/(4π(|γ| + 2)) · [|θ||γ| + |tan(γπ/2)||γ|] · h
 *                        + ((1 + θ) C′₀ + (1 − θ) C″₀) / (hK) + O(h²).
 *
 * `theorem42Terms` gives both terms for given constants (the O(h²) remainder is not
 * modelled); `fitTheorem42Constants` estimates C̃, C′₀, C″₀ ≥ 0 from measured weak errors
 * by non-negative least squares (all 2³ active sets of the 3-column problem), so that a
 * figure can draw the bound beside the measurement.
 */
import { checkClosed, checkCount, checkLeftOpen, checkPositive, rangeError } from "./validate.js";

export interface BoundSetting {
  alpha: number;
  theta: number;
  h: number;
  K: number;
}

export interface BoundConstants {
  cTilde: number;
  c0Prime: number;
  c0DoublePrime: number;
}

export interface BoundTerms {
  /** C̃/(4π(|γ|+2)) · |γ|(|θ| + |tan(γπ/2)|) · h: the discretisation (bias) term. */
  discretisation: number;
  /** ((1+θ)C′₀ + (1−θ)C″₀)/(hK): the truncation term (Infinity for K = 0). */
  truncation: number;
  /** Their sum. */
  total: number;
}

function checkSetting(s: BoundSetting): void {
  checkLeftOpen("alpha", s.alpha, 1, 2);
  checkClosed("theta", s.theta, -1, 1);
  checkPositive("h", s.h);
  checkCount("K", s.K);
}

/** Shape of the first term per unit C̃: |γ|(|θ| + |tan(γπ/2)|) h / (4π(|γ|+2)). */
export function discretisationShape(s: BoundSetting): number {
  const g = Math.abs(s.alpha - 2);
  return (g * (Math.abs(s.theta) + Math.abs(Math.tan(((s.alpha - 2) * Math.PI) / 2))) * s.h) / (4 * Math.PI * (g + 2));
}

/** Both terms of (4.9) for a setting and given constants. */
export function theorem42Terms(s: BoundSetting, c: BoundConstants): BoundTerms {
  checkSetting(s);
  for (const k of ["cTilde", "c0Prime", "c0DoublePrime"] as const) {
    if (!(c[k] >= 0) || !Number.isFinite(c[k])) throw rangeError(k, c[k], "[0, Infinity)");
  }
  const discretisation = c.cTilde * discretisationShape(s);
  const truncation = s.K === 0 ? Infinity : ((1 + s.theta) * c.c0Prime + (1 - s.theta) * c.c0DoublePrime) / (s.h * s.K);
  return { discretisation, truncation, total: discretisation + truncation };
}

export interface MeasuredWeakError extends BoundSetting {
  /** Measured |ν(g) − ν̃_N(g)|. */
  error: number;
}

export interface FittedConstants extends BoundConstants {
  /** Root-mean-square of (fitted total − measured error), in the errors' units. */
  rms: number;
  /** Terms of the fitted bound at each measured setting, in input order. */
  fitted: BoundTerms[];
}

/**
 * Non-negative least-squares estimate of (C̃, C′₀, C″₀) from measured weak errors:
 * error_i ≈ C̃·a_i + C′₀·(1+θ_i)/(h_iK_i) + C″₀·(1−θ_i)/(h_iK_i), a_i the discretisation shape.
 * `weighting: 'relative'` (default) minimises Σ((model − e)/e)², so errors spanning decades
 * count alike; 'absolute' minimises Σ(model − e)². With a single θ the two truncation
 * constants are not separately identifiable; the fit then puts the weight on one of them.
 * Settings with K = 0 are rejected (their truncation term is infinite).
 */
export function fitTheorem42Constants(
  data: ReadonlyArray<MeasuredWeakError>,
  options: { weighting?: "relative" | "absolute" } = {},
): FittedConstants {
  if (!Array.isArray(data) || data.length < 1) throw new RangeError("data must hold at least one measured weak error");
  const weighting = options.weighting ?? "relative";
  if (weighting !== "relative" && weighting !== "absolute") throw rangeError("weighting", weighting, "{'relative', 'absolute'}");
  const rows: number[][] = [];
  const y: number[] = [];
  data.forEach((d, i) => {
    checkSetting(d);
    if (d.K === 0) throw rangeError(`data[${i}].K`, 0, "{1, 2, ...} (K = 0 makes the truncation term infinite)");
    const lo = weighting === "relative" ? "(0, Infinity)" : "[0, Infinity)";
    if (!(weighting === "relative" ? d.error > 0 : d.error >= 0) || !Number.isFinite(d.error)) throw rangeError(`data[${i}].error`, d.error, lo);
    // relative: minimise Σ((model − e)/e)², i.e. divide each row and its target by e
    // (divisions in this order, so that e.g. 1/(h·K·e) does not overflow on the way).
    const e = weighting === "relative" ? d.error : 1;
    const hK = d.h * d.K;
    const row = [discretisationShape(d) / e, (1 + d.theta) / hK / e, (1 - d.theta) / hK / e];
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw rangeError(`data[${i}] (column ${j} of the fit)`, v, "(-Infinity, Infinity): h·K or the error is too extreme to represent");
    });
    rows.push(row);
    y.push(weighting === "relative" ? 1 : d.error);
  });
  // Scale each column and the target to a largest entry of 1, so that errors and settings of any
  // magnitude (1e-300 … 1e300) neither overflow nor underflow in the normal equations.
  const colScale = [0, 1, 2].map((j) => rows.reduce((m, r) => Math.max(m, Math.abs(r[j])), 0));
  const yScale = y.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const R = rows.map((r) => r.map((v, j) => (colScale[j] > 0 ? v / colScale[j] : 0)));
  const Y = y.map((v) => v / yScale);
  let best: { x: number[]; sse: number } = { x: [0, 0, 0], sse: Y.reduce((s, v) => s + v * v, 0) };
  for (let mask = 1; mask < 8; mask++) {
    const cols = [0, 1, 2].filter((j) => mask & (1 << j) && colScale[j] > 0);
    if (cols.length === 0 || cols.length !== [0, 1, 2].filter((j) => mask & (1 << j)).length) continue;
    const x = leastSquares(R, Y, cols);
    if (!x || x.some((v) => !(v >= 0))) continue;
    const full = [0, 0, 0];
    cols.forEach((j, i) => (full[j] = x[i]));
    const sse = R.reduce((s, r, i) => s + (r[0] * full[0] + r[1] * full[1] + r[2] * full[2] - Y[i]) ** 2, 0);
    if (sse < best.sse) best = { x: full, sse };
  }
  // Back to the original units: C_j = x_j · yScale / colScale_j.
  const back = best.x.map((v, j) => (v === 0 ? 0 : (v / colScale[j]) * yScale));
  back.forEach((v, j) => {
    if (!Number.isFinite(v)) throw new RangeError(`the fitted constant ${["cTilde", "c0Prime", "c0DoublePrime"][j]} = ${v} is not representable: the data span too many orders of magnitude`);
  });
  const c = { cTilde: back[0], c0Prime: back[1], c0DoublePrime: back[2] };
  const fitted = data.map((d) => {
    const discretisation = c.cTilde * discretisationShape(d);
    const truncation = ((1 + d.theta) * c.c0Prime + (1 - d.theta) * c.c0DoublePrime) / (d.h * d.K);
    return { discretisation, truncation, total: discretisation + truncation };
  });
  // rms in the errors' units, scaled so that squares of errors near 1e300 do not overflow.
  const eScale = data.reduce((m, d, i) => Math.max(m, Math.abs(d.error), Math.abs(fitted[i].total)), 0) || 1;
  const rms = eScale * Math.sqrt(data.reduce((a, d, i) => a + ((fitted[i].total - d.error) / eScale) ** 2, 0) / data.length);
  return { ...c, rms, fitted };
}

/** Least squares on the chosen columns by the normal equations (≤ 3 unknowns); null if singular. */
function leastSquares(rows: number[][], y: number[], cols: number[]): number[] | null {
  const n = cols.length;
  const A = cols.map((a) => cols.map((b) => rows.reduce((s, r) => s + r[a] * r[b], 0)));
  const bvec = cols.map((a) => rows.reduce((s, r, i) => s + r[a] * y[i], 0));
  // Gaussian elimination with partial pivoting.
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(A[k][i]) > Math.abs(A[p][i])) p = k;
    if (Math.abs(A[p][i]) < 1e-300) return null;
    [A[i], A[p]] = [A[p], A[i]];
    [bvec[i], bvec[p]] = [bvec[p], bvec[i]];
    for (let k = i + 1; k < n; k++) {
      const f = A[k][i] / A[i][i];
      for (let j = i; j < n; j++) A[k][j] -= f * A[i][j];
      bvec[k] -= f * bvec[i];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = bvec[i];
    for (let j = i + 1; j < n; j++) s -= A[i][j] * x[j];
    x[i] = s / A[i][i];
  }
  // Reject near-singular systems (collinear columns, e.g. a single θ).
  const scale = Math.max(...cols.map((_, i) => Math.abs(A[i][i])));
  if (cols.some((_, i) => Math.abs(A[i][i]) < 1e-12 * scale)) return null;
  return x;
}
