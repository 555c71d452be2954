/**
 * The integrators: reproducibility, layout, per-coordinate skewness, step sizes, the
 * safeguard, and input validation.
 */
import { describe, expect, it } from "vitest";
import { expectClose } from "@heavytails/test-utils";
import { createRng } from "@heavytails/stable";
import { coordinateSamples, gibbsDensity, histogramL1, simulate, weightedAverage, weightedAverageVector } from "../src/index.js";
import { driftSubsteps } from "../src/safeguard.js";

const POT = "w^4/4 - w^2/2";

describe("reproducibility", () => {
  const o = { potential: POT, alpha: 1.5, theta: 0.3, epsilon: 1, stepSize: 1e-2, steps: 300, burnIn: 100, recordEvery: 10, particles: 50 };
  it.each(["euler", "fractional"] as const)("%s: same seed → identical samples; another seed → different", (scheme) => {
    const a = simulate({ ...o, scheme, seed: 5 }), b = simulate({ ...o, scheme, seed: 5 }), c = simulate({ ...o, scheme, seed: 6 });
    expect(a.samples).toEqual(b.samples);
    expect(a.samples).not.toEqual(c.samples);
    expect(a.diagnostics.seed).toBe(5);
    const viaRng = simulate({ ...o, scheme, rng: createRng(5) });
    expect(viaRng.samples).toEqual(a.samples);
  });

  it("a mathjs potential gives the same trajectories as the hand-written functions", () => {
    const a = simulate({ ...o, seed: 2 });
    const b = simulate({ ...o, seed: 2, potential: { f: (w) => (w * w * w * w) / 4 - (w * w) / 2, fPrime: (w) => w * w * w - w } });
    expect(a.samples).toEqual(b.samples);
  });

  it("records (steps − burnIn)/recordEvery states per particle with the step sizes as weights", () => {
    const r = simulate({ ...o, seed: 1 });
    expect(r.records).toBe(20);
    expect(r.samples.length).toBe(20 * 50);
    expect(Array.from(r.weights)).toEqual(Array(20).fill(1e-2));
    expect(r.final).toEqual(r.samples.subarray(19 * 50));
    expectClose(r.diagnostics.totalTime, 3, { rel: 1e-12 });
  });
});

describe("dimensions and per-coordinate skewness", () => {
  it("d = 2, θ = (0.9, −0.9), α = 1.5: Euler shifts the coordinates in opposite directions, the fractional scheme recovers Gibbs in each", () => {
    const o = { potential: POT, alpha: 1.5, theta: [0.9, -0.9], epsilon: 1, stepSize: 1e-3, steps: 8000, burnIn: 3000, recordEvery: 10, particles: 400, seed: 21 };
    const e = simulate(o), f = simulate({ ...o, scheme: "fractional" });
    expect(e.dimension).toBe(2);
    const m0 = weightedAverage(e, (w) => w, { coordinate: 0 }), m1 = weightedAverage(e, (w) => w, { coordinate: 1 });
    expect(m0, "Euler coordinate 0 (θ = 0.9)").toBeLessThan(-0.2);
    expect(m1, "Euler coordinate 1 (θ = −0.9)").toBeGreaterThan(0.2);
    const g = gibbsDensity(POT, { alpha: 1.5, epsilon: 1 });
    for (const c of [0, 1]) {
      const l1 = histogramL1(coordinateSamples(f, c), g);
      expect(l1, `fractional coordinate ${c}: L1 = ${l1} (tolerance 0.1, 400 chains)`).toBeLessThan(0.1);
    }
    const both = weightedAverageVector(f, (w) => w[0] + w[1]);
    expect(Math.abs(both)).toBeLessThan(0.15);
  });
});

describe("step sizes", () => {
  it("decreasing η_k = 0.05(1 + k/100)^{−1/2} on the OU potential w²/2, α = 2: ν_N(w²) → 1 (within 0.05)", () => {
    const r = simulate({ potential: "w^2/2", alpha: 2, theta: 0, epsilon: 1, stepSize: { initial: 0.05, power: 0.5, offset: 100 }, steps: 20000, burnIn: 500, recordEvery: 5, particles: 200, seed: 3 });
    expect(r.weights[0]).toBeGreaterThan(r.weights[r.records - 1]);
    const v = weightedAverage(r, (w) => w * w);
    expect(Math.abs(v - 1), `ν_N(w²) = ${v}`).toBeLessThan(0.05);
  });
});

