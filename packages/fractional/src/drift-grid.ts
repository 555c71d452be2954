/**
 * b_{h,K} precomputed on an even grid for simulation (vectorised form of eq. 4.8).
 *
 * The grid spacing is δ = h/m (m = `refine`, a positive integer), so every shifted point
 * w ± kh of a node is itself a node of an extended lattice and f, f′ are evaluated once
 * per lattice node. With F_i = f(w_i), E_i = f′(w_i) e^{−ε^{−α}(F_i − F_min)} (F_min the
 * smallest F on the lattice, so E never overflows),
 *   b(w_n) = −c_γ h^{−γ} e^{ε^{−α}(F_n − F_min)} Σ_k [L_k E_{n−km} + R_k E_{n+km}],
 * taken in log space and clamped to ±maxAbs. Cost O(G·K) multiply-adds for G nodes.
 * Between nodes the drift is interpolated linearly; outside [lo, hi] the end value is
 * used (it points back into the grid for a confining potential).
 */
import { type DriftOptions, clampedProduct, driftResolved, resolveDriftOptions } from "./drift.js";
import { stencil } from "./riesz-feller.js";
import { LIMITS, checkFinite, rangeError } from "./validate.js";

export interface DriftGridOptions extends DriftOptions {
  /** Left end of the grid. */
  lo: number;
  /** Right end of the grid (rounded up to a whole number of spacings). */
  hi: number;
  /** Nodes per Grünwald step h (spacing h/refine); default 1. */
  refine?: number;
}

export interface DriftGrid {
  lo: number;
  hi: number;
  /** Node spacing δ = h/refine. */
  spacing: number;
  /** b_{h,K} at lo + i·spacing. */
  values: Float64Array;
  /** Linear interpolation (end values outside [lo, hi]). */
  at(w: number): number;
}

/** Σ_i L_i E[c − (i+first)m] + R_i E[c + (i+first)m] (a small hot function, so the JIT optimises it early). */
function stencilSum(E: Float64Array, c: number, left: Float64Array, right: Float64Array, n: number, first: number, m: number): number {
  let s = 0;
  let lo = c - first * m, hi = c + first * m;
  for (let i = 0; i < n; i++) {
    s += left[i] * E[lo] + right[i] * E[hi];
    lo -= m;
    hi += m;
  }
  return s;
}

export function driftGrid(options: DriftGridOptions): DriftGrid {
  const o = resolveDriftOptions(options);
  const lo = checkFinite("lo", options.lo);
  const hiIn = checkFinite("hi", options.hi);
  if (!(hiIn > lo)) throw rangeError("hi", hiIn, `(${lo}, Infinity) (greater than lo)`);
  const m = options.refine ?? 1;
  if (!Number.isSafeInteger(m) || m < 1 || m > LIMITS.refine) throw rangeError("refine", m, `{1, 2, 3, ..., ${LIMITS.refine}}`);
  const spacing = o.h / m;
  const G = Math.ceil((hiIn - lo) / spacing - 1e-9) + 1;
  if (!(G <= LIMITS.gridNodes)) {
    throw rangeError("nodes", G, `[2, ${LIMITS.gridNodes}] (nodes = (hi − lo)/spacing + 1 with spacing h/refine = ${spacing}; widen h or narrow [lo, hi])`);
  }
  // Bounds checked before the stencil and the lattice are allocated.
  // Shifts j = jMin … K (jMin = −1 for wsgd, 0 otherwise), as in the stencil.
  const pad = Math.max(o.variant === "wsgd" ? 1 : 0, o.K) * m;
  const L = G + 2 * pad;
  if (L > LIMITS.lattice) throw rangeError("lattice points (nodes + 2·refine·K)", L, `[1, ${LIMITS.lattice}]`);
  if (G * (o.K + 2) > LIMITS.gridWork) throw rangeError("nodes · (K + 2)", G * (o.K + 2), `[1, ${LIMITS.gridWork}] (the multiply-adds of the grid)`);
  const t = stencil({ gamma: o.gamma, theta: o.theta, h: o.h, K: o.K, variant: o.variant });
  const F = new Float64Array(L);
  const Fp = new Float64Array(L);
  let Fmin = Infinity;
  for (let i = 0; i < L; i++) {
    const w = lo + (i - pad) * spacing;
    const fv = o.f(w);
    if (Number.isNaN(fv)) throw rangeError(`f(${w})`, fv, "(-Infinity, Infinity]");
    F[i] = fv;
    if (fv < Fmin) Fmin = fv;
    if (fv !== Infinity) {
      const fp = o.fPrime(w);
      if (!Number.isFinite(fp)) throw rangeError(`fPrime(${w})`, fp, "(-Infinity, Infinity)");
      Fp[i] = fp;
    }
  }
  if (!Number.isFinite(Fmin)) throw rangeError("min f on the grid", Fmin, "(-Infinity, Infinity)");
  const inv = Math.pow(o.epsilon, -o.alpha);
  const E = new Float64Array(L);
  for (let i = 0; i < L; i++) E[i] = F[i] === Infinity ? 0 : Fp[i] * Math.exp(-inv * (F[i] - Fmin));
  const values = new Float64Array(G);
  const nT = t.left.length;
  for (let n = 0; n < G; n++) {
    const c = n + pad;
    const s = stencilSum(E, c, t.left, t.right, nT, t.first, m);
    const fn = F[c];
    if (!Number.isFinite(fn)) throw rangeError(`f(${lo + n * spacing})`, fn, "(-Infinity, Infinity) (f must be finite on the grid)");
    // A sum that underflowed (window far from the wells): redo this node pointwise.
    if (Math.abs(s) < 1e-280) values[n] = driftResolved(lo + n * spacing, o, t);
    else values[n] = clampedProduct(-t.scale * s, inv * (fn - Fmin), o.maxAbs);
    if (Number.isNaN(values[n])) throw new RangeError(`the drift at node w = ${lo + n * spacing} is NaN (the lattice sum is ${s}); f′ is too large for this K`);
  }
  const hi = lo + (G - 1) * spacing;
  const invSpacing = 1 / spacing;
  return {
    lo,
    hi,
    spacing,
    values,
    at(w: number): number {
      if (Number.isNaN(w)) throw rangeError("w", w, "[-Infinity, Infinity] (a number; end values outside the grid)");
      const x = (w - lo) * invSpacing;
      if (!(x > 0)) return values[0];
      if (x >= G - 1) return values[G - 1];
      const i = Math.floor(x);
      const u = x - i;
      return values[i] + u * (values[i + 1] - values[i]);
    },
  };
}
