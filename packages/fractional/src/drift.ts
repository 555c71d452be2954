/**
 * The drift b_{h,K} of the asymmetric fractional Langevin dynamics (eqs. 4.6–4.8):
 *
 *   b_{h,K}(w) = ε^α Δ^{α−2,−θ}_{h,K}(φ′)(w) / φ(w),  φ = e^{−ε^{−α} f},
 *
 * which, since φ′ = −ε^{−α} f′ φ, is
 *
 *   b_{h,K}(w) = −c_γ h^{−γ} Σ_k [L_k f′(w − kh) e^{r(w−kh)} + R_k f′(w + kh) e^{r(w+kh)}],
 *   r(v) = −ε^{−α}(f(v) − f(w)),
 *
 * with L_k = (1 + θ) g_k, R_k = (1 − θ) g_k for the consistent operator (k = 0 in both
 * sums; see riesz-feller.ts for the variants). φ is never formed: the sum is taken
 * relative to its largest exponent (log-sum-exp), so neither e^{−ε^{−α}f} underflowing
 * nor e^{r} overflowing can turn the result into 0/0 or ∞. The true drift grows roughly
 * like e^{ε^{−α} f(w)} in the tails; results beyond `maxAbs` are clamped to ±maxAbs
 * (default 1e300) so that the value is always finite.
 */
import { type OperatorVariant, resolveOperatorOptions, stencil } from "./riesz-feller.js";
import { checkFinite, checkFunction, checkLeftOpen, checkPositive, rangeError } from "./validate.js";

export interface DriftOptions {
  /** The potential f. */
  f: (w: number) => number;
  /** Its derivative f′. */
  fPrime: (w: number) => number;
  /** Stability index α ∈ (1, 2] (γ = α − 2). */
  alpha: number;
  /** Skewness θ ∈ [−1, 1]. */
  theta: number;
  /** Noise scale ε > 0 with ε^{−α} finite (Gibbs density ∝ e^{−f/ε^α}). */
  epsilon: number;
  /** Grünwald step h > 0. */
  h: number;
  /** Terms per side, 0 ≤ K ≤ 10⁶; K·h should cover the wells (K·h ≳ |w| + 4). */
  K: number;
  /** Operator discretisation; default 'consistent'. */
  variant?: OperatorVariant;
  /** Clamp for |b| (default 1e300). */
  maxAbs?: number;
}

/**
 * ε^{−α} must be a finite double: below ε_min = (1.8·10³⁰⁸)^{−1/α} (≈ 7.5·10⁻¹⁵⁵ at α = 2,
 * ≈ 10⁻²⁰⁶ at α = 1.5) it overflows and every exponent −ε^{−α}(f(v) − f(w)) with f(v) = f(w)
 * becomes ∞·0 = NaN. Such an ε is refused, naming the smallest allowed value.
 */
export function checkEpsilonPower(epsilon: number, alpha: number): void {
  if (!Number.isFinite(Math.pow(epsilon, -alpha))) {
    const min = Math.pow(Number.MAX_VALUE, -1 / alpha);
    throw rangeError("epsilon", epsilon, `[${min.toPrecision(3)}, Infinity) (epsilon^-alpha must be finite for alpha = ${alpha})`);
  }
}

export interface ResolvedDriftOptions extends Required<DriftOptions> {
  gamma: number;
}

export function resolveDriftOptions(o: DriftOptions): ResolvedDriftOptions {
  if (o == null || typeof o !== "object") throw new TypeError("options must be an object { f, fPrime, alpha, theta, epsilon, h, K }");
  checkFunction("f", o.f);
  checkFunction("fPrime", o.fPrime);
  checkLeftOpen("alpha", o.alpha, 1, 2);
  checkPositive("epsilon", o.epsilon);
  checkEpsilonPower(o.epsilon, o.alpha);
  const maxAbs = o.maxAbs ?? 1e300;
  checkPositive("maxAbs", maxAbs);
  const gamma = o.alpha - 2;
  const op = resolveOperatorOptions({ gamma, theta: o.theta, h: o.h, K: o.K, variant: o.variant });
  return { ...o, variant: op.variant, maxAbs, gamma };
}

