/**
 * The Zolotarev integral representation of the standard stable law in Nolan's
 * S0 parameterization (Nolan 1997, "Numerical calculation of stable densities
 * and distribution functions", Theorem 1). With g(θ) = d^{α/(α−1)} V(θ) the
 * density, cdf and survival function are integrals of g e^{−g}, e^{−g} and
 * 1 − e^{−g} over one interval; each is evaluated by adaptive Gauss–Kronrod
 * split at the peak g = 1, entirely in log space so nothing overflows.
 *
 * Everything here is for the *oriented* law: x on the right of ζ = −β tan(πα/2),
 * d = x − ζ > 0. The caller reflects (x, β) → (−x, −β) for the left side.
 */
import { integrate, type Integrand } from "./gauss-kronrod.js";

export const DENSITY = 0;
export const EXP = 1;
export const ONE_MINUS_EXP = 2;
type Kind = typeof DENSITY | typeof EXP | typeof ONE_MINUS_EXP;

/** Quadrature relative tolerance of every Zolotarev integral. */
export const ZOLOTAREV_REL_TOL = 1e-13;
/**
 * log g is formed from terms as large as |log C| that cancel near the peak, so
 * its absolute error is about 1e-16·|log C|; asking the quadrature for less
 * relative error than a few times that only burns evaluations on rounding noise.
 */
const ROUNDING_FLOOR = 4e-16;

/**
 * Integrand for α ≠ 1 in φ = θ + θ₀ ∈ (0, π/2 + θ₀), or in ψ = π/2 + θ₀ − φ when
 * `reversed` (so that a peak close to the upper end is resolved in a variable
 * that is exact there):
 * log g = (α/(α−1)) log d + log cos(αθ₀)/(α−1) + (α/(α−1)) log(cos θ / sin αφ) + log(cos(θ₀ + (α−1)φ)/cos θ).
 */
class AlphaNotOneIntegrand implements Integrand {
  kind: Kind = DENSITY;
  reversed = false;
  alpha = 1.5;
  oneMinusAlpha = -0.5;
  a = 3;
  /** δ₀ = π/2 − θ₀ (exactly 0 for α < 1, β = 1). */
  delta0 = Math.PI / 2;
  /** π/2 + θ₀, the length of the interval. */
  upper = Math.PI / 2;
  /** ε₁ = π − α(π/2 + θ₀) (exactly 0 for α > 1, β = −1). */
  eps1 = 0;
  /** δ = π − ε₁ (exactly 0 for α < 1, β = −1); sin(ε₁ + x) is formed as sin(δ − x) when δ is the smaller. */
  delta = Math.PI;
  useDelta = false;
  logC = 0;
  logG(t: number): number {
    const phi = this.reversed ? this.upper - t : t;
    const psi = this.reversed ? t : this.upper - t;
    // Each factor is a sine of an argument that can be formed from either end of
    // the interval; use the form measured from the nearer end, so that factors
    // vanishing at that end keep their relative accuracy (and their sign).
    const nearUpper = psi < phi;
    // cos θ = sin(φ + δ₀) = sin(ψ): from ψ wherever ψ ≤ π/2 (φ + δ₀ = π − ψ is then next to π)
    const cosT = nearUpper || psi <= HALF_PI ? Math.sin(psi) : Math.sin(phi + this.delta0);
    // sin(αφ) = sin(ε₁ + αψ) = sin(δ − αψ), ε₁ = π − α(π/2 + θ₀) = π − δ
    const sinAP = nearUpper
      ? this.useDelta
        ? Math.sin(this.delta - this.alpha * psi)
        : Math.sin(this.eps1 + this.alpha * psi)
      : Math.sin(this.alpha * phi);
    // cos(θ₀ + (α−1)φ) = sin(δ₀ + (1−α)φ) = sin(ε₁ + (α−1)ψ) = sin(δ + (1−α)ψ)
    const cosX = nearUpper
      ? this.useDelta
        ? Math.sin(this.delta + this.oneMinusAlpha * psi)
        : Math.sin(this.eps1 - this.oneMinusAlpha * psi)
      : this.delta0 > HALF_PI
        ? Math.sin(psi + this.alpha * phi) // = sin(π − δ₀ − (1−α)φ), without forming δ₀ + (1−α)φ next to π
        : Math.sin(this.delta0 + this.oneMinusAlpha * phi);
    return this.logC + this.a * Math.log(cosT / sinAP) + Math.log(cosX / cosT);
  }
  value(t: number): number {
    return integrandOf(this.kind, this.logG(t));
  }
}

