/**
 * The registered gradients (src/gradients.ts) and both matmul-gradient variants against
 * central finite differences of the same noised objective (same seed ⇒ same noise).
 * Float32 forward passes: step h = 1e-2 on weights of order 0.1–1, tolerance 2% of the
 * largest gradient of the variable plus 2e-3 absolute.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createCnn, createMlp, evaluateLoss, explicitRegularizer, objective, objectiveGradients, type Activation, type Dataset, type LossName, type Network, type NoiseConfig, type ObjectiveOptions, oneHot } from "../src/index.js";
import { createRng } from "@heavytails/stable";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

function randomData(n: number, inputShape: number[], targetSize: number, classify: boolean, seed: number): Dataset {
  const rng = createRng(seed);
  const per = inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * per).map(() => rng.normal());
  if (classify) {
    const labels = Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * targetSize));
    return { x, y: oneHot(labels, targetSize), n, inputShape, targetSize, labels };
  }
  return { x, y: new Float32Array(n * targetSize).map(() => rng.normal()), n, inputShape, targetSize };
}

function checkFiniteDifferences(net: Network, data: Dataset, noise: NoiseConfig, loss: LossName, M: number, h: number, relTol: number) {
  checkFiniteDifferencesOf(net, data, { noise, loss, M }, h, relTol);
}

function checkFiniteDifferencesOf(net: Network, data: Dataset, base: ObjectiveOptions, h: number, relTol: number) {
  const opts = { ...base, seed: 99 };
  const { grads } = objectiveGradients(net, data, opts);
  const weights = net.getWeights();
  const rng = createRng(5);
  for (let v = 0; v < weights.length; v++) {
    const scale = grads[v]!.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
    for (let t = 0; t < 3; t++) {
      const j = Math.floor(rng.uniform() * weights[v]!.length);
      const plus = weights.map((w) => w.slice());
      const minus = weights.map((w) => w.slice());
      plus[v]![j]! += h;
      minus[v]![j]! -= h;
      net.setWeights(plus);
      const fp = objective(net, data, opts).value;
      net.setWeights(minus);
      const fm = objective(net, data, opts).value;
      const fd = (fp - fm) / (2 * h);
      const err = Math.abs(fd - grads[v]![j]!);
      expect(err, `variable ${v} entry ${j}: analytic ${grads[v]![j]}, finite difference ${fd}`).toBeLessThanOrEqual(relTol * scale + 2e-3);
    }
  }
  net.setWeights(weights);
}

describe("gradients of L̃_M against finite differences", () => {
  const cases: Array<[Activation, LossName, "additive" | "multiplicative", "stock" | "explicit-transpose"]> = [
    ["elu", "mse", "additive", "explicit-transpose"],
    ["sigmoid", "cross-entropy", "multiplicative", "explicit-transpose"],
    ["elu", "cross-entropy", "additive", "stock"],
    ["relu", "mse", "multiplicative", "stock"],
    ["relu", "cross-entropy", "additive", "explicit-transpose"], // fused matMul + bias + ReLU path
  ];
  for (const [activation, loss, type, mg] of cases) {
    it(`MLP ${activation}, ${loss}, ${type}, ${mg}`, () => {
      const classify = loss === "cross-entropy";
      const net = createMlp({ inputSize: 3, outputSize: classify ? 4 : 2, hidden: [5, 4], activation, seed: 3, matmulGradient: mg });
      const data = randomData(6, [3], classify ? 4 : 2, classify, 11);
      checkFiniteDifferences(net, data, { type, sigma: 0.3 }, loss, 2, 1e-2, activation === "relu" ? 0.05 : 0.02);
      net.dispose();
    });
  }

  it("small CNN (conv2d forward, conv2dTranspose and strided-slice filter gradients)", () => {
    const net = createCnn({ inputShape: [6, 6, 2], outputSize: 3, filters: [3, 2], kernelSize: 3, stride: 2, activation: "elu", seed: 4 });
    const data = randomData(3, [6, 6, 2], 3, true, 12);
    checkFiniteDifferences(net, data, { type: "additive", sigma: 0.2 }, "cross-entropy", 1, 1e-2, 0.02);
    net.dispose();
  });

  it("training objective L + R (mode 'explicit', Fig. 7): value = clean loss + R, gradient by double back-propagation", () => {
    for (const [activation, loss, mg] of [["relu", "cross-entropy", "stock"], ["relu", "mse", "explicit-transpose"], ["elu", "cross-entropy", "explicit-transpose"], ["sigmoid", "mse", "stock"]] as const) {
      const classify = loss === "cross-entropy";
      const net = createMlp({ inputSize: 3, outputSize: classify ? 4 : 2, hidden: [5, 4], activation, seed: 8, matmulGradient: mg });
      const data = randomData(6, [3], classify ? 4 : 2, classify, 14);
      const noise = { type: "multiplicative" as const, sigma: 0.4 };
      const value = objective(net, data, { noise, loss, mode: "explicit" }).value;
      const parts = evaluateLoss(net, data, { loss }).value + explicitRegularizer(net, data, { noise, loss }).value;
      expect(Math.abs(value - parts)).toBeLessThan(1e-5 * Math.abs(parts));
      checkFiniteDifferencesOf(net, data, { noise, loss, mode: "explicit" }, 1e-2, 0.02);
      net.dispose();
    }
  });

  it("stock and explicit-transpose matmul gradients agree", () => {
    const data = randomData(8, [4], 3, true, 13);
    const res = (["stock", "explicit-transpose"] as const).map((mg) => {
      const net = createMlp({ inputSize: 4, outputSize: 3, hidden: [6, 6], activation: "elu", seed: 7, matmulGradient: mg });
      const r = objectiveGradients(net, data, { noise: { type: "additive", sigma: 0.2 }, loss: "cross-entropy", M: 3, seed: 1 });
      net.dispose();
      return r;
    });
    expect(res[1]!.value).toBeCloseTo(res[0]!.value, 6);
    res[0]!.grads.forEach((g, v) => g.forEach((x, j) => expect(Math.abs(res[1]!.grads[v]![j]! - x)).toBeLessThan(1e-5)));
  });
});