/** b_{h,K}(w) of eq. (4.8), computed in log space (never forms φ). */
export function drift(w: number, options: DriftOptions): number {
  checkFinite("w", w);
  const o = resolveDriftOptions(options);
  return driftResolved(w, o, stencil({ gamma: o.gamma, theta: o.theta, h: o.h, K: o.K, variant: o.variant }));
}

/** b_{h,K} at every point of `ws`. */
export function driftAt(ws: ArrayLike<number>, options: DriftOptions): Float64Array {
  const o = resolveDriftOptions(options);
  const t = stencil({ gamma: o.gamma, theta: o.theta, h: o.h, K: o.K, variant: o.variant });
  const out = new Float64Array(ws.length);
  for (let i = 0; i < ws.length; i++) out[i] = driftResolved(checkFinite(`ws[${i}]`, ws[i]), o, t);
  return out;
}

/** Core of `drift` with validated options and a built stencil. */
export function driftResolved(
  w: number,
  o: ResolvedDriftOptions,
  t: { first: number; left: Float64Array; right: Float64Array; scale: number },
): number {
  const { f, fPrime, h } = o;
  const inv = Math.pow(o.epsilon, -o.alpha);
  const fw = f(w);
  if (!Number.isFinite(fw)) throw rangeError(`f(${w})`, fw, "(-Infinity, Infinity) (f must be finite where the drift is evaluated)");
  const n = t.left.length;
  const a = new Float64Array(2 * n);
  const r = new Float64Array(2 * n);
  let rMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const j = i + t.first;
    for (let side = 0; side < 2; side++) {
      const coef = side === 0 ? t.left[i] : t.right[i];
      const idx = 2 * i + side;
      if (coef === 0) continue;
      const v = side === 0 ? w - j * h : w + j * h;
      const fv = f(v);
      if (Number.isNaN(fv)) throw rangeError(`f(${v})`, fv, "(-Infinity, Infinity]");
      if (fv === Infinity) continue; // φ(v) = 0: the term vanishes
      const fp = fPrime(v);
      if (!Number.isFinite(fp)) throw rangeError(`fPrime(${v})`, fp, "(-Infinity, Infinity)");
      a[idx] = coef * fp;
      const rv = -inv * (fv - fw);
      r[idx] = rv;
      if (a[idx] !== 0 && rv > rMax) rMax = rv;
    }
  }
  if (rMax === -Infinity) return 0;
  let s = 0;
  if (rMax === Infinity) {
    // ε^{−α}(f(w) − f(v)) overflowed: the terms with r = +∞ dominate every other; |b| is beyond maxAbs.
    for (let i = 0; i < 2 * n; i++) if (a[i] !== 0 && r[i] === Infinity) s += a[i];
    if (s === 0 || s - s !== 0) throw new RangeError(`the drift at w = ${w} is not a number (its dominant terms cancel or overflow)`);
    return -t.scale * s > 0 ? o.maxAbs : -o.maxAbs;
  }
  for (let i = 0; i < 2 * n; i++) if (a[i] !== 0) s += a[i] * Math.exp(r[i] - rMax);
  const b = clampedProduct(-t.scale * s, rMax, o.maxAbs);
  if (Number.isNaN(b)) throw new RangeError(`the drift at w = ${w} is NaN (the sum of f′·e^r overflowed to ${s}); f′ is too large for this K`);
  return b;
}

/** x·e^{logFactor}, clamped to ±maxAbs without overflowing. */
export function clampedProduct(x: number, logFactor: number, maxAbs: number): number {
  if (x === 0) return 0;
  const logMag = Math.log(Math.abs(x)) + logFactor;
  if (logMag >= Math.log(maxAbs)) return x > 0 ? maxAbs : -maxAbs;
  return x > 0 ? Math.exp(logMag) : -Math.exp(logMag);
}
