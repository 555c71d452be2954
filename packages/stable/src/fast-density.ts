/**
 * A fast evaluator of the standard S0 log-density for one (α, β), used to build the
 * per-(α, β) tables (bulk pdf and the fit's likelihood tables). It evaluates the same
 * Zolotarev integral as zolotarev.ts, but shares all the work that does not depend on x:
 *
 *   f(x) = α/(π|α−1| d) ∫₀^U g e^{−g} dφ,  log g = c(d) + ℓ(φ),  c(d) = (α/(α−1)) log d + log cos(αθ₀)/(α−1),
 *
 * (d = |x − ζ|, oriented skewness b, U = π/2 + θ₀): only the constant c depends on x. In the
 * variable s ∈ ℝ with φ = U/(1 + e^{−s}) (so ψ = U − φ = U/(1 + e^{s}) and dφ/ds = φψ/U), ℓ is
 * asymptotically linear at both ends, and the integrand
 *
 *   F(s) = exp(t(s)),  t(s) = c + ℓ(φ(s)) − e^{c + ℓ(φ(s))} + log(φψ/U),
 *
 * is analytic in a strip around the real line and decays at least like e^{−|s|}: the trapezoid
 * rule on a uniform s-grid converges geometrically. ℓ and log(dφ/ds) are computed once per grid
 * node (lazily, cached for the law), so one density costs one exponential per node of the window
 * where t is within CUT of its maximum (about 150 nodes), instead of the sines, logarithms and
 * adaptive error estimates of a pointwise Gauss–Kronrod quadrature.
 *
 * Accuracy is checked on every call, not assumed: the sum over every other node (step 2h) is
 * compared with the full sum (step h). For the trapezoid rule on an analytic integrand the error
 * at step h is about the square of the error at step 2h, so |T_h − T_2h| ≤ CHECK·T_h bounds the
 * error of T_h by about CHECK². A point that fails the check, whose window reaches the end of the
 * grid, or that lies where this form is not used (α = 1, 2 or within NEAR_ONE_FAST of 1, x = ζ,
 * the empty side of a one-sided law) gives NaN, and the caller evaluates it pointwise.
 */
import { logGamma } from "./special-functions.js";
import { logTailSeries } from "./tail-series.js";
import { tanHalfPiAlpha, theta0Of } from "./zolotarev.js";

const HALF_PI = Math.PI / 2;
/**
 * The grid covers s ∈ [−S_MAX, S_MAX]: dφ/ds ≤ U e^{−|s|}, so beyond it the integrand is below
 * e^{−CUT} of any maximum that lies within |s| ≲ S_MAX − CUT (tail points whose maximum lies
 * further out give NaN and are evaluated pointwise, or by the tail series).
 */
const S_MAX = 52;
/** Step of the scan that estimates max |dℓ/ds|. */
const SCAN_STEP = 0.5;
/**
 * Within this distance of α = 1 the fast form is not used (|α/(α−1)| > 50 makes the grid long and
 * the terms of log g large); the pointwise evaluator (with its interpolation across α = 1) is used.
 */
export const NEAR_ONE_FAST = 0.02;

export interface FastDensityAccuracy {
  /** The trapezoid step is STEP_FACTOR / max |dℓ/ds| (at most 0.25). */
  stepFactor: number;
  /** Window: nodes with t ≥ max t − cut. */
  cut: number;
  /** Largest accepted |T_h − T_2h| / T_h. */
  check: number;
}

/**
 * For tables at 2e-12 .. 1e-10 in log f: trapezoid error ≈ check² ≈ 1e-14, window e^{−36} (measured
 * against the pointwise evaluator on ten laws, |z| ≤ 400: 6e-14 in log f).
 */
export const FAST_ACCURATE: FastDensityAccuracy = { stepFactor: 0.2, cut: 36, check: 1e-7 };
/** For the fit's search tables (1e-8 in log f): error ≈ 1e-10 (measured as above: 6e-12). */
export const FAST_SEARCH: FastDensityAccuracy = { stepFactor: 0.35, cut: 27, check: 1e-5 };

