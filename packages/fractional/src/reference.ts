/**
 * Reference evaluations of the exact operator, for validation (slow, accurate).
 *
 * Integral form (notes/fractional-drift.md), γ ∈ (−1, 0), μ = −γ:
 *   D ψ(x) = c_γ/Γ(μ) ∫₀^∞ y^{μ−1} [(1 + θ) ψ(x − y) + (1 − θ) ψ(x + y)] dy.
 * On y ∈ [0, 1] the substitution s = y^μ removes the singularity
 * (∫₀¹ y^{μ−1} g(y) dy = (1/μ) ∫₀¹ g(s^{1/μ}) ds); [1, Y] is integrated directly with the
 * breakpoints |x| ± a few units, and [Y, ∞) through y = 1/t. Adaptive Gauss–Kronrod.
 *
 * Fourier form: D has symbol |ξ|^γ (1 + iθ sgn ξ tan(γπ/2)), so for the Gaussian
 * ψ(x) = e^{−x²/2} (ψ̂ = √(2π) e^{−ξ²/2}) and its derivative the operator is a 1-D
 * integral over ξ (see `rieszFellerGaussianFourier`).
 */
import { integrate } from "./quadrature.js";
import { gammaFn } from "./gamma.js";
import { cGamma } from "./riesz-feller.js";
import { type DriftOptions, resolveDriftOptions } from "./drift.js";
import { checkClosed, checkFinite, checkFunction, checkOpen, rangeError } from "./validate.js";

export interface ExactOperatorOptions {
  /** γ ∈ (−1, 0). */
  gamma: number;
  /** θ ∈ [−1, 1]. */
  theta: number;
  /** Relative tolerance of the quadrature (default 1e-11). */
  relTol?: number;
}

/** ∫₀^∞ y^{μ−1} g(y) dy for a g that is smooth on (0, ∞) and integrable at infinity. */
function weightedHalfLine(g: (y: number) => number, mu: number, x: number, relTol: number): number {
  const absTol = 1e-15;
  const inner = integrate((s) => g(Math.pow(s, 1 / mu)), 0, 1, { relTol, absTol }).value / mu;
  const Y = Math.max(2, Math.abs(x) + 12);
  const breaks = [1, Math.abs(x) - 4, Math.abs(x), Math.abs(x) + 4, Y].filter((b) => b >= 1 && b <= Y).sort((a, b) => a - b);
  let mid = 0;
  for (let i = 0; i + 1 < breaks.length; i++) {
    if (breaks[i + 1] > breaks[i]) mid += integrate((y) => Math.pow(y, mu - 1) * g(y), breaks[i], breaks[i + 1], { relTol, absTol }).value;
  }
  const tail = integrate((t) => (t === 0 ? 0 : Math.pow(t, -mu - 1) * g(1 / t)), 0, 1 / Y, { relTol, absTol }).value;
  return inner + mid + tail;
}

/** The exact operator D ψ(x) (the h → 0, K → ∞ limit of eq. 4.8) by quadrature. */
export function rieszFellerExact(psi: (x: number) => number, x: number, options: ExactOperatorOptions): number {
  checkFunction("psi", psi);
  checkFinite("x", x);
  const gamma = checkOpen("gamma", options.gamma, -1, 0);
  const theta = checkClosed("theta", options.theta, -1, 1);
  const mu = -gamma;
  const g = (y: number) => (1 + theta) * psi(x - y) + (1 - theta) * psi(x + y);
  return (cGamma(gamma) / gammaFn(mu)) * weightedHalfLine(g, mu, x, options.relTol ?? 1e-11);
}

/**
 * D applied to the Gaussian ψ(x) = e^{−x²/2} (`derivative: 0`) or to ψ′(x) = −x e^{−x²/2}
 * (`derivative: 1`) through the Fourier symbol:
 *   D ψ(x)  = (1/π) ∫₀^∞ √(2π) e^{−ξ²/2} ξ^γ [cos ξx − θ tan(γπ/2) sin ξx] dξ,
 *   D ψ′(x) = −(1/π) ∫₀^∞ √(2π) e^{−ξ²/2} ξ^{γ+1} [sin ξx + θ tan(γπ/2) cos ξx] dξ.
 * An independent check of `rieszFellerExact` (no y-space kernel involved).
 */
export function rieszFellerGaussianFourier(x: number, options: ExactOperatorOptions & { derivative?: 0 | 1 }): number {
  checkFinite("x", x);
  const gamma = checkOpen("gamma", options.gamma, -1, 0);
  const theta = checkClosed("theta", options.theta, -1, 1);
  const d = options.derivative ?? 0;
  if (d !== 0 && d !== 1) throw rangeError("derivative", d, "{0, 1}");
  const tt = theta * Math.tan((gamma * Math.PI) / 2);
  const c = Math.sqrt(2 * Math.PI) / Math.PI;
  const relTol = options.relTol ?? 1e-11;
  const integrand =
    d === 0
      ? (xi: number) => Math.exp(-0.5 * xi * xi) * (Math.cos(xi * x) - tt * Math.sin(xi * x))
      : (xi: number) => -xi * Math.exp(-0.5 * xi * xi) * (Math.sin(xi * x) + tt * Math.cos(xi * x));
  // ξ^γ is singular at 0: substitute s = ξ^{1+γ} on [0, 1].
  const p = 1 + gamma;
  const near = integrate((s) => integrand(Math.pow(s, 1 / p)), 0, 1, { relTol, absTol: 1e-15 }).value / p;
  const far = integrate((xi) => Math.pow(xi, gamma) * integrand(xi), 1, 40, { relTol, absTol: 1e-15, maxIntervals: 4000 }).value;
  return c * (near + far);
}

/**
 * The exact drift b(w) = ε^α D(φ′)(w)/φ(w) of eq. (4.7) by quadrature (h, K ignored):
 *   b(w) = −c_γ/Γ(−γ) ∫₀^∞ y^{−γ−1} [(1+θ) f′(w−y) e^{r(w−y)} + (1−θ) f′(w+y) e^{r(w+y)}] dy,
 * r(v) = −ε^{−α}(f(v) − f(w)). Requires α < 2 and exponents r that do not overflow.
 */
export function driftExact(w: number, options: Omit<DriftOptions, "h" | "K"> & { relTol?: number }): number {
  checkFinite("w", w);
  const o = resolveDriftOptions({ ...options, h: 1, K: 0 });
  if (o.alpha === 2) return -o.fPrime(w);
  const inv = Math.pow(o.epsilon, -o.alpha);
  const fw = o.f(w);
  const psi = (v: number) => {
    const fv = o.f(v);
    return fv === Infinity ? 0 : o.fPrime(v) * Math.exp(-inv * (fv - fw));
  };
  return -rieszFellerExact(psi, w, { gamma: o.gamma, theta: o.theta, relTol: options.relTol });
}
