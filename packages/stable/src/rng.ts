/**
 * Seedable, reproducible random number streams.
 *
 * Generator: xoroshiro128+ (Blackman & Vigna 2018, shifts 24/16/37, period 2^128 − 1),
 * the generator of `pure-rand`'s `xoroshiro128plus`; its `jump()` (2^64 steps) is used to
 * derive substreams. The state transition is the same as pure-rand's, but every step is
 * read as the full 64-bit sum s0 + s1 and doubles take its top 52 bits (pure-rand's own
 * `next()` returns the weak low 32 bits of that sum).
 *
 * Seeding: the seed (any safe integer) is expanded by splitmix64 into the 128-bit state,
 * as Vigna recommends, so nearby seeds give unrelated streams.
 *
 * Stream guarantee: `rng.stream(i)` starts (i + 1)·2^64 steps ahead of rng's current
 * position. Hence rng, rng.stream(0), rng.stream(1), … never overlap as long as each
 * draws fewer than 2^64 words (one word per uniform, one or more per normal/exponential).
 * The same seed gives the same uniforms everywhere, and the same normals/exponentials on
 * any engine whose Math.exp/log/sqrt agree (ziggurat tables and rare slow paths use them).
 */
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { checkSize, rangeError } from "./validate.js";

/** Largest index of `rng.stream(i)` (each index costs i + 1 jumps of about 1 µs: at most ~1 s). */
export const MAX_STREAM_INDEX = 2 ** 20 - 1;

/** A stream of random numbers; every method advances the stream. */
export interface Rng {
  /** Uniform on the open interval (0, 1): (m + ½)·2^−52 with m uniform on {0, …, 2^52 − 1}. */
  uniform(): number;
  /** Uniform 32-bit unsigned integer (the top word of one 64-bit output). */
  uint32(): number;
  /** Standard normal N(0, 1) (ziggurat, Marsaglia & Tsang 2000, with Doornik's 2005 independent layer bits). */
  normal(): number;
  /** Standard exponential Exp(1) (ziggurat, Marsaglia & Tsang 2000). */
  exponential(): number;
  /** Fill `out` with uniform(0, 1) values; returns `out`. Same values as repeated `uniform()`. */
  fillUniform(out: Float64Array): Float64Array;
  /** Fill `out` with N(0, 1) values; returns `out`. Same values as repeated `normal()`. */
  fillNormal(out: Float64Array): Float64Array;
  /** Fill `out` with Exp(1) values; returns `out`. Same values as repeated `exponential()`. */
  fillExponential(out: Float64Array): Float64Array;
  /** Independent substream i ≥ 0: this stream's current position advanced (i + 1)·2^64 steps. O(i) jumps. Does not advance this stream. */
  stream(i: number): Rng;
  /** An independent copy at the same position (it will repeat this stream's future numbers). */
  clone(): Rng;
  /**
   * The live 128-bit state as four int32 words in pure-rand's order [s01, s00, s11, s10]
   * (high and low words of s0, then of s1). Kernels may read it, advance it in local
   * variables and write it back; anything else should treat it as read-only.
   */
  readonly state: Int32Array;
}

const TWO52_INV = 2.220446049250313e-16; // 2^-52
const TWO51_INV = 4.440892098500626e-16; // 2^-51
const TWO20 = 1048576;
/** Values per block of the fill loops (see the class). */
const BLOCK = 512;

// ---- ziggurat tables (Marsaglia & Tsang 2000; layout as in Doornik 2005) -------------------
// Layer i covers [0, X[i]); X[0] is the virtual width of the base strip (area v / f(r)),
// X[1] = r, X[i+1] = f⁻¹(v / X[i] + f(X[i])), X[C] = 0. RATIO[i] = X[i+1] / X[i].

/** Exponential: 256 layers, r = 7.69711747013104972, v = 3.949659822581572e-3. */
export const ZIG_EXP_R = 7.69711747013104972;
const ZIG_EXP_V = 3.949659822581572e-3;
export const ZIG_EXP_X = new Float64Array(257);
export const ZIG_EXP_F = new Float64Array(257);
export const ZIG_EXP_RATIO = new Float64Array(256);

/** Normal: 128 layers, r = 3.442619855899, v = 9.91256303526217e-3. */
export const ZIG_NORM_R = 3.442619855899;
const ZIG_NORM_V = 9.91256303526217e-3;
export const ZIG_NORM_X = new Float64Array(129);
export const ZIG_NORM_F = new Float64Array(129);
export const ZIG_NORM_RATIO = new Float64Array(128);

