/**
 * The registered gradients (src/gradients.ts) and both matmul-gradient variants against
 * central finite differences of the same noised objective (same seed ⇒ same noise).
 * Float32 forward passes: step h = 1e-2 on weights of order 0.1–1, tolerance 2% of the
 * largest gradient of the variable plus 2e-3 absolute.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createCnn, createMlp, evaluateLoss, explicitRegularizer, objective, objectiveGradients, type Activation, type Dataset, type LossName, type Network, type NoiseConfig, type ObjectiveOptions, oneHot } from "../src/index.js";
import * as tf from "@tensorflow/tfjs-core";
import { createRng } from "@heavytails/stable";
import { ensureGradients } from "../src/gradients.js";
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

  it("conv2d gradients (sub-pixel input gradient, dilated-conv filter gradient) against conv2dTranspose and exact differences", () => {
    // conv2d is linear in x and in W, so ⟨R, conv(x; W)⟩'s difference quotient is exact up to float32 rounding
    type Shape4 = [number, number, number, number];
    const cases: Array<[Shape4, Shape4, number, "same" | "valid"]> = [
      [[2, 7, 6, 3], [3, 3, 3, 4], 2, "same"],
      [[1, 8, 8, 2], [5, 5, 2, 3], 2, "same"],
      [[2, 9, 7, 1], [4, 2, 1, 2], 3, "same"],
      [[1, 6, 5, 2], [3, 2, 2, 2], 1, "same"],
      [[2, 9, 8, 2], [3, 3, 2, 3], 2, "valid"],
    ];
    ensureGradients();
    const rng = createRng(21);
    for (const [xs, ws, stride, pad] of cases) {
      const rnd = (shape: Shape4) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape) as tf.Tensor4D;
      const x = rnd(xs), w = rnd(ws);
      const yShape = tf.conv2d(x, w, stride, pad).shape as Shape4;
      const r = rnd(yShape);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), r)))([x, w]);
      const ref = tf.conv2dTranspose(r, w, xs, stride, pad);
      const d = tf.max(tf.abs(tf.sub(gx!, ref))).dataSync()[0]!;
      expect(d, `input gradient, x ${xs}, W ${ws}, stride ${stride}, ${pad}`).toBeLessThan(1e-4);
      const wv = w.dataSync();
      const gwv = gw!.dataSync();
      const f = (vals: Float32Array) => tf.sum(tf.mul(tf.conv2d(x, tf.tensor(vals, ws) as tf.Tensor4D, stride, pad), r)).dataSync()[0]!;
      for (const j of [0, Math.floor(wv.length / 2), wv.length - 1]) {
        const plus = Float32Array.from(wv), minus = Float32Array.from(wv);
        plus[j]! += 0.5;
        minus[j]! -= 0.5;
        expect(Math.abs(f(plus) - f(minus) - gwv[j]!), `filter gradient entry ${j}, W ${ws}, stride ${stride}, ${pad}`).toBeLessThan(2e-3 * (1 + Math.abs(gwv[j]!)));
      }
      tf.dispose([x, w, r, gx!, gw!, ref]);
    }
  });

  it("CNN on L + R (mode 'explicit'): double back-propagation through conv2dTranspose", () => {
    // smooth activations: with ReLU, R jumps where a unit's mask flips, which a finite difference cannot straddle
    for (const [activation, type] of [["elu", "additive"], ["elu", "multiplicative"], ["sigmoid", "additive"]] as const) {
      const net = createCnn({ inputShape: [6, 6, 2], outputSize: 3, filters: [3, 2], kernelSize: 3, stride: 2, activation, seed: 5 });
      const data = randomData(3, [6, 6, 2], 3, true, 15);
      const noise = { type, sigma: 0.5 };
      const value = objective(net, data, { noise, loss: "cross-entropy", mode: "explicit" }).value;
      const parts = evaluateLoss(net, data, { loss: "cross-entropy" }).value + explicitRegularizer(net, data, { noise, loss: "cross-entropy" }).value;
      expect(Math.abs(value - parts)).toBeLessThan(1e-5 * Math.abs(parts));
      expect(parts - evaluateLoss(net, data, { loss: "cross-entropy" }).value).toBeGreaterThan(0);
      checkFiniteDifferencesOf(net, data, { noise, loss: "cross-entropy", mode: "explicit" }, 1e-2, 0.02);
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
