/**
 * Series expansions of the standard stable law where the Zolotarev integrals
 * lose their grip: far out in the power-law tails (the integrand's peak becomes
 * too narrow to find, and the value drops below the smallest double long before
 * log f does) and next to ζ, the point the representation is centred on (the
 * integrand is concentrated at an end of the interval).
 *
 * Far tails, α ≠ 1 (Bergström 1952; Zolotarev 1986, §2.4; here with the S1
 * offset d = x − ζ > 0 after orienting the skewness b):
 *
 *   f(d)  = (1/π) Σ_{k≥1} sin(k ε₁) Γ(kα + 1)/k! c^k d^{−kα−1},
 *   sf(d) = (1/π) Σ_{k≥1} sin(k ε₁) Γ(kα)/k!     c^k d^{−kα},
 *
 * c = 1/cos(αθ₀) = (1 + b² tan²(πα/2))^{1/2}, ε₁ = π − α(π/2 + θ₀) (the same
 * constant as in zolotarev.ts). Convergent for α < 1, asymptotic for α > 1.
 *
 * Far tails, α = 1 (b ∈ [−1, 1], x > 0; Watson's lemma on
 * ∫ e^{−ixt} exp(−t − iγ t log t) dt, γ = 2b/π, B = 1 + b):
 *
 *   f(x)  = (1/π) Σ_{j,i≥0} (−γ)^j/j! (−1)^i B^{2i+1}/(2i+1)! I(j + 2i + 1, j),
 *   sf(x) = the same with I(j + 2i, j),
 *   I(n, m) = ∂^m/∂ν^m [Γ(ν + 1) x^{−ν−1}] at ν = n.
 *
 * Next to ζ, α ≠ 1 (expanding e^{−ixt} instead; convergent for α > 1, asymptotic
 * for α < 1):
 *
 *   f(d) = 1/(πα) Σ_{k≥0} cos((k+1)θ₀ − kπ/2) Γ((k+1)/α)/k! c^{−(k+1)/α} d^k,
 *   F(d) = F(ζ) + 1/(πα) Σ_{k≥0} cos((k+1)θ₀ − kπ/2) Γ((k+1)/α)/(k+1)! c^{−(k+1)/α} d^{k+1}.
 *
 * Each function returns NaN when its series is not accurate at the point, and
 * the caller then uses the integral. "Accurate" means: the first omitted term,
 * bounded with |sin|, |cos| ≤ 1 (so that the exponentially small part an
 * asymptotic series misses — the light-tail or Gaussian-like core — is bounded
 * too), is below SERIES_TOL of the sum, and the terms summed do not cancel
 * (Σ|terms| ≤ CANCELLATION·|sum|). The switch point thus moves with (α, β): it
 * lies where the series is good to about 1e-16, well inside the range where the
 * integrals are good to 1e-13, so both sides of it are accurate.
 */
import { logGamma } from "./special-functions.js";

/** Relative size of the first omitted term (bounded) at which a series is accepted. */
export const SERIES_TOL = 1e-16;
/** Largest Σ|terms|/|sum| accepted (cancellation costs this factor of rounding). */
const CANCELLATION = 4;
const MAX_TERMS = 60;

export type SeriesKind = "pdf" | "sf";

/**
 * log f(d) or log sf(d) of the oriented standard law (α ≠ 1, d > 0 the S1 offset,
 * `eps1` = ε₁ and `delta` = π − ε₁, each to full relative accuracy, `logC` = log c), or NaN
 * where the tail series is not accurate. sin(kε₁) is formed from the smaller of ε₁ and
 * π − ε₁ (sin(kε₁) = (−1)^{k+1} sin(kδ)), so that a tail coefficient that is tiny because β
 * is next to ±1 keeps its relative accuracy.
 */
