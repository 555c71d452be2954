/**
 * Networks built from a saved set of weights (exp_reg_GNIs warm-starts every run from one saved
 * initialisation): `exportWeights` → JSON → `createMlp({ …, weights })` / `mlpFromWeights` /
 * `createCnn({ …, weights })` reproduces the network exactly (identical weights, identical
 * clean and noised outputs for a seed), and bad inputs are rejected by name.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  createCnn, createMlp, evaluateLoss, exportWeights, mlpFromWeights, objective, objectiveGradients, sinusoids, train,
  type Dataset, type NetworkWeights, type NoiseConfig,
} from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

const data = sinusoids({ n: 30, seed: 3 });
const noise: NoiseConfig = { type: "exp-reg-mult", sigma: 0.2, sites: ["input", "hidden", "output"] };

describe("saved weights", () => {
  it("MLP: export → JSON → createMlp / mlpFromWeights gives identical weights, losses, noised objectives and gradients", () => {
    const a = createMlp({ inputSize: 1, outputSize: 1, hidden: [12, 8], activation: "elu", init: "torch-default", seed: 11 });
    const saved = JSON.parse(JSON.stringify(exportWeights(a))) as NetworkWeights;
    expect(saved.layers.map((l) => [l.name, l.weightShape])).toEqual([["dense1", [1, 12]], ["dense2", [12, 8]], ["dense3", [8, 1]]]);
    const b = createMlp({ inputSize: 1, outputSize: 1, hidden: [12, 8], activation: "elu", weights: saved });
    const c = mlpFromWeights(saved, { activation: "elu" });
    const d = createMlp({ inputSize: 1, outputSize: 1, hidden: [12, 8], activation: "elu", weights: a.getWeights() });
    for (const n of [b, c, d]) {
      expect(n.getWeights()).toEqual(a.getWeights());
      expect(evaluateLoss(n, data, { loss: "mse" }).value).toBe(evaluateLoss(a, data, { loss: "mse" }).value);
      expect(objective(n, data, { noise, loss: "mse", M: 4, seed: 2 }).value).toBe(objective(a, data, { noise, loss: "mse", M: 4, seed: 2 }).value);
      expect(objectiveGradients(n, data, { noise, loss: "mse", seed: 2 }).grads).toEqual(objectiveGradients(a, data, { noise, loss: "mse", seed: 2 }).grads);
    }
    [a, b, c, d].forEach((n) => n.dispose());
  });

  it("several runs share one saved initialisation: each starts from it, and training one leaves the saved copy untouched", () => {
    const init = exportWeights(createMlp({ inputSize: 1, outputSize: 1, hidden: [8], init: "torch-default", seed: 1 }));
    const before = JSON.stringify(init);
    const runs = [5, 6].map((seed) => {
      const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [8], weights: init });
      const r = train(net, data, { noise: { type: "additive", sigma: 0.1 }, loss: "mse", learningRate: 0.05, steps: 3, seed });
      net.dispose();
      return r.objective;
    });
    expect(JSON.stringify(init)).toBe(before);
    expect(runs[0]![0]).not.toBe(runs[1]![0]); // different noise draws, same start
    const again = createMlp({ inputSize: 1, outputSize: 1, hidden: [8], weights: init });
    const r = train(again, data, { noise: { type: "additive", sigma: 0.1 }, loss: "mse", learningRate: 0.05, steps: 3, seed: 5 });
    expect(Array.from(r.objective)).toEqual(Array.from(runs[0]!));
    again.dispose();
  });

  it("no-bias MLP (exp_reg_GNIs' Dense(use_bias=False)): biases saved as null, inferred when rebuilt", () => {
    const a = createMlp({ inputSize: 4, outputSize: 3, hidden: [5, 5], activation: "elu", init: "glorot-normal", bias: false, seed: 2 });
    expect(a.variables().length).toBe(3);
    const saved = exportWeights(a);
    expect(saved.layers.every((l) => l.bias === null)).toBe(true);
    const b = createMlp({ inputSize: 4, outputSize: 3, hidden: [5, 5], activation: "elu", weights: saved });
    const c = createMlp({ inputSize: 4, outputSize: 3, hidden: [5, 5], activation: "elu", weights: a.getWeights() });
    expect(b.getWeights()).toEqual(a.getWeights());
    expect(c.getWeights()).toEqual(a.getWeights());
    expect(() => createMlp({ inputSize: 4, outputSize: 3, hidden: [5, 5], bias: true, weights: saved })).toThrow(/has no bias/);
    [a, b, c].forEach((n) => n.dispose());
  });

  it("CNN round trip", () => {
    const opts = { inputShape: [8, 8, 1] as [number, number, number], outputSize: 3, filters: [2, 3] as [number, number], kernelSize: 3 };
    const a = createCnn({ ...opts, init: "torch-default", seed: 4 });
    const b = createCnn({ ...opts, weights: JSON.parse(JSON.stringify(exportWeights(a))) });
    expect(b.getWeights()).toEqual(a.getWeights());
    const x = Float32Array.from({ length: 2 * 64 }, (_, i) => Math.sin(i));
    const d: Dataset = { x, y: new Float32Array([1, 0, 0, 0, 1, 0]), n: 2, inputShape: [8, 8, 1], targetSize: 3 };
    expect(evaluateLoss(b, d, { loss: "cross-entropy" }).value).toBe(evaluateLoss(a, d, { loss: "cross-entropy" }).value);
    [a, b].forEach((n) => n.dispose());
  });

  it("rejects weights that do not fit, naming what is wrong", () => {
    const a = createMlp({ inputSize: 2, outputSize: 1, hidden: [4], seed: 1 });
    const saved = exportWeights(a);
    const arch = { inputSize: 2, outputSize: 1, hidden: [4] };
    expect(() => createMlp({ inputSize: 2, outputSize: 1, hidden: [5], weights: saved })).toThrow(/weightShape = \[2,4\]; layer dense1 has W of shape \[2,5\]/);
    expect(() => createMlp({ ...arch, weights: saved, init: "torch-default" })).toThrow(/init.*weights/);
    const bad = structuredClone(saved);
    bad.layers[1]!.weight[2] = Number.NaN;
    expect(() => createMlp({ ...arch, weights: bad })).toThrow(/weights\.layers\[1\]\.weight\[2\]/);
    expect(() => createMlp({ ...arch, weights: a.getWeights().slice(0, 3) })).toThrow(/3 arrays; the network has 4 variables/);
    expect(() => createCnn({ inputShape: [4, 4, 1], outputSize: 1, weights: saved })).toThrow(/mlp network/);
    expect(() => createMlp({ ...arch, weights: { layers: [] } as never })).toThrow(/exportWeights/);
    a.dispose();
  });
});