/** One side (oriented skewness b) of the law: the s-grid and its lazily computed nodes. */
class Side {
  readonly empty: boolean;
  readonly alpha: number;
  readonly a: number;
  /** log c = ½ log(1 + b² tan²(πα/2)) (the tail series' constant) and log cos(αθ₀)/(α−1) = −log c/(α−1). */
  readonly logC: number;
  readonly logC0: number;
  readonly upper: number;
  readonly logUpper: number;
  readonly delta0: number;
  readonly eps1: number;
  /** π − ε₁; the sines of ε₁ + x are formed as sin(δ − x) when δ is the smaller. */
  readonly delta: number;
  readonly useDelta: boolean;
  readonly oneMinusAlpha: number;
  readonly decreasing: boolean;
  hs = 0.25;
  /**
   * Below `noSeriesBelow` the tail series' second term is not smaller than its first, so it is
   * never accepted there (tail-series.ts). Above it, the offsets where the series was last found
   * wanting (`seriesFailed`, the largest) and accepted (`seriesAccepted`, the smallest) are
   * remembered: the series is accepted from some offset on, so it is not tried again at or below
   * a failure. (Were acceptance not monotone in the offset, such a point would get the integral,
   * which is accurate there too.)
   */
  noSeriesBelow = Infinity;
  seriesFailed = 0;
  seriesAccepted = Infinity;
  n = 0;
  k0 = 0;
  /** ℓ at node k (NaN: not computed yet), e^ℓ, log(dφ/ds). */
  w = new Float64Array(0);
  ew = new Float64Array(0);
  lj = new Float64Array(0);

  constructor(alpha: number, b: number, stepFactor: number) {
    this.alpha = alpha;
    const am1 = alpha - 1;
    const T = tanHalfPiAlpha(alpha);
    // π/2 − θ₀ and π/2 + θ₀, ε₁ = π − α(π/2 + θ₀) and π − ε₁, each to full relative accuracy
    // (as standard-stable.ts forms them for the series): the factors of g that vanish at an end
    // of the interval keep their relative accuracy, also next to |β| = 1 (where forming ε₁ as
    // π − απ/2 − atan(bT) would cost up to 1e-8 of the density in a light tail)
    let minus: number;
    let plus: number;
    if (alpha > 1) {
      const theta0 = theta0Of(alpha, b);
      minus = HALF_PI - theta0;
      plus = HALF_PI + theta0;
    } else {
      const direct = (bb: number): number => ((alpha * Math.PI) / 2 - Math.atan(bb * T)) / alpha;
      const small = (bb: number): number => Math.atan(((1 - bb) * T) / (1 + bb * T * T)) / alpha;
      minus = b >= 0 ? small(b) : direct(b);
      plus = -b >= 0 ? small(-b) : direct(-b);
    }
    let eps1: number;
    let delta: number;
    if (alpha < 1) {
      if (b >= 0) {
        eps1 = HALF_PI * (1 - alpha) + Math.atan2(1, b * T);
        delta = Math.PI - eps1;
      } else {
        delta = Math.atan(((1 + b) * T) / (1 - b * T * T));
        eps1 = Math.PI - delta;
      }
    } else if (b >= 0) {
      delta = HALF_PI * (alpha - 1) + Math.atan2(1, -b * T);
      eps1 = Math.PI - delta;
    } else {
      eps1 = Math.atan((-(1 + b) * T) / (1 - b * T * T));
      delta = Math.PI - eps1;
    }
    this.upper = plus;
    this.empty = !(this.upper > 0);
    this.a = alpha / am1;
    this.oneMinusAlpha = -am1;
    this.delta0 = minus;
    this.eps1 = eps1;
    this.delta = delta;
    this.useDelta = delta < eps1;
    // log cos(αθ₀) = −½ log(1 + b² tan²(πα/2))
    const bt = b * T;
    this.logC = 0.5 * Math.log1p(bt * bt);
    this.logC0 = -this.logC / am1;
    this.logUpper = Math.log(this.upper);
    this.decreasing = alpha > 1;
    if (this.empty) return;
    // the step from the steepest slope of ℓ in s (the width of the integrand's peak is ~1/|ℓ'|)
    let maxSlope = 1;
    let prev = this.ell(-S_MAX);
    for (let s = -S_MAX + SCAN_STEP; s <= S_MAX + 1e-9; s += SCAN_STEP) {
      const v = this.ell(s);
      const slope = Math.abs(v - prev) / SCAN_STEP;
      if (slope > maxSlope) maxSlope = slope;
      prev = v;
    }
    this.hs = Math.min(0.25, stepFactor / maxSlope);
    this.k0 = Math.ceil(S_MAX / this.hs);
    this.n = 2 * this.k0 + 1;
    this.w = new Float64Array(this.n).fill(NaN);
    // r₂ = Γ(2α+1)/(2Γ(α+1)) c d^{−α} ≥ 1 below this offset
    this.noSeriesBelow = Math.exp((logGamma(2 * alpha + 1) - logGamma(alpha + 1) - Math.LN2 + this.logC) / alpha);
    this.ew = new Float64Array(this.n);
    this.lj = new Float64Array(this.n);
  }

