/**
 * The kernel density estimate: bandwidth rules in closed form, the binned estimate against
 * the direct O(n·G) sum, and accuracy on iid normal samples (seeded).
 */
import { describe, expect, it } from "vitest";
import { expectClose } from "@heavytails/test-utils";
import { normalSample } from "@heavytails/stable";
import { bandwidth, kde } from "../src/index.js";

describe("bandwidth", () => {
  it("Silverman and Scott on 1, 2, …, 100 (sd = √833.25, IQR = 49.5 with linear quantiles)", () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const sd = Math.sqrt(833.25);
    expectClose(bandwidth(x, "scott"), 1.06 * sd * Math.pow(100, -0.2), { rel: 1e-12 });
    expectClose(bandwidth(x, "silverman"), 0.9 * Math.min(sd, 49.5 / 1.34) * Math.pow(100, -0.2), { rel: 1e-12 });
    expect(bandwidth(x, 0.3)).toBe(0.3);
    expect(() => bandwidth(x, -1)).toThrow("bandwidth = -1 is outside the allowed range (0, Infinity)");
  });
});

describe("kde", () => {
  it("binned estimate equals the direct Gaussian sum (abs 2e-4 relative to the peak)", () => {
    const x = normalSample(2000, { loc: 0.3, scale: 1.2 }, { seed: 4 });
    const k = kde(x, { lo: -4, hi: 4, points: 81 });
    const h = k.bandwidth;
    let worst = 0, peak = 0;
    for (let i = 0; i < k.x.length; i++) {
      let s = 0;
      for (const v of x) s += Math.exp(-0.5 * ((k.x[i] - v) / h) ** 2);
      s /= x.length * h * Math.sqrt(2 * Math.PI);
      worst = Math.max(worst, Math.abs(s - k.density[i]));
      peak = Math.max(peak, s);
    }
    expect(worst / peak).toBeLessThan(2e-4);
  });

  it("recovers N(0, 1) from 10⁵ seeded draws: L1 < 0.02", () => {
    const x = normalSample(100_000, { loc: 0, scale: 1 }, { seed: 8 });
    const k = kde(x, { lo: -5, hi: 5, points: 201 });
    let l1 = 0;
    for (let i = 0; i < k.x.length; i++) l1 += Math.abs(k.density[i] - Math.exp(-0.5 * k.x[i] ** 2) / Math.sqrt(2 * Math.PI));
    l1 *= k.x[1] - k.x[0];
    expect(l1).toBeLessThan(0.02);
  });

  it("weights: integer weights equal repeating the samples", () => {
    const x = Float64Array.from([0, 1, 1.5, 3]);
    const a = kde(x, { lo: -2, hi: 5, points: 15, bandwidth: 0.5, weights: [1, 2, 1, 3] });
    const b = kde(Float64Array.from([0, 1, 1, 1.5, 3, 3, 3]), { lo: -2, hi: 5, points: 15, bandwidth: 0.5 });
    for (let i = 0; i < 15; i++) expectClose(a.density[i], b.density[i], { abs: 1e-15 });
    expect(() => kde(Float64Array.from([0, NaN]))).toThrow("samples[1] = NaN");
  });
});
