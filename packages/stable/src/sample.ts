/**
 * Sampling S_α(σ, β, μ) by Chambers–Mallows–Stuck (1976) in Weron's (1996) form.
 *
 * With V uniform on (−π/2, π/2) and W ~ Exp(1) independent, the standard S1 variate is
 *   α ≠ 1:  Z = S_{α,β} · sin(α(V + B)) / cos V · (cos V · W / cos(V − α(V + B)))^{(α−1)/α},
 *           B = arctan(β tan(πα/2)) / α,  S_{α,β} = (1 + β² tan²(πα/2))^{1/(2α)}
 *           (Weron's sin(α(V+B))/(cos V)^{1/α}·(cos(V−α(V+B))/W)^{(1−α)/α}, powers combined);
 *   α = 1:  Z = (2/π) [(π/2 + βV) tan V − β log((π/2) W cos V / (π/2 + βV))].
 * Then X = σZ + μ (S1, α ≠ 1), X = σZ + μ + (2/π)βσ log σ (S1, α = 1; ST Prop. 1.2.3), and
 * S0 by shifting to the S0 location μ₀ (params.ts): X = σ(Z − β tan(πα/2)) + μ₀ (α ≠ 1),
 * X = σZ + μ₀ (α = 1). α = 2 gives N(μ, 2σ²) for every β (normal ziggurat).
 * Stream layout: variate i uses one rng.uniform() (U, V = π(U − ½)) then one rng.exponential().
 *
 * Speed: the random stream is inlined, the elementary functions are short polynomial or
 * table kernels for the bounded ranges the formula needs (error ≲ 1–2 ulp, tested against
 * Math.*), and the work runs in blocks of short passes (trigonometric factors, log, exp) so
 * that the CPU overlaps consecutive variates. Per variate: one uniform, one exponential,
 * four short polynomials, one log, one exp.
 *
 * Accuracy: 99% of draws agree with Weron's formula in Math.* to < 1e-13 (relative). Draws
 * with V within δ of ±π/2 carry a relative error up to ~1e-16/δ from the cancellation in
 * α(V + B) (inherent to the formula, numpy's vectorised version included). In S0 with α
 * near 1 the shift −β tan(πα/2) cancels most of Z, leaving an absolute error of about
 * |β tan(πα/2)|·2^−52·σ (e.g. 1.4e-10·σ at α = 1 ± 1e-6).
 */
import { type StableParams, resolveStableParams, s0Location } from "./params.js";
import {
  type Rng,
  ZIG_EXP_RATIO,
  ZIG_EXP_X,
  expZigSlow,
  resolveRng,
} from "./rng.js";
import { checkSampleSize } from "./validate.js";

/** `{ seed }` for a fresh reproducible stream, or an Rng to draw from (it is advanced). */
export type SampleOptions = { seed?: number } | Rng;

/**
 * n independent draws from S_α(σ, β, μ) (S1 by default, S0 with parameterization: 'S0').
 * Without a seed or Rng the stream is seeded randomly.
 * Throws RangeError for n not a non-negative integer or parameters outside their domain.
 */
export function sample(n: number, params: StableParams, opts?: SampleOptions): Float64Array {
  checkSampleSize("n", n);
  const p = resolveStableParams(params);
  return fillStable(new Float64Array(n), p.alpha, p.beta, p.scale, p.loc, p.parameterization, resolveRng(opts));
}

/** Like `sample` but fills `out` in place (no allocation); returns `out`. */
export function sampleInto(out: Float64Array, params: StableParams, opts?: SampleOptions): Float64Array {
  if (!(out instanceof Float64Array)) throw new TypeError("out must be a Float64Array");
  const p = resolveStableParams(params);
  return fillStable(out, p.alpha, p.beta, p.scale, p.loc, p.parameterization, resolveRng(opts));
}

function fillStable(
  out: Float64Array,
  alpha: number,
  beta: number,
  scale: number,
  loc: number,
  parameterization: "S0" | "S1",
  rng: Rng,
): Float64Array {
  if (out.length === 0) return out;
  if (alpha === 2) {
    rng.fillNormal(out);
    const c = scale * Math.SQRT2;
    for (let i = 0; i < out.length; i++) out[i] = c * out[i] + loc;
    return out;
  }
  if (alpha === 1) {
    const shift =
      parameterization === "S1"
        ? loc + beta * (2 / Math.PI) * scale * Math.log(scale)
        : s0Location({ alpha, beta, scale, loc, parameterization });
    if (beta === 0) fillCauchy(out, scale, shift, rng.state);
    else fillAlphaOne(out, beta, scale, shift, rng.state);
    return out;
  }
  const tanPA = Math.tan((Math.PI * alpha) / 2);
  const shift =
    parameterization === "S1"
      ? loc
      : s0Location({ alpha, beta, scale, loc, parameterization }) - scale * beta * tanPA;
  fillGeneral(out, alpha, beta, tanPA, scale, shift, rng.state);
  return out;
}

