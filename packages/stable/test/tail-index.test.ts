import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRng } from "../src/rng.js";
import { sample } from "../src/sample.js";
import { tailIndexBlockSums, tailIndexHill } from "../src/tail-index.js";

interface Spread { alpha: number; beta: number; mean: number; sd: number }
const fx = JSON.parse(readFileSync(new URL("../fixtures/tail_index.json", import.meta.url), "utf8")) as {
  blockSums: Array<Spread & { K: number; blockSize: number }>;
  hill: Array<Spread & { n: number; k: number }>;
};

/** Accept |estimate − α| ≤ |bias| + 5 sd, bias and sd from 200 scipy replications (fixtures/make_tail_index.py). */
function within(estimate: number, s: Spread): boolean {
  return Math.abs(estimate - s.alpha) <= Math.abs(s.mean - s.alpha) + 5 * s.sd;
}

describe("block-sum estimator (Mohammadi et al. 2015) on seeded strictly stable samples", () => {
  for (const s of fx.blockSums) {
    it(`alpha ${s.alpha}, beta ${s.beta}: K = ${s.K}, block size ${s.blockSize} (sd ${s.sd.toFixed(3)})`, () => {
      const x = sample(s.K, { alpha: s.alpha, beta: s.beta }, { seed: 100 + Math.round(10 * s.alpha) });
      const r = tailIndexBlockSums(x, { blockSize: s.blockSize });
      expect(r.blocks).toBe(s.K / s.blockSize);
      expect(r.used).toBe(s.K);
      if (!within(r.alpha, s)) throw new Error(`alpha-hat ${r.alpha}, truth ${s.alpha}, sd ${s.sd}`);
    });
  }

  it("default block size ⌊√K⌋; the remainder is dropped", () => {
    const x = sample(10_007, { alpha: 1.5, beta: 0 }, { seed: 1 });
    const r = tailIndexBlockSums(x);
    expect(r.blockSize).toBe(100);
    expect(r.blocks).toBe(100);
    expect(r.used).toBe(10_000);
    expect(r.alpha).toBeCloseTo(1 / r.inverseAlpha, 12);
  });

  it("Gaussian data give α̂ near 2", () => {
    const x = createRng(2).fillNormal(new Float64Array(65536));
    expect(Math.abs(tailIndexBlockSums(x, { blockSize: 256 }).alpha - 2)).toBeLessThan(0.25);
  });
});

describe("Hill estimator", () => {
  it("exact Pareto(α): 1/α̂ is a mean of k Exp(α) draws, sd 1/(α√k); within 5 sd", () => {
    for (const alpha of [0.7, 1.5, 3]) {
      const rng = createRng(Math.round(alpha * 10));
      const n = 50_000;
      const k = 2000;
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = Math.pow(rng.uniform(), -1 / alpha); // P(X > x) = x^{−α}, x ≥ 1
      const r = tailIndexHill(x, { k, tail: "upper" });
      expect(Math.abs(1 / r.alpha - 1 / alpha)).toBeLessThan(5 / (alpha * Math.sqrt(k)));
      expect(r.standardError).toBeCloseTo(r.alpha / Math.sqrt(k), 14);
    }
  });

  for (const s of fx.hill) {
    it(`symmetric stable alpha ${s.alpha}: n = ${s.n}, k = ${s.k} (bias ${(s.mean - s.alpha).toFixed(3)}, sd ${s.sd.toFixed(3)})`, () => {
      const x = sample(s.n, { alpha: s.alpha, beta: 0 }, { seed: 200 + Math.round(10 * s.alpha) });
      const r = tailIndexHill(x, { k: s.k });
      if (!within(r.alpha, s)) throw new Error(`alpha-hat ${r.alpha}, truth ${s.alpha}`);
    });
  }

  it("'lower' looks at the left tail, 'upper' at the right one", () => {
    // totally skewed α = 1.5, β = 1: the right tail is heavy (α), the left one is light
    const x = sample(100_000, { alpha: 1.5, beta: 1 }, { seed: 3 });
    const up = tailIndexHill(x, { k: 500, tail: "upper" }).alpha;
    const low = tailIndexHill(x, { k: 500, tail: "lower" }).alpha;
    expect(Math.abs(up - 1.5)).toBeLessThan(0.3);
    expect(low).toBeGreaterThan(3);
  });
});

describe("tail-index estimators: bad inputs", () => {
  const x = [1, -2, 3, -4, 5, -6, 7, -8];
  it.each([
    ["blockSize", () => tailIndexBlockSums(x, { blockSize: 1 })],
    ["blockSize", () => tailIndexBlockSums(x, { blockSize: 5 })],
    ["blockSize", () => tailIndexBlockSums(x, { blockSize: 2.5 })],
    ["k", () => tailIndexHill(x, { k: 0 })],
    ["k", () => tailIndexHill(x, { k: 8 })],
    ["tail", () => tailIndexHill(x, { k: 2, tail: "both" as "upper" })],
    ["data\\[3\\]", () => tailIndexHill([1, 2, 3, NaN], { k: 1 })],
  ])("%s", (name, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${name}`));
  });
  it("zeros and non-positive thresholds are reported", () => {
    expect(() => tailIndexBlockSums([1, 0, 2, 3])).toThrow(/data\[1\] = 0/);
    expect(() => tailIndexHill([-1, -2, -3, 4], { k: 2, tail: "upper" })).toThrow(/threshold/);
  });
});