describe("safeguard", () => {
  const o = { potential: POT, alpha: 1.1, theta: 0.5, epsilon: 1, stepSize: 0.05, steps: 4000, particles: 200, seed: 9 };
  it("without a safeguard, plain Euler with cubic drift and α = 1.1 jumps diverges and says so (no NaN returned)", () => {
    expect(() => simulate({ ...o, safeguard: "none" })).toThrow(/state became .* at step \d+, particle \d+, coordinate 0/);
  });
  it.each(["cap", "tame", "substep"] as const)("%s keeps every state finite and reports how often it fired", (safeguard) => {
    const r = simulate({ ...o, safeguard });
    expect(r.diagnostics.safeguard).toBe(safeguard);
    expect(r.diagnostics.safeguardFired).toBeGreaterThan(0);
    for (const v of r.final) expect(Number.isFinite(v)).toBe(true);
  });
  it("substep: the drift part follows the flow dw/dt = b(w), converging at first order in the substep limit L", () => {
    // b = −w³ from w = 100 for t = 10⁻³: exact w(t) = 100/√(1 + 2·10⁴·t) = 100/√21
    const exact = 100 / Math.sqrt(21);
    const errors = [[0.4, 0.08], [0.2, 0.04], [0.1, 0.02], [0.05, 0.01]].map(([abs, rel]) => Math.abs(driftSubsteps(100, 1e-3, (w) => -w * w * w, abs!, rel!) - exact) / exact);
    errors.slice(1).forEach((e, i) => expect(e / errors[i]!, `halving L: ${errors.join(", ")}`).toBeGreaterThan(0.4));
    errors.slice(1).forEach((e, i) => expect(e / errors[i]!, `halving L: ${errors.join(", ")}`).toBeLessThan(0.6));
    expect(errors.at(-1)).toBeLessThan(0.01);
    // the linear flow, resolved finely
    expect(driftSubsteps(2, 0.1, (w) => -w, 1e-4, 0)).toBeCloseTo(2 * Math.exp(-0.1), 4);
  });
  it("cap: a particle started at 10⁶ is back inside |w| < 3 within 200 steps", () => {
    const r = simulate({ potential: POT, alpha: 2, theta: 0, epsilon: 0.1, stepSize: 1e-2, steps: 200, init: 1e6, seed: 1 });
    expect(Math.abs(r.final[0])).toBeLessThan(3);
  });
});

describe("validation", () => {
  const o = { potential: POT, alpha: 1.5, theta: 0, epsilon: 1, stepSize: 1e-3, steps: 10 };
  it("names the parameter, value and range", () => {
    expect(() => simulate({ ...o, alpha: 2.5 })).toThrow("alpha = 2.5 is outside the allowed range (0, 2]");
    expect(() => simulate({ ...o, alpha: 0.9, scheme: "fractional" })).toThrow("alpha = 0.9 is outside the allowed range (1, 2]");
    expect(() => simulate({ ...o, theta: 1.2 })).toThrow("theta = 1.2 is outside the allowed range [-1, 1]");
    expect(() => simulate({ ...o, theta: [0, 2] })).toThrow("theta[1] = 2");
    expect(() => simulate({ ...o, epsilon: 0 })).toThrow("epsilon = 0 is outside the allowed range (0, Infinity)");
    expect(() => simulate({ ...o, stepSize: -1 })).toThrow("stepSize = -1 is outside the allowed range (0, Infinity)");
    expect(() => simulate({ ...o, stepSize: { initial: 1, power: 2 } })).toThrow("stepSize.power = 2 is outside the allowed range (0, 1]");
    expect(() => simulate({ ...o, burnIn: 11 })).toThrow("burnIn = 11 is outside the allowed range [0, 10]");
    expect(() => simulate({ ...o, particles: 0 })).toThrow("particles = 0 is outside the allowed range {1, 2, ...}");
    expect(() => simulate({ ...o, scheme: "rk4" as never })).toThrow('scheme = "rk4"');
    expect(() => simulate({ ...o, safeguard: "clip" as never })).toThrow('safeguard = "clip"');
    expect(() => simulate({ ...o, init: [NaN] })).toThrow("init[0] = NaN");
  });
});
