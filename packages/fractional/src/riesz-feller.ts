/**
 * The Riesz–Feller-type operator Δ^{γ,−θ}_{h,K} of eq. (4.8), a Grünwald–Letnikov
 * discretisation of
 *   D ψ(x) = c_γ/Γ(−γ) ∫₀^∞ y^{−γ−1} [(1 + θ) ψ(x − y) + (1 − θ) ψ(x + y)] dy,
 * whose Fourier symbol (transform ∫ψ e^{−iξx}) is |ξ|^γ (1 + iθ sgn ξ tan(γπ/2)),
 * c_γ = 1/(2 cos(γπ/2)), γ ∈ (−1, 0] (γ = α − 2).
 *
 * Variants (notes/fractional-drift.md):
 * - `consistent` (default): c_γ h^{−γ} [(1+θ) Σ_{k=0}^K g_k ψ(x−kh) + (1−θ) Σ_{k=0}^K g_k ψ(x+kh)];
 *   the k = 0 term is counted in both sums (total weight 2). First order in h.
 * - `literal`: the paper's single sum Σ_{k=−K}^{K} (1 + θ sgn k) g_{|k|} ψ(x − kh) read
 *   literally (k = 0 weight 1). Converges only like h^{2−α} and tends to ψ/2 as α → 2;
 *   offered for comparison only.
 * - `wsgd`: each one-sided sum replaced by the second-order weighted-shifted
 *   Grünwald formula (Tian, Zhou & Deng 2015), shifts (1, 0). Second order in h.
 */
import { grunwaldWeights, wsgdWeights } from "./grunwald-weights.js";
import { LIMITS, checkClosed, checkCountMax, checkFinite, checkFunction, checkLeftOpen, checkPositive, rangeError } from "./validate.js";

export type OperatorVariant = "consistent" | "literal" | "wsgd";

export interface OperatorOptions {
  /** Order γ ∈ (−1, 0] (γ = α − 2). */
  gamma: number;
  /** Skewness θ ∈ [−1, 1]: the left sum is weighted 1 + θ, the right one 1 − θ. */
  theta: number;
  /** Grid step h > 0. */
  h: number;
  /** Number of terms K on each side, 0 ≤ K ≤ 10⁶ (LIMITS.K). */
  K: number;
  /** Discretisation; default 'consistent'. */
  variant?: OperatorVariant;
}

/** c_γ = 1/(2 cos(γπ/2)). */
export function cGamma(gamma: number): number {
  return 1 / (2 * Math.cos((gamma * Math.PI) / 2));
}

/** Validated options with defaults. */
export function resolveOperatorOptions(o: OperatorOptions): Required<OperatorOptions> {
  if (o == null || typeof o !== "object") throw new TypeError("options must be an object { gamma, theta, h, K }");
  checkLeftOpen("gamma", o.gamma, -1, 0);
  checkClosed("theta", o.theta, -1, 1);
  checkPositive("h", o.h);
  checkCountMax("K", o.K, LIMITS.K);
  const variant = o.variant ?? "consistent";
  if (variant !== "consistent" && variant !== "literal" && variant !== "wsgd") {
    throw rangeError("variant", variant, "{'consistent', 'literal', 'wsgd'}");
  }
  return { gamma: o.gamma, theta: o.theta, h: o.h, K: o.K, variant };
}

/**
 * Left/right coefficient tables of a variant: value = c_γ h^{−γ} Σ_j [L_j ψ(x − jh) + R_j ψ(x + jh)],
 * j = first … K (first = −1 for wsgd, 0 otherwise). Shared with the drift.
 */
export interface StencilTables {
  first: number;
  left: Float64Array;
  right: Float64Array;
  scale: number;
}

export function stencil(o: Required<OperatorOptions>): StencilTables {
  const { gamma, theta, h, K, variant } = o;
  const scale = cGamma(gamma) * Math.pow(h, -gamma);
  if (variant === "wsgd") {
    const w = wsgdWeights(gamma, K);
    const left = new Float64Array(K + 2), right = new Float64Array(K + 2);
    for (let i = 0; i < K + 2; i++) {
      left[i] = (1 + theta) * w[i];
      right[i] = (1 - theta) * w[i];
    }
    return { first: -1, left, right, scale };
  }
  const g = grunwaldWeights(gamma, K);
  const left = new Float64Array(K + 1), right = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    left[k] = (1 + theta) * g[k];
    right[k] = (1 - theta) * g[k];
  }
  if (variant === "literal") {
    // k = 0 once, with weight 1 (sgn 0 = 0).
    left[0] = 0.5;
    right[0] = 0.5;
  }
  return { first: 0, left, right, scale };
}

/** Δ^{γ,−θ}_{h,K} ψ(x) (eq. 4.8) at one point. */
export function rieszFeller(psi: (x: number) => number, x: number, options: OperatorOptions): number {
  checkFunction("psi", psi);
  checkFinite("x", x);
  const o = resolveOperatorOptions(options);
  const t = stencil(o);
  return applyStencil(psi, x, o.h, t);
}

/** Δ^{γ,−θ}_{h,K} ψ at every point of `xs` (stencil built once). */
export function rieszFellerAt(psi: (x: number) => number, xs: ArrayLike<number>, options: OperatorOptions): Float64Array {
  checkFunction("psi", psi);
  const o = resolveOperatorOptions(options);
  const t = stencil(o);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = applyStencil(psi, checkFinite(`xs[${i}]`, xs[i]), o.h, t);
  return out;
}

/** ψ(v), which must be a finite number (a NaN or ±Infinity would make the whole sum meaningless). */
function psiAt(psi: (x: number) => number, v: number): number {
  const y = psi(v);
  if (typeof y !== "number" || y - y !== 0) throw rangeError(`psi(${v})`, y, "(-Infinity, Infinity) (psi must return finite numbers)");
  return y;
}

function applyStencil(psi: (x: number) => number, x: number, h: number, t: StencilTables): number {
  let s = 0;
  for (let i = 0; i < t.left.length; i++) {
    const j = i + t.first;
    s += t.left[i] * psiAt(psi, x - j * h) + t.right[i] * psiAt(psi, x + j * h);
  }
  const v = t.scale * s;
  if (v - v !== 0) throw new RangeError(`the operator's sum overflowed to ${v} at x = ${x} (|psi| too large for K = ${t.left.length - 1 - t.first})`);
  return v;
}