  /** ℓ(φ(s)), each factor formed from the nearer end of (0, U) (as in zolotarev.ts). */
  ell(s: number): number {
    const phi = this.upper / (1 + Math.exp(-s));
    const psi = this.upper / (1 + Math.exp(s));
    // cos θ = sin ψ = sin(φ + δ₀) and sin αφ = sin(ε₁ + αψ): from the argument below π/2
    const cosT = psi <= HALF_PI ? Math.sin(psi) : Math.sin(phi + this.delta0);
    const ap = this.alpha * phi;
    const sinAP = ap <= HALF_PI ? Math.sin(ap) : Math.sin(this.eps1 + this.alpha * psi);
    // cos(θ₀ + (α−1)φ) = sin(δ₀ + (1−α)φ) = sin(ε₁ + (α−1)ψ), from the nearer end; sin(ε₁ + x) as
    // sin(δ − x) when δ = π − ε₁ is the smaller
    const cosX =
      psi < phi
        ? this.useDelta
          ? Math.sin(this.delta + this.oneMinusAlpha * psi)
          : Math.sin(this.eps1 - this.oneMinusAlpha * psi)
        : Math.sin(this.delta0 + this.oneMinusAlpha * phi);
    return this.a * Math.log(cosT / sinAP) + Math.log(cosX / cosT);
  }

  /** Fill node k. */
  node(k: number): void {
    const s = (k - this.k0) * this.hs;
    const v = this.ell(s);
    this.w[k] = v;
    this.ew[k] = Math.exp(v);
    // log(φψ/U) = log U − log(1 + e^{−s}) − log(1 + e^{s})
    const as = Math.abs(s);
    this.lj[k] = this.logUpper - as - 2 * Math.log1p(Math.exp(-as));
  }

  /** t at node k for log g = c + ℓ (ec = e^c). */
  t(k: number, c: number, ec: number): number {
    if (this.w[k] !== this.w[k]) this.node(k);
    let y = ec * this.ew[k];
    if (!(y > 0 && y < Infinity)) y = Math.exp(c + this.w[k]);
    return c + this.w[k] + this.lj[k] - y;
  }

  wAt(k: number): number {
    if (this.w[k] !== this.w[k]) this.node(k);
    return this.w[k];
  }
}

const SCRATCH_SIZE = 1 << 16;
let scratch = new Float64Array(4096);

export class FastDensity {
  readonly alpha: number;
  readonly beta: number;
  private readonly zetaShift: number;
  private readonly logNorm: number;
  private readonly plus: Side;
  private readonly minus: Side;
  private readonly cut: number;
  private readonly check: number;

