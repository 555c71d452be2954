import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { describe, expect, it } from "vitest";
import { andersonDarlingTest, ksTest } from "../src/goodness-of-fit.js";
import { normalCdf } from "../src/normal.js";
import { ZIG_EXP_R, ZIG_NORM_R, createRng, isRng, resolveRng } from "../src/rng.js";

const expCdf = (x: number) => (x <= 0 ? 0 : -Math.expm1(-x));
const TWO52 = 2 ** 52;

/** The 64-bit xoroshiro128+ output s0 + s1 (mod 2^64) of a state, as BigInt. */
function output64(st: Int32Array): bigint {
  const w = (hi: number, lo: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return (w(st[0], st[1]) + w(st[2], st[3])) & ((1n << 64n) - 1n);
}

describe("createRng: reproducible streams", () => {
  it("the same seed gives the same numbers from every method", () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 1000; i++) {
      expect(a.uniform()).toBe(b.uniform());
      expect(a.normal()).toBe(b.normal());
      expect(a.exponential()).toBe(b.exponential());
      expect(a.uint32()).toBe(b.uint32());
    }
    expect(Array.from(a.fillNormal(new Float64Array(500)))).toEqual(Array.from(b.fillNormal(new Float64Array(500))));
  });

  it("different seeds (even adjacent ones) give different streams", () => {
    const a = createRng(1).fillUniform(new Float64Array(64));
    const b = createRng(2).fillUniform(new Float64Array(64));
    let equal = 0;
    for (let i = 0; i < 64; i++) if (a[i] === b[i]) equal++;
    expect(equal).toBe(0);
  });

  it("fill* give exactly the values of repeated scalar calls (including ziggurat slow paths)", () => {
    const n = 20_000; // ~1.2% of normal and exponential draws take the slow path
    const a = createRng(7);
    const b = createRng(7);
    const fu = a.fillUniform(new Float64Array(n));
    const fn = a.fillNormal(new Float64Array(n));
    const fe = a.fillExponential(new Float64Array(n));
    const su = Float64Array.from({ length: n }, () => b.uniform());
    const sn = Float64Array.from({ length: n }, () => b.normal());
    const se = Float64Array.from({ length: n }, () => b.exponential());
    expect(fu).toEqual(su);
    expect(fn).toEqual(sn);
    expect(fe).toEqual(se);
    expect(Array.from(a.state)).toEqual(Array.from(b.state));
  });

  it("uniform() is (m + ½)·2^-52 with m a 52-bit integer: strictly inside (0, 1)", () => {
    const u = createRng(3).fillUniform(new Float64Array(100_000));
    for (let i = 0; i < u.length; i++) {
      const m = u[i] * TWO52 - 0.5;
      if (!(u[i] > 0 && u[i] < 1 && Number.isInteger(m))) throw new Error(`u[${i}] = ${u[i]}`);
    }
  });

  it("follows pure-rand's xoroshiro128plus state transition and reads the full 64-bit output", () => {
    const rng = createRng(123);
    const pr = xoroshiro128plusFromState(Array.from(rng.state));
    for (let i = 0; i < 1000; i++) {
      const out = output64(rng.state);
      const low32 = pr.next(); // pure-rand returns the low word of s0 + s1
      expect(Number(out & 0xffffffffn) | 0).toBe(low32);
      const u = rng.uniform();
      expect(u).toBe((Number(out >> 12n) + 0.5) / TWO52); // the top 52 bits
    }
    expect(Array.from(rng.state)).toEqual(pr.getState());
  });

  it("uint32() is the top word of the output", () => {
    const rng = createRng(9);
    for (let i = 0; i < 100; i++) {
      const out = output64(rng.state);
      expect(rng.uint32()).toBe(Number(out >> 32n));
    }
  });

  it("accepts any safe integer seed and rejects the rest with a RangeError naming seed", () => {
    for (const s of [0, -1, 1, 2 ** 53 - 1, -(2 ** 53 - 1)]) expect(createRng(s).uniform()).toBeGreaterThan(0);
    for (const s of [1.5, NaN, Infinity, 2 ** 53, "1" as unknown as number, undefined as unknown as number]) {
      expect(() => createRng(s)).toThrow(RangeError);
      expect(() => createRng(s)).toThrow(/seed/);
    }
  });

  it("resolveRng: a seed object, an Rng, or nothing", () => {
    const r = createRng(5);
    expect(resolveRng(r)).toBe(r);
    expect(resolveRng({ seed: 5 }).uniform()).toBe(createRng(5).uniform());
    expect(isRng(resolveRng(undefined))).toBe(true);
    expect(resolveRng(undefined).uniform()).not.toBe(resolveRng(undefined).uniform());
    expect(() => resolveRng({ seed: 0.5 })).toThrow(RangeError);
  });
});

