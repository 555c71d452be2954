/**
 * Noise sites (`NoiseConfig.sites`: input, hidden, output):
 * - no sites: every noised quantity equals the clean one;
 * - output site: exactly σz is added to f (same seed with and without it: the output is drawn
 *   last), so the noised output has σ² extra variance, and for MSE E[ΔL] = R = σ² exactly;
 * - the older `injectInput` switch still means what it meant, and agrees with `sites`;
 * - σ arrays of the wrong length and contradictory options are rejected by name.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ksTest, normalCdf } from "@heavytails/stable";
import { expectClose } from "@heavytails/test-utils";
import {
  accumulatedNoise, createMlp, evaluateLoss, explicitRegularizer, explicitRegularizerMC, implicitGradientNoise, objective, objectiveGradients,
  resolveSigmas, sinusoids, type NoiseConfig,
} from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

const data = sinusoids({ n: 40, seed: 2 });
const mlp = () => createMlp({ inputSize: 1, outputSize: 1, hidden: [16, 16], activation: "relu", init: "torch-default", seed: 4 });

describe("noise sites", () => {
  it("no sites: L̃_M equals the clean loss, ∇L̃_M the clean gradient, 𝓔ᵢ = 0 at every site", () => {
    const net = mlp();
    for (const type of ["additive", "multiplicative", "heteroscedastic", "exp-reg-mult"] as const) {
      const noise: NoiseConfig = { type, sigma: 0.5, sites: [] };
      const clean = evaluateLoss(net, data, { loss: "mse" }).value;
      expectClose(objective(net, data, { noise, loss: "mse", M: 4, seed: 1 }).value, clean, { rel: 1e-6 }, { type });
      const g = objectiveGradients(net, data, { noise, loss: "mse", seed: 1 }).grads;
      const g0 = objectiveGradients(net, data, { noise: { type, sigma: 0 }, loss: "mse", seed: 1 }).grads;
      expect(g).toEqual(g0);
      const acc = accumulatedNoise(net, data, { noise, seed: 1 });
      expect(acc.sites.length).toBe(3);
      expect(acc.sites.every((s) => s.values.every((v) => v === 0) && Number.isNaN(s.kurtosis))).toBe(true);
      expect(explicitRegularizer(net, data, { noise, loss: "mse" }).value).toBe(0);
    }
    net.dispose();
  });

  it("output site: the noised output is the same draw plus exactly σz (N(0, σ²), KS), as in the authors' Fig. 2 network", () => {
    const net = mlp();
    const sigma = 0.3;
    const without = accumulatedNoise(net, data, { noise: { type: "additive", sigma }, M: 50, seed: 8 });
    const withOut = accumulatedNoise(net, data, { noise: { type: "additive", sigma, sites: ["input", "hidden", "output"] }, M: 50, seed: 8 });
    expect(without.sites.map((s) => s.site)).toEqual([0, 1, 2]);
    expect(withOut.sites.map((s) => s.site)).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 3; i++) expect(withOut.sites[i]!.values).toEqual(without.sites[i]!.values);
    // output noise of the run without it: forward the last hidden site's noised activation (sites 0–2 identical)
    const outWithout = accumulatedNoise(net, data, { noise: { type: "additive", sigma: [sigma, sigma, sigma, 0], sites: ["input", "hidden", "output"] }, M: 50, seed: 8 });
    const d = withOut.sites[3]!.values.map((v, k) => v - outWithout.sites[3]!.values[k]!);
    const ks = ksTest(Float64Array.from(d), (t) => normalCdf(t / sigma));
    expect(ks.pValue, `KS of (noised output with − without output noise) against N(0, ${sigma}²)`).toBeGreaterThan(0.001);
    const variance = d.reduce((a, t) => a + t * t, 0) / d.length;
    expect(Math.abs(variance / (sigma * sigma) - 1)).toBeLessThan(4 * Math.sqrt(2 / d.length));
    net.dispose();
  });

  it("output site only, MSE: E[L̃] − L = σ² = R (Monte Carlo within 4 s.e.; R exact)", () => {
    const net = mlp();
    const sigma = 0.2;
    const noise: NoiseConfig = { type: "additive", sigma, sites: ["output"] };
    const R = explicitRegularizer(net, data, { noise, loss: "mse" });
    expect(R.perSite.length).toBe(4);
    expect(R.perSite.slice(0, 3)).toEqual([0, 0, 0]);
    expectClose(R.value, sigma * sigma, { rel: 1e-5 });
    const mc = explicitRegularizerMC(net, data, { noise, loss: "mse", samples: 2000, seed: 3 }); // antithetic: the term linear in z cancels
    expect(Math.abs(mc.value - sigma * sigma), `MC ${mc.value} ± ${mc.standardError}`).toBeLessThan(4 * mc.standardError);
    expect(mc.standardError).toBeLessThan(0.05 * sigma * sigma);
    // L̃_M for large M: σ² above the clean loss; s.e. of L̃_M − L ≈ 2σ√(L/(nM)) (the term linear in z)
    const clean = evaluateLoss(net, data, { loss: "mse" }).value;
    const M = 8000;
    const big = objective(net, data, { noise, loss: "mse", M, chunk: 2000, seed: 4 }).value;
    const se = 2 * sigma * Math.sqrt(clean / (data.n * M));
    expect(4 * se).toBeLessThan(0.25 * sigma * sigma); // power
    expect(Math.abs(big - clean - sigma * sigma), `L̃_M − L = ${big - clean}, σ² = ${sigma * sigma}, s.e. ${se}`).toBeLessThan(4 * se);
    net.dispose();
  });

  it("injectInput keeps its meaning and agrees with sites; the default is input + hidden", () => {
    const net = mlp();
    for (const type of ["additive", "multiplicative"] as const) {
      const v = (noise: NoiseConfig) => objective(net, data, { noise, loss: "mse", M: 3, seed: 5 }).value;
      expect(v({ type, sigma: 0.2, injectInput: false })).toBe(v({ type, sigma: 0.2, sites: ["hidden"] }));
      expect(v({ type, sigma: 0.2 })).toBe(v({ type, sigma: 0.2, sites: ["input", "hidden"] }));
      expect(v({ type, sigma: 0.2, injectInput: true, sites: ["hidden", "input"] })).toBe(v({ type, sigma: 0.2 }));
      expect(v({ type, sigma: 0.2 })).not.toBe(v({ type, sigma: 0.2, sites: ["hidden"] }));
    }
    expect(resolveSigmas({ type: "additive", sigma: 0.1, injectInput: false }, 3)).toEqual([0, 0.1, 0.1]);
    expect(resolveSigmas({ type: "additive", sigma: 0.1, sites: ["input", "output"] }, 3)).toEqual([0.1, 0, 0, 0.1]);
    expect(resolveSigmas({ type: "additive", sigma: [0.1, 0.2, 0.3, 0.4], sites: ["hidden", "output"] }, 3)).toEqual([0, 0.2, 0.3, 0.4]);
    net.dispose();
  });

  it("rejects σ arrays of the wrong length, unknown sites and contradictory options", () => {
    const net = mlp();
    const run = (noise: NoiseConfig) => objective(net, data, { noise, loss: "mse" });
    expect(() => run({ type: "additive", sigma: [1, 2, 3], sites: ["input", "hidden", "output"] })).toThrow(/3 values; with the output site selected the network has 4 noise sites/);
    expect(() => run({ type: "additive", sigma: [1, 2, 3, 4] })).toThrow(/4 values; the network has 3 noise sites.*"output"/);
    expect(() => run({ type: "additive", sigma: 0.1, sites: ["logits" as never] })).toThrow(/noise\.sites\[0\]/);
    expect(() => run({ type: "additive", sigma: 0.1, sites: ["hidden"], injectInput: true })).toThrow(/injectInput/);
    expect(() => run({ type: "gaussian" as never, sigma: 0.1 })).toThrow(/noise\.type/);
    net.dispose();
  });

  it("∇E_L (eq. 3.2): zero with no sites, non-zero in every layer with the output site alone", () => {
    const net = mlp();
    const g = (sites: NoiseConfig["sites"]) =>
      implicitGradientNoise(net, data, { noise: { type: "additive", sigma: 0.3, sites }, loss: "mse", mRef: 16, seed: 6 }).layers;
    const rms = (a: Float64Array) => Math.sqrt(a.reduce((t, v) => t + v * v, 0) / a.length);
    const none = g([]);
    const out = g(["output"]);
    // without noise ∇L̃_1 and ∇L̃_16 differ by float rounding only (the batch replicated 16 times)
    out.forEach((l, i) => expect(rms(none[i]!.weight), l.layer).toBeLessThan(1e-4 * rms(l.weight)));
    net.dispose();
  });
});
