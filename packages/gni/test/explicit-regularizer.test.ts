/**
 * The second-order explicit regulariser R = ½ Σᵢ σᵢ² E_x Tr(Jᵢᵀ H Jᵢ) (Camuto et al. 2020)
 * against (a) a closed form and (b) the Monte-Carlo estimate of E_ε[ΔL] for small σ.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "@heavytails/test-utils";
import { createMlp, explicitRegularizer, explicitRegularizerMC, loadMnist, sinusoids, sliceDataset } from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

describe("explicit regulariser", () => {
  it("closed form: noise on the last hidden layer only, MSE ⇒ E[ΔL] = R = (σ²/K) Σ W_L²", () => {
    // f = W_L h̃ + b is linear in h̃ = h + ε, so E‖f + W_Lᵀε − y‖²/K − ‖f − y‖²/K = σ² ‖W_L‖²_F / K exactly.
    const net = createMlp({ inputSize: 3, outputSize: 2, hidden: [8, 6], activation: "elu", seed: 5 });
    const x = new Float32Array(30 * 3).map((_, i) => Math.sin(i));
    const d = { x, y: new Float32Array(60).map((_, i) => Math.cos(i)), n: 30, inputShape: [3], targetSize: 2 };
    const sigma = 0.3;
    const W = net.getWeights()[4]!; // W₃: 6 × 2
    const closed = (sigma * sigma * W.reduce((s, w) => s + w * w, 0)) / 2;
    const noise = { type: "additive" as const, sigma: [0, 0, sigma] };
    const R = explicitRegularizer(net, d, { noise, loss: "mse" });
    expectClose(R.value, closed, { rel: 1e-5 }, { sigma });
    expect(R.perSite.slice(0, 2)).toEqual([0, 0]);
    const mc = explicitRegularizerMC(net, d, { noise, loss: "mse", samples: 2000, seed: 3 });
    expect(Math.abs(mc.value - closed)).toBeLessThan(4 * mc.standardError + 1e-4);
    net.dispose();
  });

  it("ReLU regression network, additive noise at every site: R agrees with Monte Carlo for small σ", () => {
    // ReLU networks are piecewise linear, so the dropped ∂ℓ/∂f·∂²f/∂h² term vanishes and
    // E[ΔL] = R + O(σ⁴) (+ kink crossings, rare for small σ). Antithetic pairs cancel the
    // first-order term. Agreement within 4 standard errors + 3% of R.
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [32, 32], activation: "relu", seed: 2 });
    const data = sinusoids({ n: 100 });
    for (const sigma of [0.05, 0.02]) {
      const noise = { type: "additive" as const, sigma };
      const R = explicitRegularizer(net, data, { noise, loss: "mse" });
      const mc = explicitRegularizerMC(net, data, { noise, loss: "mse", samples: 512, chunk: 64, seed: 9 });
      expect(R.backend).toBe("wasm");
      expect(R.value).toBeGreaterThan(0);
      expect(Math.abs(mc.value - R.value), `σ = ${sigma}: MC ${mc.value} ± ${mc.standardError}, R ${R.value}`).toBeLessThan(4 * mc.standardError + 0.03 * R.value);
      expect(mc.standardError).toBeLessThan(0.25 * R.value); // the comparison has power
    }
    net.dispose();
  });

  it("cross-entropy on MNIST digits, noise at the last hidden site: R agrees with Monte Carlo (both noise types, ReLU and ELU)", () => {
    // f is linear in the last hidden activation, so the term R drops (∂ℓ/∂f · ∂²f/∂h²) is zero
    // there and E[ΔL] = R + O(σ⁴) for any activation. (At earlier sites it is not: ELU curvature,
    // and for ReLU the kinks, whose delta-function curvature contributes at order σ² when many
    // units sit within the noise of 0, e.g. with 784 noised MNIST pixels; see README.)
    const data = sliceDataset(loadMnist({ seed: 1 }), 0, 64);
    for (const activation of ["relu", "elu"] as const) {
      const net = createMlp({ inputSize: 784, outputSize: 10, hidden: [32], activation, seed: 4 });
      for (const type of ["multiplicative", "additive"] as const) {
        const noise = { type, sigma: [0, 0.05] };
        const R = explicitRegularizer(net, data, { noise, loss: "cross-entropy" });
        const mc = explicitRegularizerMC(net, data, { noise, loss: "cross-entropy", samples: 256, chunk: 32, seed: 10 });
        expect(Math.abs(mc.value - R.value), `${activation} ${type}: MC ${mc.value} ± ${mc.standardError}, R ${R.value}`).toBeLessThan(4 * mc.standardError + 0.03 * R.value);
        expect(mc.standardError).toBeLessThan(0.05 * R.value);
      }
      net.dispose();
    }
  });

  it("σ = 0 gives R = 0 and a zero Monte-Carlo estimate", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [8], seed: 1 });
    const data = sinusoids({ n: 20 });
    expect(explicitRegularizer(net, data, { noise: { type: "additive", sigma: 0 }, loss: "mse" }).value).toBe(0);
    expect(explicitRegularizerMC(net, data, { noise: { type: "additive", sigma: 0 }, loss: "mse", samples: 4 }).value).toBe(0);
    net.dispose();
  });
});
