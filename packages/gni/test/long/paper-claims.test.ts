/**
 * Long runs (`pnpm test:long`): the paper's settings at full width.
 *
 * 1. Fig. 2 / Lemma 3.1 / Theorem 3.1 at the paper's size: 1 → 256×4 → 1 ReLU MLP on
 *    200 sinusoid points, additive σ = 0.1, at initialisation (network seed 1), R = 8
 *    independent noise draws (forward seeds 100 + r, gradient seeds 200 + r). Forward noise
 *    at the hidden sites (102 400 values each), gradient noise ∇E_L of the three 256×256
 *    layers (65 536 weights each).
 * 2. Fig. A.2 / Lemma 3.1: with multiplicative noise (σ = 0.5) the forward noise itself is
 *    heavy-tailed, unlike the additive case (σ = 0.1), on network seeds 1 and 2.
 *
 * Thresholds: standard errors come from the spread over the R independent draws (the values
 * within one draw are dependent, so i.i.d. formulas do not apply); comparisons are paired over
 * the draws (same draw index) and pass when Student t > t_{0.999, R−1} = 4.785. "Gaussian-like"
 * means excess kurtosis below 0.75, a quarter of the Laplace law's 3 (a definition, not a
 * measurement); the check is the upper 99.9% confidence limit of the mean. No threshold here is
 * set from observed values. McCulloch's α estimate is clamped to ≤ 2, so "α ≤ 2" is never a check;
 * the α checks are paired differences.
 * Caveat (see test/noise-statistics.test.ts): kurtosis and α pooled over a layer's weights
 * mostly reflect that the weights differ in noise scale; these checks reproduce the paper's
 * pooled measurement and do not show that each weight's noise is heavy-tailed.
 * Planted bugs (2026-11-28): additive noise drawn as σz³ fails every Fig. 2 assertion
 * (forward kurtosis 16–40); multiplicative noise injected as additive fails all 16 Fig. A.2
 * assertions (t between −1 and 1.3).
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

const R = 8;
const T_0999_7 = 4.785;
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const se = (a: number[]) => Math.sqrt(a.reduce((x, y) => x + (y - mean(a)) ** 2, 0) / (a.length - 1) / a.length);
const tPaired = (a: number[], b: number[]) => {
  const d = a.map((v, i) => v - b[i]!);
  return { t: mean(d) / se(d), d: mean(d), se: se(d) };
};
const col = (m: number[][], j: number) => m.map((row) => row[j]!);
const fmt = (m: number[][]) => m[0]!.map((_, j) => `${mean(col(m, j)).toFixed(3)} ± ${se(col(m, j)).toFixed(3)}`).join(", ");
const WIDE = [256, 256, 256, 256];
/** Let the worker's event loop run between draws (vitest's worker RPC times out after 60 s of blocking). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("Fig. 2 at the paper's width", () => {
  it(`forward noise Gaussian-like, gradient noise heavier-tailed (1 → 256×4 → 1, ${R} noise draws)`, async () => {
    const data = sinusoids({ n: 200 });
    const noise = { type: "additive" as const, sigma: 0.1 };
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: WIDE, activation: "relu", seed: 1 });
    const fK: number[][] = [], fA: number[][] = [], gK: number[][] = [], gA: number[][] = [], gS: number[][] = [];
    for (let r = 0; r < R; r++) {
      await breathe();
      const fwd = accumulatedNoise(net, data, { noise, M: 2, seed: 100 + r });
      const grad = implicitGradientNoise(net, data, { noise, loss: "mse", mRef: 64, chunk: 8, seed: 200 + r });
      const hidden = fwd.sites.slice(1), layers = grad.layers.slice(1, 4);
      fK.push(hidden.map((s) => s.kurtosis));
      fA.push(hidden.map((s) => mccullochEstimate(s.values).alpha));
      gK.push(layers.map((l) => l.kurtosis));
      gA.push(layers.map((l) => mccullochEstimate(l.weight).alpha));
      gS.push(layers.map((l) => l.skewness));
    }
    net.dispose();
    console.log(`mean ± s.e. over ${R} draws — forward kurtosis ${fmt(fK)}; forward α ${fmt(fA)}; gradient kurtosis ${fmt(gK)}; gradient α ${fmt(gA)}; gradient skewness ${fmt(gS)}`);
    for (let j = 0; j < fK[0]!.length; j++) {
      const k = col(fK, j);
      expect.soft(mean(k) + T_0999_7 * se(k), `hidden site ${j + 1}: upper 99.9% limit of the forward excess kurtosis`).toBeLessThan(0.75);
    }
    // per draw: the largest forward kurtosis and the smallest forward α over the hidden sites
    const maxFK = fK.map((row) => Math.max(...row.map(Math.abs)));
    const minFA = fA.map((row) => Math.min(...row));
    for (let j = 0; j < 3; j++) {
      const k = tPaired(col(gK, j), maxFK);
      expect.soft(k.t, `layer ${j + 1}: gradient − largest forward kurtosis ${k.d.toFixed(3)} ± ${k.se.toFixed(3)}`).toBeGreaterThan(T_0999_7);
      const a = tPaired(minFA, col(gA, j));
      expect.soft(a.t, `layer ${j + 1}: smallest forward α − gradient α ${a.d.toFixed(3)} ± ${a.se.toFixed(3)}`).toBeGreaterThan(T_0999_7);
    }
  });
});

describe("Fig. A.2 / Lemma 3.1, multiplicative GNIs at the paper's width", () => {
  it(`forward noise at hidden sites is heavier-tailed than with additive noise (${R} noise draws, network seeds 1, 2)`, async () => {
    // Lemma 3.1: ‖h̃ᵢ‖_m ≲ m^{(i+1)/2} for multiplicative noise (sub-Weibull, heavier with depth
    // than the additive √m). Paired over draws: multiplicative (σ = 0.5) against additive (σ = 0.1).
    const data = sinusoids({ n: 200 });
    for (const seed of [1, 2]) {
      const net = createMlp({ inputSize: 1, outputSize: 1, hidden: WIDE, activation: "relu", seed });
      const mK: number[][] = [], mA: number[][] = [], aK: number[][] = [], aA: number[][] = [];
      for (let r = 0; r < R; r++) {
        await breathe();
        const m = accumulatedNoise(net, data, { noise: { type: "multiplicative", sigma: 0.5 }, M: 2, seed: 300 + r }).sites.slice(1);
        const a = accumulatedNoise(net, data, { noise: { type: "additive", sigma: 0.1 }, M: 2, seed: 400 + r }).sites.slice(1);
        mK.push(m.map((s) => s.kurtosis));
        mA.push(m.map((s) => mccullochEstimate(s.values).alpha));
        aK.push(a.map((s) => s.kurtosis));
        aA.push(a.map((s) => mccullochEstimate(s.values).alpha));
      }
      net.dispose();
      console.log(`seed ${seed}, mean ± s.e. over ${R} draws — multiplicative kurtosis ${fmt(mK)}, α ${fmt(mA)}; additive kurtosis ${fmt(aK)}, α ${fmt(aA)}`);
      for (let j = 0; j < mK[0]!.length; j++) {
        const k = tPaired(col(mK, j), col(aK, j));
        expect.soft(k.t, `seed ${seed} site ${j + 1}: multiplicative − additive kurtosis ${k.d.toFixed(3)} ± ${k.se.toFixed(3)}`).toBeGreaterThan(T_0999_7);
        const a = tPaired(col(aA, j), col(mA, j));
        expect.soft(a.t, `seed ${seed} site ${j + 1}: additive − multiplicative α ${a.d.toFixed(3)} ± ${a.se.toFixed(3)}`).toBeGreaterThan(T_0999_7);
      }
    }
  });
});