const HALF_PI = Math.PI / 2;

/**
 * Integrand for α = 1, β > 0 in u = θ + π/2 ∈ (0, π), or v = π − u when `reversed`:
 * log g = −πx/(2β) + log(2/π) + log(c + βu) − log sin u − (c + βu) cos u /(β sin u), c = (π/2)(1 − β).
 */
class AlphaOneIntegrand implements Integrand {
  kind: Kind = DENSITY;
  reversed = false;
  beta = 1;
  c = 0;
  shift = 0;
  logG(t: number): number {
    const u = this.reversed ? Math.PI - t : t;
    const s = Math.sin(t);
    const cosU = this.reversed ? -Math.cos(t) : Math.cos(t);
    const w = this.c + this.beta * u;
    return this.shift + Math.log(w / s) - (w * cosU) / (this.beta * s);
  }
  value(t: number): number {
    return integrandOf(this.kind, this.logG(t));
  }
}

function integrandOf(kind: Kind, lg: number): number {
  if (kind === DENSITY) return Math.exp(lg - Math.exp(lg));
  if (kind === EXP) return Math.exp(-Math.exp(lg));
  return -Math.expm1(-Math.exp(lg));
}

interface LogG {
  logG(t: number): number;
}

const BREAKS = new Float64Array(128);
const PEAK_BREAKS = new Float64Array(64);

/**
 * Locate t* in (lo, hi) where the monotone function log g changes sign (g = 1,
 * the peak of g e^{−g}), to be used only as a split point: a scan, then a
 * bracketing Illinois iteration stopped at |log g| < 0.05. Sets `peakSlope` to
 * d log g/dt there. Returns NaN when log g does not change sign inside.
 */
export function findPeak(f: LogG, lo: number, hi: number): number {
  const n = 8;
  const h = (hi - lo) / n;
  let prevT = lo;
  let prevF = NaN;
  let a = NaN;
  let b = NaN;
  let fa = NaN;
  let fb = NaN;
  let first = NaN;
  let last = NaN;
  for (let i = 1; i < n; i++) {
    const t = lo + i * h;
    const ft = f.logG(t);
    if (i === 1) first = ft;
    last = ft;
    if (i > 1 && (prevF <= 0) !== (ft <= 0)) {
      a = prevT;
      fa = prevF;
      b = t;
      fb = ft;
      break;
    }
    prevT = t;
    prevF = ft;
  }
  if (Number.isNaN(a)) {
    // the crossing, if any, lies within the first or last cell: bisect towards that end
    const increasing = last > first;
    // g < 1 at the start of an increasing log g means the root is near hi, and so on
    const towardsHi = increasing ? last < 0 : last > 0;
    let near = towardsHi ? hi : lo;
    let far = towardsHi ? hi - h : lo + h;
    let ffar = towardsHi ? last : first;
    for (let i = 0; i < 80; i++) {
      const m = 0.5 * (near + far);
      if (m === near || m === far) return NaN;
      const fm = f.logG(m);
      if (!Number.isFinite(fm) || (fm <= 0) !== (ffar <= 0)) {
        if (Number.isFinite(fm)) {
          a = Math.min(m, far);
          b = Math.max(m, far);
          fa = m < far ? fm : ffar;
          fb = m < far ? ffar : fm;
        }
        break;
      }
      far = m;
      ffar = fm;
    }
    if (Number.isNaN(a)) return NaN;
  }
  // Illinois on the bracket [a, b]
  let side = 0;
  let c = 0.5 * (a + b);
  for (let i = 0; i < 100; i++) {
    c = (a * fb - b * fa) / (fb - fa);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const fc = f.logG(c);
    if (Math.abs(fc) < 0.05) break;
    if ((fc <= 0) === (fa <= 0)) {
      a = c;
      fa = fc;
      if (side === -1) fb *= 0.5;
      side = -1;
    } else {
      b = c;
      fb = fc;
      if (side === 1) fa *= 0.5;
      side = 1;
    }
    if (b - a <= 1e-14 * (Math.abs(a) + Math.abs(b))) break;
  }
  return c;
}