// ---------------------------------------------------------------------------------------
// Elementary-function kernels for the bounded ranges the formula needs.
// sin, cos: Chebyshev fits (mpmath.chebyfit, 50 digits) of (sin√t/√t − 1)/t and
//   (cos√t − 1 + t/2)/t² on t ∈ [0, (π/2)²]; fit error 3.4e-19 and 1.7e-20
//   (fixtures/make_sample_kernels.py prints them).
// exp: 2^(k + j/128)·e^r with |r| ≤ ln2/256 (table 2^(j/128) in double-double, degree-5 Taylor).
// log: log x = k ln2 + log c_i + log1p(r), c_i = 1 + (i + ½)/128, r = (z − c_i)/c_i, |r| < 1/256.
// All four are tested against Math.* in test/sample.test.ts.

const S1 = -0.16666666666666666, S2 = 0.008333333333333316, S3 = -0.00019841269841254974;
const S4 = 2.7557319219163234e-6, S5 = -2.5052107616996182e-8, S6 = 1.6058977312464087e-10;
const S7 = -7.643970296798572e-13, S8 = 2.7314447669863995e-15;
const C1 = 0.041666666666666664, C2 = -0.001388888888888888, C3 = 2.480158730157985e-5;
const C4 = -2.7557319221569563e-7, C5 = 2.0876756602875463e-9, C6 = -1.1470712272749466e-11;
const C7 = 4.7778779252458453e-14, C8 = -1.5218638369243573e-16;
const LN2_HI = 6.9314718036912381649e-1; // fdlibm's ln2_hi: k·LN2_HI is exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10;
const ROUND_SHIFT = 6755399441055744; // 1.5·2^52: (x + c) − c rounds x to an integer
const PI = Math.PI;
const TWO52_INV = 2.220446049250313e-16;
const TWO20 = 1048576;
/** cos of the double nearest π/2: the smallest positive value cos(V − α(V+B)) can have. */
const COS_FLOOR = 6.123233995736766e-17;
/** Variates per block: the kernels run as short passes over blocks so the CPU overlaps iterations. */
const BLOCK = 512;

/** 2^k for k ∈ [−1022, 1023] at POW2[k + 1024]. */
const POW2 = new Float64Array(2048);
for (let k = -1022; k <= 1023; k++) POW2[k + 1024] = 2 ** k;

