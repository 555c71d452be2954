/**
 * The qualitative claims of Lemma 3.1 and Theorem 3.1 for additive GNIs, at
 * initialisation, on the sinusoid data (n = 200) and a 1 → 32×4 → 1 ReLU MLP
 * (the paper's Fig. 2 network is 256 wide; 32 keeps the test fast), σ = 0.1,
 * three fixed network seeds:
 * - forward: the accumulated noise 𝓔ᵢ (2.9) at every hidden site is Gaussian-like:
 *   |excess kurtosis| < 0.75 (a Laplace law has 3), over 8 draws × 200 × 32 = 51 200 values;
 * - backward: the implicit-effect gradient noise ∇E_L (3.2, Remark 4.1, M_ref = 64) of
 *   every hidden-to-hidden weight layer (32 × 32 = 1024 weights; kurtosis standard error
 *   ≈ √(24/1024) ≈ 0.15) has excess kurtosis > 0.75 and larger than the largest forward
 *   one by at least 0.5, and over the three seeds and three layers at least one has
 *   |skewness| > 5 standard errors (√(6/1024) ≈ 0.077);
 * - the injected input noise itself is N(0, σ²) (KS test, p > 0.001).
 * Thresholds were set from these seeds' values with a wide margin (see the printed table).
 */
import { ksTest, normalCdf } from "@heavytails/stable";
import { beforeAll, describe, expect, it } from "vitest";
import { accumulatedNoise, createMlp, implicitGradientNoise, sinusoids } from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

describe("additive GNIs: Gaussian-like forward noise, heavy-tailed skewed gradient noise", () => {
  const data = sinusoids({ n: 200, seed: 0 });
  const noise = { type: "additive" as const, sigma: 0.1 };
  const rows: string[] = [];
  let maxAbsSkewZ = 0;

  for (const seed of [1, 2, 3]) {
    it(`network seed ${seed}`, () => {
      const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [32, 32, 32, 32], activation: "relu", seed });
      const fwd = accumulatedNoise(net, data, { noise, M: 8, seed: 100 + seed });
      const grad = implicitGradientNoise(net, data, { noise, loss: "mse", mRef: 64, chunk: 16, seed: 200 + seed });
      net.dispose();
      expect(fwd.backend).toBe("wasm");
      rows.push(
        `seed ${seed}: forward kurtosis ${fwd.sites.map((s) => s.kurtosis.toFixed(2)).join(", ")}; ` +
          `gradient kurtosis ${grad.layers.map((l) => l.kurtosis.toFixed(2)).join(", ")}, skewness ${grad.layers.map((l) => l.skewness.toFixed(2)).join(", ")}`,
      );
      const input = fwd.sites[0]!;
      expect(ksTest(input.values, (x) => normalCdf(x, { loc: 0, scale: 0.1 })).pValue).toBeGreaterThan(1e-3);
      const hiddenSites = fwd.sites.slice(1);
      const maxForward = Math.max(...hiddenSites.map((s) => Math.abs(s.kurtosis)));
      for (const s of hiddenSites) expect(Math.abs(s.kurtosis), `site ${s.site}`).toBeLessThan(0.75);
      for (const l of grad.layers.slice(1, 4)) {
        expect(l.weight.length).toBe(1024);
        expect(l.kurtosis, l.layer).toBeGreaterThan(0.75);
        expect(l.kurtosis - maxForward, l.layer).toBeGreaterThan(0.5);
        maxAbsSkewZ = Math.max(maxAbsSkewZ, Math.abs(l.skewness) / Math.sqrt(6 / l.weight.length));
      }
    });
  }

  it("the gradient noise is skewed in at least one layer (|skew| > 5 standard errors)", () => {
    console.log(rows.join("\n"));
    expect(maxAbsSkewZ).toBeGreaterThan(5);
  });
});