/**
 * Integrate with subdivision points at the peak and at geometric distances
 * w·4^k around it (w = 1/|d log g/dt|, the width of the peak), so that a sharp
 * peak (α near 1, extreme x) is resolved before the error estimate is trusted.
 *
 * `layerLo` and `layerHi` (0: none) are the widths of boundary layers at the ends:
 * where a constant of the integrand is small (ε₁ next to the upper end of the α ≠ 1
 * integral, δ₀ = π/2 − θ₀ next to the lower end), log g changes by O(1) within that
 * distance of the end, a feature the rule's nodes (the nearest at 0.2% of the
 * interval) never see. Subdivision points at lo + w·4^k (hi − w·4^k) resolve it.
 */
const LAYER_FLOOR = 1e-12;

function integrateSplit(f: Integrand & LogG, lo: number, hi: number, relTol: number, layerLo = 0, layerHi = 0): number {
  const peak = findPeak(f, lo, hi);
  let n = 0;
  if (peak > lo && peak < hi) {
    const eps = 1e-7 * Math.min(peak - lo, hi - peak);
    const slope = (f.logG(peak + eps) - f.logG(peak - eps)) / (2 * eps);
    const width = 1 / Math.abs(slope);
    if (width < (hi - lo) / 40) {
      const left: number[] = [];
      for (let k = 0, w = width; k < 30 && peak - w > lo + 0.25 * w; k++, w *= 4) left.push(peak - w);
      for (let i = left.length - 1; i >= 0; i--) PEAK_BREAKS[n++] = left[i];
      PEAK_BREAKS[n++] = peak;
      for (let k = 0, w = width; k < 30 && peak + w < hi - 0.25 * w; k++, w *= 4) PEAK_BREAKS[n++] = peak + w;
    } else {
      PEAK_BREAKS[n++] = peak;
    }
  }
  const first = n > 0 ? PEAK_BREAKS[0] : hi;
  const last = n > 0 ? PEAK_BREAKS[n - 1] : lo;
  let m = 0;
  // a layer narrower than LAYER_FLOOR of the interval holds less than that of the integral, and
  // rule nodes that close to an end would meet the rounding of ψ = upper − φ (even ψ < 0)
  if (layerLo > LAYER_FLOOR * (hi - lo) && layerLo < (hi - lo) / 40)
    for (let k = 0, w = layerLo; k < 30 && lo + w < first - 0.25 * w; k++, w *= 4) BREAKS[m++] = lo + w;
  for (let i = 0; i < n; i++) BREAKS[m++] = PEAK_BREAKS[i];
  if (layerHi > LAYER_FLOOR * (hi - lo) && layerHi < (hi - lo) / 40) {
    let k = 0;
    for (let w = layerHi; k < 30 && hi - w > last + 0.25 * w; w *= 4) k++;
    // hi − layerHi·4^j for j = k − 1 … 0, in increasing order
    for (let j = k - 1; j >= 0; j--) BREAKS[m++] = hi - layerHi * 4 ** j;
  }
  if (m === 0) return integrate(f, lo, hi, relTol);
  return integrate(f, lo, hi, relTol, 0, BREAKS.subarray(0, m));
}