const F64 = new Float64Array(1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** The high 32 bits (sign, exponent, top of the mantissa) of F64[0]. */
const HI32 = new Int32Array(F64.buffer, LITTLE_ENDIAN ? 4 : 0, 1);

/** exp tables: 2^(j/128) = EXP_HI[j] + EXP_LO[j] (double-double by repeated multiplication). */
const EXP_HI = new Float64Array(128);
const EXP_LO = new Float64Array(128);
const EXP_INV = 128 / Math.LN2;
const EXP_LN2_HI = LN2_HI / 128;
const EXP_LN2_LO = LN2_LO / 128;
/** log tables: c_i = 1 + (i + ½)/128, 1/c_i, log c_i. */
const LOG_C = new Float64Array(128);
const LOG_INV = new Float64Array(128);
const LOG_LOGC = new Float64Array(128);

(function buildTables(): void {
  // Dekker's exact product via Veltkamp splitting (no FMA in JS).
  const split = (a: number): [number, number] => {
    const t = 134217729 * a;
    const hi = t - (t - a);
    return [hi, a - hi];
  };
  const t1Hi = 1.0054299011128027; // 2^(1/128) = t1Hi + t1Lo (mpmath, 40 digits)
  const t1Lo = 9.499186535455032e-17;
  let hi = 1, lo = 0;
  for (let j = 0; j < 128; j++) {
    EXP_HI[j] = hi;
    EXP_LO[j] = lo;
    const p = hi * t1Hi;
    const [ah, al] = split(hi);
    const [bh, bl] = split(t1Hi);
    const err = ah * bh - p + ah * bl + al * bh + al * bl;
    const e = err + (hi * t1Lo + lo * t1Hi);
    const s = p + e;
    lo = e - (s - p);
    hi = s;
  }
  for (let i = 0; i < 128; i++) {
    const c = 1 + (i + 0.5) / 128;
    LOG_C[i] = c;
    LOG_INV[i] = 1 / c;
    LOG_LOGC[i] = Math.log(c);
  }
})();

/** @internal sin x for |x| ≤ π/2 (relative error ≲ 1 ulp). */
export function sinKernel(x: number): number {
  const t = x * x;
  return x + x * t * (S1 + t * (S2 + t * (S3 + t * (S4 + t * (S5 + t * (S6 + t * (S7 + t * S8)))))));
}

/** @internal cos x for |x| ≤ π/2 (absolute error ≲ 1.5e-16). */
export function cosKernel(x: number): number {
  const t = x * x;
  return 1 - 0.5 * t + t * t * (C1 + t * (C2 + t * (C3 + t * (C4 + t * (C5 + t * (C6 + t * (C7 + t * C8)))))));
}

/** @internal log x for positive normal finite x (error ≲ 2.5e-16 absolute or relative, whichever is larger). */
export function logKernel(x: number): number {
  F64[0] = x;
  const hx = HI32[0];
  const k = (hx >> 20) - 1023;
  const i = (hx >> 13) & 127;
  const r = (x * POW2[1024 - k] - LOG_C[i]) * LOG_INV[i];
  const p = r * r * (-0.5 + r * (0.3333333333333333 + r * (-0.25 + r * (0.2 + r * (-0.16666666666666666 + r * 0.14285714285714285)))));
  return k * LN2_HI + LOG_LOGC[i] + (r + (p + k * LN2_LO));
}

/** @internal eˣ for |x| ≤ 708 (relative error ≲ 1 ulp); callers route larger |x| to Math.exp. */
export function expKernel(x: number): number {
  const kd = x * EXP_INV + ROUND_SHIFT - ROUND_SHIFT;
  const ki = kd | 0;
  const r = x - kd * EXP_LN2_HI - kd * EXP_LN2_LO;
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * 0.008333333333333333)));
  const j = ki & 127;
  const th = EXP_HI[j];
  return (th + (th * p + EXP_LO[j])) * POW2[(ki >> 7) + 1024];
}

// ---------------------------------------------------------------------------------------
// Fill loops. Per variate they draw one uniform U (d = U − ½, V = πd) and then one
// exponential W, exactly as rng.uniform() followed by rng.exponential() would. The state
// is stored back every iteration (cheap, off the critical path) so that the ziggurat's
// rare slow path can continue from it.

const BUF_P = new Float64Array(BLOCK);
const BUF_Q = new Float64Array(BLOCK);

/** α ∉ {1, 2}: out[i] = scale·Z + shift with Z standard S1. */
function fillGeneral(
  out: Float64Array,
  alpha: number,
  beta: number,
  tanPA: number,
  scale: number,
  shift: number,
  st: Int32Array,
): void {
  const t = beta * tanPA;
  const aB = Math.atan(t); // αB
  const c = 2 * scale * Math.pow(1 + t * t, 1 / (2 * alpha)); // 2σS (2 from sin 2h = 2 sin h cos h)
  const e = (alpha - 1) / alpha;
  const bp = BUF_P, bq = BUF_Q, ratio = ZIG_EXP_RATIO, zx = ZIG_EXP_X, slow = expZigSlow;
  let s01 = st[0], s00 = st[1], s11 = st[2], s10 = st[3];
  for (let i0 = 0, n = out.length; i0 < n; i0 += BLOCK) {
    const m = Math.min(BLOCK, n - i0);
    // pass 1: U, W, the trigonometric factors
    for (let i = 0; i < m; i++) {
      let lo = (s00 + s10) | 0;
      let hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
      let a0 = s10 ^ s00, a1 = s11 ^ s01, o0 = s00, o1 = s01;
      s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const d = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV - 0.5; // exact
      lo = (s00 + s10) | 0;
      hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
      a0 = s10 ^ s00; a1 = s11 ^ s01; o0 = s00; o1 = s01;
      s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
      const j = (lo >>> 4) & 255;
      const u = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
      let w: number;
      if (u < ratio[j]) {
        w = u * zx[j];
      } else {
        w = slow(st, j, u);
        s01 = st[0]; s00 = st[1]; s11 = st[2]; s10 = st[3];
      }
      const v = PI * d;
      const cosV = sinKernel(PI * (0.5 - Math.abs(d))); // cos V = sin(π/2 − |V|), accurate near ±π/2
      const aU = alpha * v + aB;
      const h = 0.5 * aU; // |h| < π/2
      const c2 = Math.max(cosKernel(v - aU), COS_FLOOR);
      bp[i] = (c * sinKernel(h) * cosKernel(h)) / cosV;
      bq[i] = (cosV * w) / c2; // in [3e-35, 1e18]: positive and normal
    }
    // pass 2: y = e·log q
    for (let i = 0; i < m; i++) bq[i] = e * logKernel(bq[i]);
    // pass 3: X = σ S sin(αU)/cos V · q^e + shift
    for (let i = 0; i < m; i++) {
      const y = bq[i];
      out[i0 + i] = bp[i] * (y > -708 && y < 708 ? expKernel(y) : Math.exp(y)) + shift;
    }
  }
}