describe("substreams", () => {
  it("stream(i) is the current state jumped i + 1 times (pure-rand jump, 2^64 steps each) and leaves the parent alone", () => {
    const rng = createRng(11);
    rng.uniform();
    const before = Array.from(rng.state);
    for (const i of [0, 1, 4]) {
      const s = rng.stream(i);
      const pr = xoroshiro128plusFromState(before);
      for (let k = 0; k <= i; k++) pr.jump();
      expect(Array.from(s.state)).toEqual(pr.getState());
    }
    expect(Array.from(rng.state)).toEqual(before);
  });

  it("streams are distinct and each is reproducible", () => {
    const a = createRng(99).stream(3).fillUniform(new Float64Array(8));
    const b = createRng(99).stream(3).fillUniform(new Float64Array(8));
    const c = createRng(99).stream(2).fillUniform(new Float64Array(8));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("clone() repeats the future of the original", () => {
    const r = createRng(4);
    r.normal();
    const c = r.clone();
    expect(c.normal()).toBe(r.normal());
  });

  it("rejects bad stream indices", () => {
    const r = createRng(1);
    for (const i of [-1, 0.5, NaN]) expect(() => r.stream(i)).toThrow(RangeError);
  });
});

describe("distributions (goodness of fit, fixed seeds)", () => {
  const n = 100_000;
  it("uniform ~ U(0, 1)", () => {
    const u = createRng(2021).fillUniform(new Float64Array(n));
    expect(ksTest(u, (x) => x).pValue).toBeGreaterThan(1e-3);
    expect(andersonDarlingTest(u, (x) => x).pValue).toBeGreaterThan(1e-3);
  });

  it("normal ~ N(0, 1)", () => {
    const z = createRng(2022).fillNormal(new Float64Array(n));
    expect(ksTest(z, (x) => normalCdf(x)).pValue).toBeGreaterThan(1e-3);
    expect(andersonDarlingTest(z, (x) => normalCdf(x)).pValue).toBeGreaterThan(1e-3);
  });

  it("exponential ~ Exp(1)", () => {
    const w = createRng(2023).fillExponential(new Float64Array(n));
    expect(ksTest(w, expCdf).pValue).toBeGreaterThan(1e-3);
    expect(andersonDarlingTest(w, expCdf).pValue).toBeGreaterThan(1e-3);
  });

  it("ziggurat tails: frequency beyond r and the conditional law there", () => {
    const m = 2_000_000;
    const z = createRng(31).fillNormal(new Float64Array(m));
    const w = createRng(32).fillExponential(new Float64Array(m));
    // normal: P(|Z| > r) = 2Φ(−r); excess over r has cdf 1 − Φ(−(r + t))/Φ(−r)
    const pN = 2 * normalCdf(-ZIG_NORM_R);
    const tailN: number[] = [];
    for (const v of z) if (Math.abs(v) > ZIG_NORM_R) tailN.push(Math.abs(v));
    expect(Math.abs(tailN.length - m * pN)).toBeLessThan(5 * Math.sqrt(m * pN));
    const condN = (x: number) => 1 - normalCdf(-x) / normalCdf(-ZIG_NORM_R);
    expect(ksTest(tailN, condN).pValue).toBeGreaterThan(1e-3);
    // exponential: P(W > r) = e^{−r}; the excess W − r is again Exp(1)
    const pE = Math.exp(-ZIG_EXP_R);
    const tailE: number[] = [];
    for (const v of w) if (v > ZIG_EXP_R) tailE.push(v - ZIG_EXP_R);
    expect(Math.abs(tailE.length - m * pE)).toBeLessThan(5 * Math.sqrt(m * pE));
    expect(ksTest(tailE, expCdf).pValue).toBeGreaterThan(1e-3);
  });

  it("the normal sign is independent of the magnitude (a known flaw of some ziggurats)", () => {
    const z = createRng(77).fillNormal(new Float64Array(n));
    let pos = 0;
    const posAbs: number[] = [];
    const negAbs: number[] = [];
    for (const v of z) {
      if (v > 0) pos++;
      (v > 0 ? posAbs : negAbs).push(Math.abs(v));
    }
    expect(Math.abs(pos - n / 2)).toBeLessThan(5 * Math.sqrt(n / 4));
    const halfNormal = (x: number) => 2 * normalCdf(x) - 1;
    expect(ksTest(posAbs, halfNormal).pValue).toBeGreaterThan(1e-3);
    expect(ksTest(negAbs, halfNormal).pValue).toBeGreaterThan(1e-3);
  });
});