const notOne = new AlphaNotOneIntegrand();
const one = new AlphaOneIntegrand();

/** Constants of the α ≠ 1 representation for skewness b (already oriented). */
export function theta0Of(alpha: number, b: number): number {
  if (alpha < 1 && (b === 1 || b === -1)) return b * HALF_PI;
  return Math.atan(b * tanHalfPiAlpha(alpha)) / alpha;
}

/** tan(πα/2), exactly 0 at α = 2. */
export function tanHalfPiAlpha(alpha: number): number {
  return alpha === 2 ? 0 : Math.tan((Math.PI * alpha) / 2);
}

/**
 * π/2 − θ₀ and π/2 + θ₀ (θ₀ = atan(β tan(πα/2))/α), each to full relative accuracy: for α < 1
 * the one that vanishes as β → ±1 is atan((1 ∓ β)T/(1 ± βT²))/α (T = tan(πα/2), from
 * atan u − atan v = atan((u − v)/(1 + uv)), 1 ∓ β exact), so that a law next to one-sided keeps
 * the relative accuracy of F(ζ) = (π/2 − θ₀)/π, of f(ζ) ∝ cos θ₀ and of the series at ζ.
 */
export function halfPiPlusMinusTheta0(alpha: number, beta: number): { minus: number; plus: number } {
  if (alpha > 1) {
    const theta0 = theta0Of(alpha, beta);
    return { minus: Math.PI / 2 - theta0, plus: Math.PI / 2 + theta0 };
  }
  const T = tanHalfPiAlpha(alpha);
  const direct = (b: number): number => ((alpha * Math.PI) / 2 - Math.atan(b * T)) / alpha; // π/2 − θ₀(b), no cancellation for b ≤ 0
  const small = (b: number): number => Math.atan(((1 - b) * T) / (1 + b * T * T)) / alpha; // the same for b ≥ 0
  const minus = beta >= 0 ? small(beta) : direct(beta);
  const plus = -beta >= 0 ? small(-beta) : direct(-beta); // π/2 + θ₀(β) = π/2 − θ₀(−β)
  return { minus, plus };
}

/**
 * ε₁ = π − α(π/2 + θ₀) = (π/2)(2 − α) − atan(b tan(πα/2)) of the oriented skewness b (α ≠ 1) and
 * δ = π − ε₁, each without cancellation (the tail coefficients are sines of multiples of the
 * smaller one, and are tiny exactly when it is): with T = tan(πα/2),
 *   α < 1, b ≥ 0: ε₁ = (π/2)(1 − α) + atan2(1, bT);  α < 1, b < 0: δ = atan((1 + b)T/(1 − bT²));
 *   α > 1, b ≥ 0: δ = (π/2)(α − 1) + atan2(1, b|T|); α > 1, b < 0: ε₁ = atan(−(1 + b)T/(1 − bT²)),
 * using atan u + atan v = atan((u + v)/(1 − uv)) for uv < 1 (1 ± b, 1 − α, α − 1 are exact).
 * ε₁ is exactly 0 on the light side of α > 1, b = −1 (no power tail), δ exactly 0 on the empty
 * side of α < 1, b = −1.
 */
export function eps1Of(alpha: number, b: number): { eps1: number; delta: number } {
  const T = tanHalfPiAlpha(alpha);
  if (alpha < 1) {
    if (b >= 0) {
      const eps1 = (Math.PI / 2) * (1 - alpha) + Math.atan2(1, b * T);
      return { eps1, delta: Math.PI - eps1 };
    }
    const delta = Math.atan(((1 + b) * T) / (1 - b * T * T));
    return { eps1: Math.PI - delta, delta };
  }
  if (b >= 0) {
    const delta = (Math.PI / 2) * (alpha - 1) + Math.atan2(1, -b * T);
    return { eps1: Math.PI - delta, delta };
  }
  const eps1 = Math.atan((-(1 + b) * T) / (1 - b * T * T));
  return { eps1, delta: Math.PI - eps1 };
}