export function logTailSeries(kind: SeriesKind, d: number, alpha: number, eps1: number, logC: number, delta = Math.PI - eps1): number {
  const useDelta = delta < eps1;
  const sinK = (k: number): number => (useDelta ? (k % 2 === 1 ? 1 : -1) * Math.sin(k * delta) : Math.sin(k * eps1));
  if (!(d > 0) || !(sinK(1) > 0)) return NaN;
  const logD = Math.log(d);
  const pdf = kind === "pdf";
  // log of the k-th magnitude Γ(kα + 1)/k! c^k d^{−kα−1} (pdf) or Γ(kα)/k! c^k d^{−kα} (sf)
  const logMag = (k: number): number =>
    (pdf ? logGamma(k * alpha + 1) : logGamma(k * alpha)) - logGamma(k + 1) + k * logC - (pdf ? k * alpha + 1 : k * alpha) * logD;
  const log1 = logMag(1);
  let sum = sinK(1);
  let abs = Math.abs(sum);
  let prev = 1;
  for (let k = 2; k <= MAX_TERMS; k++) {
    const r = Math.exp(logMag(k) - log1);
    if (r <= SERIES_TOL * Math.abs(sum)) {
      if (!(abs <= CANCELLATION * Math.abs(sum)) || !(sum > 0)) return NaN;
      return log1 + Math.log(sum) - Math.log(Math.PI);
    }
    // an asymptotic series that turns before reaching the tolerance is no good here
    if (r >= prev) return NaN;
    const t = sinK(k) * r;
    sum += t;
    abs += Math.abs(t);
    prev = r;
  }
  return NaN;
}

const EULER_GAMMA = 0.5772156649015329;
const MAX_ORDER = 40;

/** Σ_{j ≥ a} j^{−s} for integers a ≥ 1, s ≥ 2: a direct sum, then Euler–Maclaurin from N = a + 40. */
function hurwitzTail(s: number, a: number): number {
  const N = a + 40;
  let sum = 0;
  for (let j = N - 1; j >= a; j--) sum += j ** -s;
  const p = N ** -s;
  return (
    sum +
    (N * p) / (s - 1) +
    p / 2 +
    (s * p) / (12 * N) -
    (s * (s + 1) * (s + 2) * p) / (720 * N ** 3) +
    (s * (s + 1) * (s + 2) * (s + 3) * (s + 4) * p) / (30240 * N ** 5)
  );
}

/** ψ^{(k)}(n + 1) for integers k ≥ 0, n ≥ 0: H_n − γ, or (−1)^{k+1} k! Σ_{j>n} j^{−k−1}. */
function polygammaAtInteger(k: number, n: number): number {
  if (k === 0) {
    let h = 0;
    for (let j = n; j >= 1; j--) h += 1 / j;
    return h - EULER_GAMMA;
  }
  let fact = 1;
  for (let j = 2; j <= k; j++) fact *= j;
  return (k % 2 === 1 ? 1 : -1) * fact * hurwitzTail(k + 1, n + 1);
}

const BELL = new Float64Array(MAX_ORDER + 2);
const HDER = new Float64Array(MAX_ORDER + 2);
const BINOM: number[][] = [];
for (let n = 0; n <= MAX_ORDER + 1; n++) {
  const row = [1];
  for (let k = 1; k <= n; k++) row.push((row[k - 1] * (n - k + 1)) / k);
  BINOM.push(row);
}

/**
 * Bell-polynomial values Y_0..Y_M of exp(h) with h(ν) = log Γ(ν + 1) − (ν + 1)L at ν = n:
 * ∂^m[Γ(ν+1)x^{−ν−1}] = n! x^{−n−1} Y_m. Written to BELL.
 */
function bellAt(n: number, L: number, M: number): void {
  HDER[0] = polygammaAtInteger(0, n) - L;
  for (let k = 1; k < M; k++) HDER[k] = polygammaAtInteger(k, n);
  BELL[0] = 1;
  for (let q = 1; q <= M; q++) {
    let s = 0;
    for (let j = 0; j < q; j++) s += BINOM[q - 1][j] * HDER[j] * BELL[q - 1 - j];
    BELL[q] = s;
  }
}

/** Smallest x at which the α = 1 tail series is tried (the light-tail core is then below 1e-300). */
const ALPHA_ONE_MIN_X = 50;

/**
 * log f(x) or log sf(x) of the standard α = 1 law with skewness `beta` (S1 = S0),
 * x > 0 far in the right tail, or NaN where the series is not accurate.
 */
