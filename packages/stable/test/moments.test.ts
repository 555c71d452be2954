import { readFileSync } from "node:fs";
import { expectClose } from "@heavytails/test-utils";
import { describe, expect, it } from "vitest";
import { kurtosis, skewness } from "../src/moments.js";
import { normalSample } from "../src/normal.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/moments.json", import.meta.url), "utf8")) as {
  cases: Array<{ name: string; data: number[]; skewness: number; kurtosis: number; skewnessExact: number; kurtosisExact: number }>;
};

describe("skewness and excess kurtosis match scipy.stats.skew / kurtosis (bias=True, fisher=True)", () => {
  for (const c of fx.cases) {
    it(c.name, () => {
      // scipy itself is off by ~4e-9 (relative) on the data with a 1e6 offset; the exact values are not
      const scipyTol = c.name.startsWith("offset") ? { rel: 1e-8 } : { rel: 1e-12, abs: 1e-14 };
      const exactTol = { rel: 1e-12, abs: 1e-14 };
      expectClose(skewness(c.data), c.skewness, scipyTol, { name: c.name, f: "skewness vs scipy" });
      expectClose(kurtosis(c.data), c.kurtosis, scipyTol, { name: c.name, f: "kurtosis vs scipy" });
      expectClose(skewness(c.data), c.skewnessExact, exactTol, { name: c.name, f: "skewness vs exact" });
      expectClose(kurtosis(c.data), c.kurtosisExact, exactTol, { name: c.name, f: "kurtosis vs exact" });
      expectClose(skewness(Float64Array.from(c.data)), c.skewnessExact, exactTol, { name: c.name, f: "skewness(Float64Array)" });
    });
  }

  it("known values: two points have skewness 0 and excess kurtosis −2", () => {
    expect(skewness([0, 1])).toBe(0);
    expectClose(kurtosis([0, 1]), -2, { abs: 1e-15 });
  });

  it("normal draws: skewness and kurtosis near 0 within 5 standard errors (√(6/n), √(24/n))", () => {
    const n = 100_000;
    const x = normalSample(n, { loc: 5, scale: 3 }, { seed: 17 });
    expect(Math.abs(skewness(x))).toBeLessThan(5 * Math.sqrt(6 / n));
    expect(Math.abs(kurtosis(x))).toBeLessThan(5 * Math.sqrt(24 / n));
  });
});

describe("moments: bad inputs", () => {
  it("constant, too short or non-finite data raise RangeErrors", () => {
    expect(() => skewness([3, 3, 3])).toThrow(RangeError);
    expect(() => kurtosis([1e6, 1e6])).toThrow(/constant/);
    expect(() => skewness([1])).toThrow(RangeError);
    expect(() => kurtosis([1, 2, Infinity])).toThrow(/data\[2\]/);
  });
});
