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
  logC = 0;
  logG(t: number): number {
    const phi = this.reversed ? this.upper - t : t;
    const psi = this.reversed ? t : this.upper - t;
    // Each factor is a sine of an argument that can be formed from either end of
    // the interval; use the form measured from the nearer end, so that factors
    // vanishing at that end keep their relative accuracy (and their sign).
    const nearUpper = psi < phi;
    // cos θ = sin(φ + δ₀) = sin(ψ)
    const cosT = nearUpper ? Math.sin(psi) : Math.sin(phi + this.delta0);
    // sin(αφ) = sin(ε₁ + αψ), ε₁ = π − α(π/2 + θ₀)
    const sinAP = nearUpper ? Math.sin(this.eps1 + this.alpha * psi) : Math.sin(this.alpha * phi);
    // cos(θ₀ + (α−1)φ) = sin(δ₀ + (1−α)φ) = sin(ε₁ + (α−1)ψ)
    const cosX = nearUpper ? Math.sin(this.eps1 - this.oneMinusAlpha * psi) : Math.sin(this.delta0 + this.oneMinusAlpha * phi);
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

const BREAKS = new Float64Array(64);

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
 */
function integrateSplit(f: Integrand & LogG, lo: number, hi: number, relTol: number): number {
  const peak = findPeak(f, lo, hi);
  if (!(peak > lo && peak < hi)) return integrate(f, lo, hi, relTol);
  const eps = 1e-7 * Math.min(peak - lo, hi - peak);
  const slope = (f.logG(peak + eps) - f.logG(peak - eps)) / (2 * eps);
  const width = 1 / Math.abs(slope);
  let n = 0;
  if (width < (hi - lo) / 40) {
    const left: number[] = [];
    for (let k = 0, w = width; k < 30 && peak - w > lo + 0.25 * w; k++, w *= 4) left.push(peak - w);
    for (let i = left.length - 1; i >= 0; i--) BREAKS[n++] = left[i];
    BREAKS[n++] = peak;
    for (let k = 0, w = width; k < 30 && peak + w < hi - 0.25 * w; k++, w *= 4) BREAKS[n++] = peak + w;
  } else {
    BREAKS[n++] = peak;
  }
  return integrate(f, lo, hi, relTol, 0, BREAKS.subarray(0, n));
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
 * ∫ over (0, π/2 + θ₀) of the chosen integrand, α ≠ 1, oriented skewness b, d = x − ζ > 0.
 * Returns 0 for an empty interval (outside the support of a totally skewed law).
 */
export function zolotarevIntegralNotOne(kind: Kind, d: number, alpha: number, b: number, relTol = ZOLOTAREV_REL_TOL): number {
  const theta0 = theta0Of(alpha, b);
  const upper = HALF_PI + theta0;
  if (!(upper > 0)) return 0;
  const am1 = alpha - 1;
  notOne.kind = kind;
  notOne.alpha = alpha;
  notOne.oneMinusAlpha = -am1;
  notOne.a = alpha / am1;
  notOne.delta0 = HALF_PI - theta0;
  notOne.eps1 = alpha > 1 && b === -1 ? 0 : Math.PI - alpha * HALF_PI - Math.atan(b * tanHalfPiAlpha(alpha));
  if (alpha < 1 && (b === 1 || b === -1)) notOne.eps1 = b === 1 ? Math.PI * (1 - alpha) : Math.PI;
  notOne.upper = upper;
  notOne.logC = (alpha / am1) * Math.log(d) + Math.log(Math.cos(alpha * theta0)) / am1;
  // log g decreases in φ for α > 1 and increases for α < 1: find the half holding g = 1
  notOne.reversed = false;
  const mid = notOne.logG(0.5 * upper);
  notOne.reversed = alpha > 1 ? mid > 0 : mid < 0;
  // log g is a difference of terms of size |logC|: ask for no more than that rounding allows
  return integrateSplit(notOne, 0, upper, Math.max(relTol, ROUNDING_FLOOR * Math.abs(notOne.logC)));
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
  return integrateSplit(one, 0, Math.PI, Math.max(relTol, ROUNDING_FLOOR * Math.abs(one.shift)));
}