export function logTailSeriesOne(kind: SeriesKind, x: number, beta: number): number {
  const B = 1 + beta;
  if (!(x >= ALPHA_ONE_MIN_X) || !(B > 0) || x === Infinity) return NaN;
  const pdf = kind === "pdf";
  const g = (2 * beta) / Math.PI;
  const L = Math.log(x);
  const invX = 1 / x;
  // the order-p terms carry x^{−p−1} (pdf) or x^{−p} (sf); factor out the p = 1 power
  let sum = 0;
  let abs = 0;
  let scale = 1; // x^{−(p−1)}
  let prevBound = Infinity;
  for (let p = 1; p <= MAX_ORDER; p++) {
    const n = pdf ? p : p - 1;
    bellAt(n, L, p);
    let nFact = 1;
    for (let j = 2; j <= n; j++) nFact *= j;
    let order = 0;
    let bound = 0;
    let jFact = 1;
    for (let j = 0; j < p; j++) {
      if (j > 0) jFact *= j;
      if ((p - 1 - j) % 2 !== 0) continue;
      const i = (p - 1 - j) / 2;
      let oddFact = 1;
      for (let q = 2; q <= 2 * i + 1; q++) oddFact *= q;
      const coef = ((-g) ** j / jFact) * ((i % 2 === 0 ? 1 : -1) * B ** (2 * i + 1)) / oddFact;
      const t = coef * nFact * BELL[j] * scale;
      order += t;
      bound += Math.abs(t);
    }
    if (p > 2 && bound <= SERIES_TOL * Math.abs(sum)) {
      if (!(abs <= CANCELLATION * Math.abs(sum)) || !(sum > 0)) return NaN;
      return Math.log(sum) - (pdf ? 2 : 1) * L - Math.log(Math.PI);
    }
    if (p > 3 && bound >= prevBound) return NaN;
    sum += order;
    abs += bound;
    prevBound = bound;
    scale *= invX;
  }
  return NaN;
}

/** Largest |d|·c^{1/α} at which the series at ζ is tried. */
const NEAR_MAX = 1e-3;

/**
 * Density (`cdf` false) or F(ζ + d) − F(ζ) (`cdf` true) of the standard law with
 * skewness b (not oriented; α ≠ 1) at small S1 offset d, or NaN where the series at
 * ζ is not accurate. `phiMinus` = π/2 − θ₀, `phiPlus` = π/2 + θ₀ (both accurate), `logC` = log c.
 * cos((k+1)θ₀ − kπ/2) = sin((k+1)(π/2 − θ₀)) = (−1)^k sin((k+1)(π/2 + θ₀)), formed from the
 * smaller angle so that a law next to one-sided (β → ±1, α < 1) keeps relative accuracy.
 */
export function nearZetaSeries(cdf: boolean, d: number, alpha: number, phiMinus: number, phiPlus: number, logC: number): number {
  const useMinus = phiMinus <= phiPlus;
  const coefK = (k: number): number => (useMinus ? Math.sin((k + 1) * phiMinus) : (k % 2 === 0 ? 1 : -1) * Math.sin((k + 1) * phiPlus));
  const invAlpha = 1 / alpha;
  const logScale = logC * invAlpha; // c^{1/α}: the scale of the law around ζ
  const ad = Math.abs(d);
  if (!(ad * Math.exp(-logScale) <= NEAR_MAX)) return NaN;
  if (ad === 0) return cdf ? 0 : NaN;
  const logAd = Math.log(ad);
  const sign = d < 0 ? -1 : 1;
  let sum = 0;
  let abs = 0;
  let first = NaN;
  let prev = Infinity;
  for (let k = 0; k < MAX_TERMS; k++) {
    const e = cdf ? k + 1 : k;
    const logMag = logGamma((k + 1) * invAlpha) - logGamma(e + 1) - (k + 1) * logScale + e * logAd;
    if (k === 0) first = logMag;
    const r = Math.exp(logMag - first);
    if (k > 1 && r <= SERIES_TOL * Math.abs(sum)) {
      if (!(abs <= CANCELLATION * Math.abs(sum)) || sum === 0) return NaN;
      return (Math.exp(first) * sum) / (Math.PI * alpha);
    }
    if (k > 1 && r >= prev) return NaN;
    prev = r;
    const t = coefK(k) * r * (e % 2 === 1 ? sign : 1);
    sum += t;
    abs += Math.abs(t);
  }
  return NaN;
}