  constructor(alpha: number, beta: number, accuracy: FastDensityAccuracy = FAST_ACCURATE) {
    this.alpha = alpha;
    this.beta = beta;
    this.zetaShift = beta * tanHalfPiAlpha(alpha);
    this.logNorm = Math.log(alpha / (Math.PI * Math.abs(alpha - 1)));
    this.plus = new Side(alpha, beta, accuracy.stepFactor);
    this.minus = new Side(alpha, -beta, accuracy.stepFactor);
    this.cut = accuracy.cut;
    this.check = accuracy.check;
  }

  /** Whether the fast form applies to (α, β) at all. */
  static applies(alpha: number, beta: number): boolean {
    return alpha > 0 && alpha < 2 && Math.abs(alpha - 1) >= NEAR_ONE_FAST && beta >= -1 && beta <= 1;
  }

  /** log f(z) of the standard S0 law, or NaN where the caller must evaluate pointwise. */
  logPdf(z: number): number {
    const offset = z + this.zetaShift;
    if (!(offset !== 0 && Number.isFinite(offset))) return NaN;
    const side = offset > 0 ? this.plus : this.minus;
    if (side.empty) return NaN;
    const d = Math.abs(offset);
    // far out in a power tail: the same tail series as the pointwise evaluator, where it is accurate
    if (d > side.noSeriesBelow && d > side.seriesFailed) {
      const tail = logTailSeries("pdf", d, this.alpha, side.eps1, side.logC, side.delta);
      if (tail === tail) {
        if (d < side.seriesAccepted) side.seriesAccepted = d;
        return tail;
      }
      if (d < side.seriesAccepted) side.seriesFailed = d;
    }
    const logD = Math.log(d);
    const c = side.a * logD + side.logC0;
    const v = this.logIntegral(side, c);
    return v === v ? this.logNorm - logD + v : NaN;
  }

  /** log ∫ g e^{−g} dφ for log g = c + ℓ, or NaN. */
  private logIntegral(side: Side, c: number): number {
    const n = side.n;
    const w = side.w;
    const ew = side.ew;
    const lj = side.lj;
    // the node where c + ℓ crosses 0 (ℓ is monotone in s): bisection
    let lo = 0;
    let hi = n - 1;
    const target = -c;
    const dec = side.decreasing;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const v = side.wAt(mid);
      if (dec ? v > target : v < target) lo = mid;
      else hi = mid;
    }
    const ec = Math.exp(c);
    // every local maximum of t lies between the crossing and s = 0 (beyond either, both c + ℓ − e^{c+ℓ}
    // and log dφ/ds decrease away from that segment); near |β| = 1 there can be two (the light part
    // and the small power-tail part), so scan the whole segment
    if (scratch.length < n) scratch = new Float64Array(Math.min(Math.max(n, 2 * scratch.length), Math.max(n, SCRATCH_SIZE)));
    const T = scratch;
    let left = Math.min(lo, side.k0);
    let right = Math.max(lo, side.k0);
    let tmax = -Infinity;
    for (let k = left; k <= right; k++) {
      const t = side.t(k, c, ec);
      T[k] = t;
      if (t > tmax) tmax = t;
    }
    if (!(tmax > -Infinity)) return NaN;
    // extend both ways while t stays within CUT of the maximum; a window that still matters at an
    // end of the grid is not trusted
    while (left > 0) {
      const tl = side.t(left - 1, c, ec);
      if (!(tl >= tmax - this.cut)) break;
      if (tl > tmax) tmax = tl;
      T[--left] = tl;
    }
    while (right < n - 1) {
      const tr = side.t(right + 1, c, ec);
      if (!(tr >= tmax - this.cut)) break;
      if (tr > tmax) tmax = tr;
      T[++right] = tr;
    }
    if ((left === 0 && T[0] >= tmax - this.cut) || (right === n - 1 && T[n - 1] >= tmax - this.cut)) return NaN;
    let all = 0;
    let even = 0;
    for (let i = left; i <= right; i++) {
      const e = Math.exp(T[i] - tmax);
      all += e;
      if ((i & 1) === 0) even += e;
    }
    // the step-2h sum over the even nodes against the step-h sum
    if (!(Math.abs(all - 2 * even) <= this.check * all)) return NaN;
    return tmax + Math.log(side.hs * all);
  }
}
