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
import {
  BLOCK,
  COS_FLOOR,
  PI,
  TWO20,
  TWO52_INV,
  cosKernel,
  expKernel,
  logKernel,
  sinKernel,
} from "./sample-kernels.js";
import { simdKernel } from "./sample-simd.js";
import { checkSampleSize } from "./validate.js";

export { cosKernel, expKernel, logKernel, sinKernel } from "./sample-kernels.js";

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
    const simd = simdKernel();
    if (beta === 0) {
      if (simd !== null) simd.cauchy(out, scale, shift, rng.state);
      else fillCauchy(out, scale, shift, rng.state);
    } else if (simd !== null) simd.alphaOne(out, beta, (2 / PI) * scale, shift, rng.state);
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

/**
 * @internal Which implementation draws α ∉ {1, 2}: "wasm-simd" (WebAssembly SIMD kernel) or "js"
 * (the fallback where WebAssembly SIMD is unavailable). Both give bit-identical draws.
 */
export function sampleBackend(): "wasm-simd" | "js" {
  return simdKernel() === null ? "js" : "wasm-simd";
}

// ---------------------------------------------------------------------------------------
// Fill loops. Per variate they draw one uniform U (d = U − ½, V = πd) and then one
// exponential W, exactly as rng.uniform() followed by rng.exponential() would. The state
// is stored back every iteration (cheap, off the critical path) so that the ziggurat's
// rare slow path can continue from it.

const BUF_P = new Float64Array(BLOCK);
const BUF_Q = new Float64Array(BLOCK);

/**
 * α ∉ {1, 2}: out[i] = scale·Z + shift with Z standard S1. Runs the WebAssembly SIMD kernel
 * (sample-simd.ts) where it is available, otherwise the JS loop; both give the same bits.
 */
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
  const simd = simdKernel();
  if (simd !== null) simd.general(out, alpha, aB, c, e, shift, st);
  else fillGeneralJs(out, alpha, aB, c, e, shift, st);
}

/** The JS loop of fillGeneral (the fallback; scripts/make-sample-wasm.ts mirrors it). */
function fillGeneralJs(out: Float64Array, alpha: number, aB: number, c: number, e: number, shift: number, st: Int32Array): void {
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
