/** fitNoiseLaw: exact zeros left out, seeded subsets, the Gaussian MLE in closed form, S_α recovered from its own draws. */
import { describe, expect, it } from "vitest";
import { createRng, sample } from "@heavytails/stable";
import { fitNoiseLaw, MIN_FIT_SAMPLES } from "../src/index.js";

describe("fitNoiseLaw", () => {
  it("Gaussian: σ̂² = mean(x²)/2 over the non-zero entries (S_2(σ) = N(0, 2σ²))", () => {
    const x = [0, 1, -2, 0, 3, 0.5, -1, 2, 0, -0.5, 1.5, -2.5, 0, 0.25, -0.75, 4];
    const nz = x.filter((v) => v !== 0);
    const law = fitNoiseLaw("x", x, { distribution: "gaussian", rng: createRng(1) });
    expect(law.samples).toBe(nz.length);
    expect(law.alpha).toBe(2);
    expect(law.scale).toBeCloseTo(Math.sqrt(nz.reduce((s, v) => s + v * v, 0) / nz.length / 2), 12);
  });

  it("fewer than MIN_FIT_SAMPLES non-zero entries: no law (scale 0)", () => {
    const x = new Float64Array(100);
    for (let i = 0; i < MIN_FIT_SAMPLES - 1; i++) x[i] = i + 1;
    expect(fitNoiseLaw("x", x, { rng: createRng(1) })).toEqual({ alpha: 2, beta: 0, scale: 0, samples: MIN_FIT_SAMPLES - 1 });
  });

  it("recovers S_α(1.5, 0.5) from 4000 of its own draws (subset of 2000, MLE), reproducibly for a seed", () => {
    const x = sample(4000, { alpha: 1.5, beta: 0.5, scale: 2, loc: 0 }, createRng(7));
    const a = fitNoiseLaw("x", x, { rng: createRng(3) });
    const b = fitNoiseLaw("x", x, { rng: createRng(3) });
    expect(a).toEqual(b);
    expect(a.samples).toBe(2000);
    expect(Math.abs(a.alpha - 1.5)).toBeLessThan(0.1);
    expect(Math.abs(a.beta - 0.5)).toBeLessThan(0.25);
    expect(Math.abs(a.scale / 2 - 1)).toBeLessThan(0.1);
  });

  it("non-finite values are reported as divergence, bad options as RangeError", () => {
    expect(() => fitNoiseLaw("gradient noise of dense1", [1, NaN, 2], { rng: createRng(1) })).toThrow(/gradient noise of dense1.*not finite/);
    expect(() => fitNoiseLaw("x", [1, 2], { rng: createRng(1), maxSamples: 3 })).toThrow(RangeError);
    expect(() => fitNoiseLaw("x", [1, 2], { rng: createRng(1), estimator: "moments" as never })).toThrow(RangeError);
  });
});