/** α = 1, β = 0 (Cauchy): out[i] = scale·tan V + shift (W is drawn too, to keep the stream layout). */
function fillCauchy(out: Float64Array, scale: number, shift: number, st: Int32Array): void {
  const ratio = ZIG_EXP_RATIO, slow = expZigSlow;
  let s01 = st[0], s00 = st[1], s11 = st[2], s10 = st[3];
  for (let i = 0, n = out.length; i < n; i++) {
    let lo = (s00 + s10) | 0;
    let hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
    let a0 = s10 ^ s00, a1 = s11 ^ s01, o0 = s00, o1 = s01;
    s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
    s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    s10 = (a1 << 5) ^ (a0 >>> 27);
    s11 = (a0 << 5) ^ (a1 >>> 27);
    const d = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV - 0.5;
    lo = (s00 + s10) | 0;
    hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
    a0 = s10 ^ s00; a1 = s11 ^ s01; o0 = s00; o1 = s01;
    s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
    s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    s10 = (a1 << 5) ^ (a0 >>> 27);
    s11 = (a0 << 5) ^ (a1 >>> 27);
    st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
    const j = (lo >>> 4) & 255;
    const u = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
    if (!(u < ratio[j])) {
      slow(st, j, u);
      s01 = st[0]; s00 = st[1]; s11 = st[2]; s10 = st[3];
    }
    out[i] = (scale * sinKernel(PI * d)) / sinKernel(PI * (0.5 - Math.abs(d))) + shift;
  }
}

/** α = 1, β ≠ 0: Weron's α = 1 formula, out[i] = scale·Z + shift. */
function fillAlphaOne(out: Float64Array, beta: number, scale: number, shift: number, st: Int32Array): void {
  const c = (2 / PI) * scale;
  const bp = BUF_P, bq = BUF_Q, ratio = ZIG_EXP_RATIO, zx = ZIG_EXP_X, slow = expZigSlow;
  let s01 = st[0], s00 = st[1], s11 = st[2], s10 = st[3];
  for (let i0 = 0, n = out.length; i0 < n; i0 += BLOCK) {
    const m = Math.min(BLOCK, n - i0);
    for (let i = 0; i < m; i++) {
      let lo = (s00 + s10) | 0;
      let hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
      let a0 = s10 ^ s00, a1 = s11 ^ s01, o0 = s00, o1 = s01;
      s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const d = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV - 0.5;
      lo = (s00 + s10) | 0;
      hi = (s01 + s11 + (((s00 >>> 1) + (s10 >>> 1) + (s00 & s10 & 1)) >>> 31)) | 0;
      a0 = s10 ^ s00; a1 = s11 ^ s01; o0 = s00; o1 = s01;
      s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
      const j = (lo >>> 4) & 255;
      const u = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
      let w: number;
      if (u < ratio[j]) {
        w = u * zx[j];
      } else {
        w = slow(st, j, u);
        s01 = st[0]; s00 = st[1]; s11 = st[2]; s10 = st[3];
      }
      const cosV = sinKernel(PI * (0.5 - Math.abs(d)));
      const pb = PI * (0.5 + beta * d); // π/2 + βV, exact for |β| = 1 where it can vanish
      bp[i] = (pb * sinKernel(PI * d)) / cosV; // (π/2 + βV) tan V
      bq[i] = (0.5 * PI * w * cosV) / pb; // positive and normal
    }
    for (let i = 0; i < m; i++) out[i0 + i] = c * (bp[i] - beta * logKernel(bq[i])) + shift;
  }
}
