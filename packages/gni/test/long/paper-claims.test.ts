/**
 * Long runs (`pnpm test:long`): the paper's settings at full width.
 *
 * 1. Fig. 2 / Lemma 3.1 / Theorem 3.1 at the paper's size: 1 → 256×4 → 1 ReLU MLP on
 *    200 sinusoid points, additive σ = 0.1, at initialisation (one fixed seed). Forward
 *    noise at hidden sites (102 400 values each): |excess kurtosis| < 0.5 and McCulloch
 *    S_α tail index > 1.85; gradient noise of the three 256×256 layers (65 536 weights;
 *    kurtosis s.e. ≈ 0.02, McCulloch α s.e. ≈ 0.01): excess kurtosis > 0.5 and > twice
 *    the largest forward one, tail index < 1.85. (Seen with this seed: forward kurtosis
 *    ≤ 0.31, α ≥ 1.88; gradient kurtosis 0.87, 1.90, 3.28, α 1.80, 1.71, 1.27.)
 * 2. Fig. A.2: with multiplicative noise the forward noise itself is heavy-tailed.
 * (Figs 4–5, the training comparisons of M and of replacement noise, are not asserted:
 * plain full-batch gradient descent on the sinusoids does not leave its initial plateau
 * within a test's budget; see README "Unfinished".)
 */
import { mccullochEstimate } from "@heavytails/stable";
import { beforeAll, describe, expect, it } from "vitest";
import { accumulatedNoise, createMlp, implicitGradientNoise, sinusoids } from "../../src/index.js";
import { useBackend } from "../helpers.js";

beforeAll(async () => {
  await useBackend();
});

describe("Fig. 2 at the paper's width", () => {
  it("forward noise Gaussian-like, gradient noise heavy-tailed (1 → 256×4 → 1)", () => {
    const data = sinusoids({ n: 200 });
    const noise = { type: "additive" as const, sigma: 0.1 };
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [256, 256, 256, 256], activation: "relu", seed: 1 });
    const fwd = accumulatedNoise(net, data, { noise, M: 2, seed: 3 });
    const grad = implicitGradientNoise(net, data, { noise, loss: "mse", mRef: 64, chunk: 8, seed: 4 });
    net.dispose();
    const summary = {
      forward: fwd.sites.map((s) => ({ site: s.site, skewness: s.skewness, kurtosis: s.kurtosis, alpha: mccullochEstimate(s.values).alpha })),
      gradient: grad.layers.map((l) => ({ layer: l.layer, skewness: l.skewness, kurtosis: l.kurtosis, alpha: mccullochEstimate(l.weight).alpha, beta: mccullochEstimate(l.weight).beta })),
    };
    console.log(JSON.stringify(summary, null, 1));
    const maxForward = Math.max(...summary.forward.slice(1).map((s) => Math.abs(s.kurtosis)));
    for (const s of summary.forward.slice(1)) {
      expect(Math.abs(s.kurtosis)).toBeLessThan(0.5);
      expect(s.alpha).toBeGreaterThan(1.85);
    }
    for (const l of summary.gradient.slice(1, 4)) {
      expect(l.kurtosis).toBeGreaterThan(0.5);
      expect(l.kurtosis).toBeGreaterThan(2 * maxForward);
      expect(l.alpha).toBeLessThan(1.85);
    }
  });
});

describe("Fig. A.2 / Lemma 3.1, multiplicative GNIs at the paper's width", () => {
  it("forward noise at hidden sites is heavy-tailed (excess kurtosis > 5), unlike the additive case", () => {
    // Lemma 3.1: ‖h̃ᵢ‖_m ≲ m^{(i+1)/2} for multiplicative noise (sub-Weibull, heavier with depth
    // than the additive √m). Seen with these seeds at σ = 0.5: hidden-site kurtosis 27–51,
    // McCulloch α ≤ 0.72; the additive test above stays below 0.5. Thresholds: kurtosis > 5, α < 1.5.
    const data = sinusoids({ n: 200 });
    for (const seed of [1, 2]) {
      const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [256, 256, 256, 256], activation: "relu", seed });
      const fwd = accumulatedNoise(net, data, { noise: { type: "multiplicative", sigma: 0.5 }, M: 2, seed: 3 });
      net.dispose();
      for (const s of fwd.sites.slice(1)) {
        expect(s.kurtosis, `seed ${seed} site ${s.site}`).toBeGreaterThan(5);
        expect(mccullochEstimate(s.values).alpha, `seed ${seed} site ${s.site}`).toBeLessThan(1.5);
      }
    }
  });
});