(function buildTables(): void {
  ZIG_EXP_X[0] = ZIG_EXP_V / Math.exp(-ZIG_EXP_R);
  ZIG_EXP_X[1] = ZIG_EXP_R;
  for (let i = 1; i < 256; i++) ZIG_EXP_X[i + 1] = -Math.log(ZIG_EXP_V / ZIG_EXP_X[i] + Math.exp(-ZIG_EXP_X[i]));
  ZIG_EXP_X[256] = 0; // the recurrence gives ≈ −8e-14
  for (let i = 0; i <= 256; i++) ZIG_EXP_F[i] = Math.exp(-ZIG_EXP_X[i]);
  for (let i = 0; i < 256; i++) ZIG_EXP_RATIO[i] = ZIG_EXP_X[i + 1] / ZIG_EXP_X[i];

  ZIG_NORM_X[0] = ZIG_NORM_V / Math.exp(-0.5 * ZIG_NORM_R * ZIG_NORM_R);
  ZIG_NORM_X[1] = ZIG_NORM_R;
  for (let i = 1; i < 128; i++) {
    const xi = ZIG_NORM_X[i];
    const v = -2 * Math.log(ZIG_NORM_V / xi + Math.exp(-0.5 * xi * xi));
    ZIG_NORM_X[i + 1] = v > 0 ? Math.sqrt(v) : 0;
  }
  ZIG_NORM_X[128] = 0;
  for (let i = 0; i <= 128; i++) ZIG_NORM_F[i] = Math.exp(-0.5 * ZIG_NORM_X[i] * ZIG_NORM_X[i]);
  for (let i = 0; i < 128; i++) ZIG_NORM_RATIO[i] = ZIG_NORM_X[i + 1] / ZIG_NORM_X[i];
})();

// ---- single steps on a state array (used by the scalar methods and the rare slow paths) ----
// Scratch for returning the two words of one output without allocating.
const OUT = new Int32Array(2);

/** One xoroshiro128+ step on `s`; leaves the 64-bit output in OUT = [hi, lo]. */
function step(s: Int32Array): void {
  const s01 = s[0], s00 = s[1], s11 = s[2], s10 = s[3];
  const lo = (s00 + s10) | 0;
  OUT[1] = lo;
  OUT[0] = (s01 + s11 + (((s00 & s10) | ((s00 | s10) & ~lo)) >>> 31)) | 0; // + carry out of the low words
  const a0 = s10 ^ s00, a1 = s11 ^ s01;
  s[1] = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
  s[0] = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
  s[3] = (a1 << 5) ^ (a0 >>> 27);
  s[2] = (a0 << 5) ^ (a1 >>> 27);
}

/** uniform(0,1) from state `s` (one step). */
export function uniformFromState(s: Int32Array): number {
  step(s);
  return ((OUT[0] >>> 0) * TWO20 + (OUT[1] >>> 12) + 0.5) * TWO52_INV;
}

/**
 * Exponential ziggurat slow path: layer j was drawn with uniform u and u ≥ RATIO[j].
 * Finishes the draw using further steps of `s` and returns the Exp(1) value.
 */
