/**
 * The table of notes/fractional-drift.md, regenerated (`pnpm test:long`): f = w⁴/4 − w²/2,
 * ε = 1, η = 1e-3, 2000 chains started at 0, 15 000 steps with 5 000 of burn-in, every 10th
 * state recorded; L1 distance of the histogram (60 bins on [−3, 3] + the mass outside) to
 * the Gibbs law ∝ e^{−f}. Noise floor ≈ 0.01–0.03. Also: halving η leaves the Euler bias
 * unchanged (it belongs to the SDE, not to the step).
 */
import { describe, expect, it } from "vitest";
import { gibbsDensity, histogramL1, simulate } from "../../src/index.js";

/**
 * Let the worker's event loop run between simulations: vitest's worker RPC has a fixed 60 s
 * timeout, and a file of synchronous runs on a loaded 2-core machine outlasts it
 * ("Timeout calling onTaskUpdate"; vitest-dev/vitest#6479), failing a run whose tests all pass.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

const POT = "w^4/4 - w^2/2";
const run = (alpha: number, theta: number, scheme: "euler" | "fractional", eta = 1e-3) =>
  simulate({ potential: POT, alpha, theta, epsilon: 1, stepSize: eta, steps: Math.round(15 / eta), burnIn: Math.round(5 / eta), recordEvery: Math.round(0.01 / eta), particles: 2000, seed: 2021, scheme });

describe("Gibbs recovery table (note's setting)", () => {
  const rows: Array<{ alpha: number; theta: number; euler: number; fractional: number }> = [];
  it.each([
    [1.9, 0],
    [1.9, 0.9],
    [1.5, 0.5],
    [1.1, 0],
    [1.1, 0.5],
    [1.1, 0.9],
  ])("α = %s, θ = %s: fractional L1 < 0.05; Euler worse wherever α < 2 makes it biased", async (alpha, theta) => {
    const g = gibbsDensity(POT, { alpha, epsilon: 1 });
    await breathe();
    const euler = histogramL1(run(alpha, theta, "euler").samples, g);
    await breathe();
    const fractional = histogramL1(run(alpha, theta, "fractional").samples, g);
    rows.push({ alpha, theta, euler, fractional });
    console.log(`| ${alpha}, ${theta} | ${euler.toFixed(3)} | ${fractional.toFixed(3)} |`);
    expect(fractional).toBeLessThan(0.05);
    if (theta !== 0 || alpha < 1.5) expect(euler).toBeGreaterThan(2 * fractional);
    if (alpha === 1.1 && theta >= 0.5) expect(euler).toBeGreaterThan(1);
  });

  it("halving η leaves the Euler bias at α = 1.1, θ = 0.5 unchanged (within 0.1)", async () => {
    const g = gibbsDensity(POT, { alpha: 1.1, epsilon: 1 });
    await breathe();
    const a = histogramL1(run(1.1, 0.5, "euler", 1e-3).samples, g);
    await breathe();
    const b = histogramL1(run(1.1, 0.5, "euler", 5e-4).samples, g);
    console.log(`Euler α = 1.1, θ = 0.5: L1 ${a.toFixed(3)} at η = 1e-3, ${b.toFixed(3)} at η = 5e-4`);
    expect(Math.abs(a - b)).toBeLessThan(0.1);
    expect(b).toBeGreaterThan(1);
  });
});
