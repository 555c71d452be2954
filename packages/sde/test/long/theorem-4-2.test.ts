/**
 * Theorem 4.2 beside measurement (`pnpm test:long`). The fractional scheme (4.6) with
 * b_{h,K} on the double well f = w⁴/4 − w²/2, α = 1.5, θ = 0.5, ε = 1, η = 1e-3, 2000 chains,
 * 12 000 steps (4 000 burn-in); weak error |ν(g) − ν̃_N(g)| for g(w) = w, whose Gibbs value
 * is 0 by symmetry. All runs share one seed (common random numbers), so differences between
 * settings are systematic rather than sampling noise (noise on ν̃_N ≈ 0.003).
 *
 * Measured: with Kh = 12 (truncation negligible) the error halves with h (first term of
 * (4.9), order 1); at fixed h it grows as hK shrinks (second term). The constants of (4.9)
 * fitted by fitTheorem42Constants are printed beside the measurements.
 */
import { describe, expect, it } from "vitest";
import { fitTheorem42Constants, theorem42Terms } from "@heavytails/fractional";
import { simulate, weightedAverage } from "../../src/index.js";

const alpha = 1.5, theta = 0.5;
const weakError = (h: number, K: number) => {
  const r = simulate({ potential: "w^4/4 - w^2/2", alpha, theta, epsilon: 1, stepSize: 1e-3, steps: 12_000, burnIn: 4_000, recordEvery: 8, particles: 2000, seed: 99, scheme: "fractional", h, K });
  return Math.abs(weightedAverage(r, (w) => w));
};

describe("Theorem 4.2: weak error of the fractional scheme", () => {
  it("order 1 in h at Kh = 12; larger when hK is small; fitted bound beside measurement", () => {
    const settings: Array<[number, number]> = [[0.4, 30], [0.2, 60], [0.1, 120], [0.05, 240], [0.2, 10], [0.1, 15], [0.1, 30]];
    const data = settings.map(([h, K]) => ({ alpha, theta, h, K, error: weakError(h, K) }));
    const fit = fitTheorem42Constants(data);
    console.log(`fitted C̃ = ${fit.cTilde.toPrecision(3)}, C′₀ = ${fit.c0Prime.toPrecision(3)}, C″₀ = ${fit.c0DoublePrime.toPrecision(3)}, rms ${fit.rms.toExponential(2)}`);
    console.log("| h | K | hK | measured | bound: h-term | bound: 1/(hK)-term |");
    data.forEach((d, i) => console.log(`| ${d.h} | ${d.K} | ${(d.h * d.K).toFixed(1)} | ${d.error.toExponential(2)} | ${fit.fitted[i].discretisation.toExponential(2)} | ${fit.fitted[i].truncation.toExponential(2)} |`));

    const series = data.slice(0, 4);
    const slope = Math.log(series[0].error / series[3].error) / Math.log(series[0].h / series[3].h);
    console.log(`measured order in h (Kh = 12): ${slope.toFixed(3)}`);
    expect(Math.abs(slope - 1), `errors ${series.map((d) => d.error)}`).toBeLessThan(0.3);
    // h = 0.1: hK = 1.5 and 3 are worse than hK = 12
    expect(data[5].error).toBeGreaterThan(5 * data[2].error);
    expect(data[6].error).toBeGreaterThan(data[2].error);
    // the first term of (4.9) with the fitted C̃ has the measured size at Kh = 12 (within a factor 2)
    for (const d of series) {
      const t = theorem42Terms(d, fit).discretisation;
      expect(t / d.error, `h = ${d.h}`).toBeGreaterThan(0.5);
      expect(t / d.error, `h = ${d.h}`).toBeLessThan(2);
    }
  });
});