export function expZigSlow(s: Int32Array, j: number, u: number): number {
  for (;;) {
    if (j === 0) return ZIG_EXP_R - Math.log(uniformFromState(s)); // memoryless tail
    const x = u * ZIG_EXP_X[j];
    if (ZIG_EXP_F[j] + uniformFromState(s) * (ZIG_EXP_F[j + 1] - ZIG_EXP_F[j]) < Math.exp(-x)) return x;
    // restart: a fresh layer and uniform
    step(s);
    const lo = OUT[1];
    j = (lo >>> 4) & 255;
    u = ((OUT[0] >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
    if (u < ZIG_EXP_RATIO[j]) return u * ZIG_EXP_X[j];
  }
}

/**
 * Normal ziggurat slow path: layer j was drawn with signed uniform u ∈ (−1, 1) and
 * |u| ≥ RATIO[j]. Finishes the draw with further steps of `s`; returns the N(0,1) value.
 */
export function normalZigSlow(s: Int32Array, j: number, u: number): number {
  for (;;) {
    if (j === 0) {
      // tail beyond r (Marsaglia 1964): x = −log(U1)/r, accept if −2 log U2 > x²
      let x: number, y: number;
      do {
        x = -Math.log(uniformFromState(s)) / ZIG_NORM_R;
        y = -Math.log(uniformFromState(s));
      } while (y + y < x * x);
      return u < 0 ? -(ZIG_NORM_R + x) : ZIG_NORM_R + x;
    }
    const x = u * ZIG_NORM_X[j];
    if (ZIG_NORM_F[j] + uniformFromState(s) * (ZIG_NORM_F[j + 1] - ZIG_NORM_F[j]) < Math.exp(-0.5 * x * x)) return x;
    step(s);
    const lo = OUT[1];
    j = (lo >>> 4) & 127;
    u = ((OUT[0] >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO51_INV - 1;
    if (Math.abs(u) < ZIG_NORM_RATIO[j]) return u * ZIG_NORM_X[j];
  }
}

// ---- seeding ---------------------------------------------------------------------------
const MASK64 = (1n << 64n) - 1n;

/** splitmix64 (Steele, Lea & Flood 2014): the next output from state z. */
function splitmix64(z: bigint): bigint {
  z = (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n & MASK64;
  z = (z ^ (z >> 27n)) * 0x94d049bb133111ebn & MASK64;
  return z ^ (z >> 31n);
}

function stateFromSeed(seed: number): Int32Array {
  const base = BigInt.asUintN(64, BigInt(seed));
  const golden = 0x9e3779b97f4a7c15n;
  const s0 = splitmix64((base + golden) & MASK64);
  const s1 = splitmix64((base + 2n * golden) & MASK64);
  const st = new Int32Array(4);
  st[0] = Number(BigInt.asIntN(32, s0 >> 32n));
  st[1] = Number(BigInt.asIntN(32, s0));
  st[2] = Number(BigInt.asIntN(32, s1 >> 32n));
  st[3] = Number(BigInt.asIntN(32, s1));
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[1] = 1; // the all-zero state is a fixed point
  return st;
}

/** A seed for callers that give none (not reproducible by design). */
export function randomSeed(): number {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (c?.getRandomValues) {
    const w = c.getRandomValues(new Uint32Array(2));
    return (w[0] & 0x1fffff) * 4294967296 + w[1];
  }
  return Math.floor(Math.random() * 9007199254740992);
}

// ---- the generator -------------------------------------------------------------------
class Xoroshiro128PlusRng implements Rng {
  readonly state: Int32Array;

  constructor(state: Int32Array) {
    this.state = state;
  }

  uniform(): number {
    return uniformFromState(this.state);
  }

  uint32(): number {
    step(this.state);
    return OUT[0] >>> 0;
  }

  exponential(): number {
    const s = this.state;
    step(s);
    const lo = OUT[1];
    const j = (lo >>> 4) & 255;
    const u = ((OUT[0] >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
    if (u < ZIG_EXP_RATIO[j]) return u * ZIG_EXP_X[j];
    return expZigSlow(s, j, u);
  }

  normal(): number {
    const s = this.state;
    step(s);
    const lo = OUT[1];
    const j = (lo >>> 4) & 127;
    const u = ((OUT[0] >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO51_INV - 1;
    if (Math.abs(u) < ZIG_NORM_RATIO[j]) return u * ZIG_NORM_X[j];
    return normalZigSlow(s, j, u);
  }

  // The fill loops keep the state in locals and store it back after every block of
  // BLOCK values (and before a ziggurat slow path, which continues from the stored state).

  fillUniform(out: Float64Array): Float64Array {
    const st = this.state;
    let s01 = st[0], s00 = st[1], s11 = st[2], s10 = st[3];
    for (let i0 = 0, n = out.length; i0 < n; i0 += BLOCK) {
      for (let i = i0, m = Math.min(n, i0 + BLOCK); i < m; i++) {
        const lo = (s00 + s10) | 0;
        const hi = (s01 + s11 + (((s00 & s10) | ((s00 | s10) & ~lo)) >>> 31)) | 0;
        const a0 = s10 ^ s00, a1 = s11 ^ s01, o0 = s00, o1 = s01;
        s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
        s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
        s10 = (a1 << 5) ^ (a0 >>> 27);
        s11 = (a0 << 5) ^ (a1 >>> 27);
        out[i] = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
      }
      st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
    }
    return out;
  }

  fillExponential(out: Float64Array): Float64Array {
    const st = this.state;
    const ratio = ZIG_EXP_RATIO, xs = ZIG_EXP_X;
    let s01 = st[0], s00 = st[1], s11 = st[2], s10 = st[3];
    for (let i0 = 0, n = out.length; i0 < n; i0 += BLOCK) {
      for (let i = i0, m = Math.min(n, i0 + BLOCK); i < m; i++) {
        const lo = (s00 + s10) | 0;
        const hi = (s01 + s11 + (((s00 & s10) | ((s00 | s10) & ~lo)) >>> 31)) | 0;
        const a0 = s10 ^ s00, a1 = s11 ^ s01, o0 = s00, o1 = s01;
        s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
        s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
        s10 = (a1 << 5) ^ (a0 >>> 27);
        s11 = (a0 << 5) ^ (a1 >>> 27);
        const j = (lo >>> 4) & 255;
        const u = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO52_INV;
        if (u < ratio[j]) {
          out[i] = u * xs[j];
        } else {
          st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
          out[i] = expZigSlow(st, j, u);
          s01 = st[0]; s00 = st[1]; s11 = st[2]; s10 = st[3];
        }
      }
      st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
    }
    return out;
  }

  fillNormal(out: Float64Array): Float64Array {
    const st = this.state;
    const ratio = ZIG_NORM_RATIO, xs = ZIG_NORM_X;
    let s01 = st[0], s00 = st[1], s11 = st[2], s10 = st[3];
    for (let i0 = 0, n = out.length; i0 < n; i0 += BLOCK) {
      for (let i = i0, m = Math.min(n, i0 + BLOCK); i < m; i++) {
        const lo = (s00 + s10) | 0;
        const hi = (s01 + s11 + (((s00 & s10) | ((s00 | s10) & ~lo)) >>> 31)) | 0;
        const a0 = s10 ^ s00, a1 = s11 ^ s01, o0 = s00, o1 = s01;
        s00 = (o0 << 24) ^ (o1 >>> 8) ^ a0 ^ (a0 << 16);
        s01 = (o1 << 24) ^ (o0 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
        s10 = (a1 << 5) ^ (a0 >>> 27);
        s11 = (a0 << 5) ^ (a1 >>> 27);
        const j = (lo >>> 4) & 127;
        const u = ((hi >>> 0) * TWO20 + (lo >>> 12) + 0.5) * TWO51_INV - 1;
        if (Math.abs(u) < ratio[j]) {
          out[i] = u * xs[j];
        } else {
          st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
          out[i] = normalZigSlow(st, j, u);
          s01 = st[0]; s00 = st[1]; s11 = st[2]; s10 = st[3];
        }
      }
      st[0] = s01; st[1] = s00; st[2] = s11; st[3] = s10;
    }
    return out;
  }

  stream(i: number): Rng {
    // i + 1 jumps of 2^64 steps, about 1 µs each: the index is bounded so that a call cannot hang
    checkSize("i", i, MAX_STREAM_INDEX, "MAX_STREAM_INDEX");
    const s = this.state;
    const g = xoroshiro128plusFromState([s[0], s[1], s[2], s[3]]);
    for (let k = 0; k <= i; k++) g.jump();
    return new Xoroshiro128PlusRng(Int32Array.from(g.getState()));
  }

  clone(): Rng {
    return new Xoroshiro128PlusRng(Int32Array.from(this.state));
  }
}

/**
 * A reproducible random stream from an integer seed (any safe integer; negative seeds are
 * taken modulo 2^64). Equal seeds give equal streams on every platform.
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw rangeError("seed", seed, "safe integers (-2^53, 2^53)");
  }
  return new Xoroshiro128PlusRng(stateFromSeed(seed));
}

/** True when `x` looks like an Rng (has the methods this package calls). */
export function isRng(x: unknown): x is Rng {
  return (
    x != null &&
    typeof x === "object" &&
    typeof (x as Rng).uniform === "function" &&
    typeof (x as Rng).normal === "function" &&
    (x as Rng).state instanceof Int32Array
  );
}

/**
 * Resolve the usual `{ seed } | Rng | undefined` argument of samplers: an Rng is used
 * (and advanced) as is, a seed makes a fresh stream, nothing makes a randomly seeded one.
 */
export function resolveRng(opts: { seed?: number } | Rng | undefined): Rng {
  if (opts === undefined || opts === null) return createRng(randomSeed());
  if (isRng(opts)) return opts;
  if (typeof opts !== "object" || typeof (opts as { uniform?: unknown }).uniform === "function") {
    // an Rng-like object without the xoroshiro state would otherwise be mistaken for `{}`
    throw new TypeError("options must be { seed?: number } or an Rng from createRng()");
  }
  return createRng(opts.seed === undefined ? randomSeed() : opts.seed);
}