/** log c = −log cos(αθ₀) = ½ log(1 + b² tan²(πα/2)). */
export function logCOf(alpha: number, b: number): number {
  const t = b * tanHalfPiAlpha(alpha);
  return 0.5 * Math.log1p(t * t);
}

/**
 * ∫ over (0, π/2 + θ₀) of the chosen integrand, α ≠ 1, oriented skewness b, d = x − ζ > 0.
 * Returns 0 for an empty interval (outside the support of a totally skewed law).
 */
export function zolotarevIntegralNotOne(kind: Kind, d: number, alpha: number, b: number, relTol = ZOLOTAREV_REL_TOL): number {
  // π/2 ± θ₀, ε₁ and δ = π − ε₁ each to full relative accuracy (not as π/2 + θ₀ and
  // π − απ/2 − atan(b tan(πα/2)), which cancel next to |b| = 1 and α = 1, 2: at α = 1.999,
  // β = −0.9999, x = 1.379 (S0) that cost 4e-8 of the density)
  const { minus, plus } = halfPiPlusMinusTheta0(alpha, b);
  const upper = plus;
  if (!(upper > 0)) return 0;
  const am1 = alpha - 1;
  const { eps1, delta } = eps1Of(alpha, b);
  notOne.kind = kind;
  notOne.alpha = alpha;
  notOne.oneMinusAlpha = -am1;
  notOne.a = alpha / am1;
  notOne.delta0 = minus;
  notOne.eps1 = eps1;
  notOne.delta = delta;
  notOne.useDelta = delta < eps1;
  notOne.upper = upper;
  // log cos(αθ₀) = −½ log(1 + b² tan²(πα/2)) (cos(αθ₀) itself cancels next to α = 1)
  notOne.logC = (alpha / am1) * Math.log(d) - logCOf(alpha, b) / am1;
  // log g decreases in φ for α > 1 and increases for α < 1: find the half holding g = 1
  notOne.reversed = false;
  const mid = notOne.logG(0.5 * upper);
  notOne.reversed = alpha > 1 ? mid > 0 : mid < 0;
  // boundary layers: next to ψ = 0 where ε₁ is small, next to φ = 0 where δ₀ is small (in t = ψ when reversed)
  const layerUpper = eps1 < HALF_PI ? 0.5 * eps1 : 0;
  const layerLower = minus < HALF_PI ? 0.5 * minus : 0;
  // log g is a difference of terms of size |logC|: ask for no more than that rounding allows
  const tol = Math.max(relTol, ROUNDING_FLOOR * Math.abs(notOne.logC));
  return notOne.reversed
    ? integrateSplit(notOne, 0, upper, tol, layerUpper, layerLower)
    : integrateSplit(notOne, 0, upper, tol, layerLower, layerUpper);
}

/** ∫ over (0, π) of the chosen integrand for α = 1, β > 0 (oriented). */
export function zolotarevIntegralOne(kind: Kind, x: number, beta: number, relTol = ZOLOTAREV_REL_TOL): number {
  one.kind = kind;
  one.beta = beta;
  one.c = (Math.PI / 2) * (1 - beta);
  one.shift = (-Math.PI * x) / (2 * beta) + Math.log(2 / Math.PI);
  // log g increases in u: integrate in π − u when g = 1 lies in the upper half
  one.reversed = false;
  one.reversed = one.logG(0.5 * Math.PI) < 0;
  // next to u = 0, g falls to 0 within u ≲ c/β: a boundary layer where β is next to 1
  const layer = one.c > 0 ? (0.5 * one.c) / beta : 0;
  const tol = Math.max(relTol, ROUNDING_FLOOR * Math.abs(one.shift));
  return one.reversed ? integrateSplit(one, 0, Math.PI, tol, 0, layer) : integrateSplit(one, 0, Math.PI, tol, layer, 0);
}
