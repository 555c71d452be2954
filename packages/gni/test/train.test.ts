/**
 * The objective L̃_M (4.5), training (full batch and mini-batch), gradient-noise
 * replacement (Fig. 4), input validation and tensor hygiene (tf.memory()).
 */
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "@heavytails/test-utils";
import {
  accumulatedNoise,
  createCnn,
  createMlp,
  createTrainer,
  evaluateLoss,
  implicitGradientNoise,
  objective,
  objectiveGradients,
  sinusoids,
  train,
  type Dataset,
} from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

const data = sinusoids({ n: 64 });
const additive = { type: "additive" as const, sigma: 0.1 };

describe("objective L̃_M (4.5)", () => {
  it("σ = 0 gives the clean loss for every M", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [16, 16], seed: 1 });
    const clean = evaluateLoss(net, data, { loss: "mse" }).value;
    for (const M of [1, 3, 8]) expectClose(objective(net, data, { noise: { type: "additive", sigma: 0 }, M, loss: "mse" }).value, clean, { rel: 1e-5 }, { M });
    net.dispose();
  });

  it("is an average over M noise draws: its spread over seeds shrinks like 1/√M", () => {
    // standard deviation over 40 seeds of L̃_1 and L̃_16; ratio ≈ 4 (accept 2.5 … 6.5).
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [16, 16], seed: 2 });
    const sd = (M: number) => {
      const v = Array.from({ length: 40 }, (_, s) => objective(net, data, { noise: { type: "additive", sigma: 0.3 }, M, loss: "mse", seed: s }).value);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    };
    const ratio = sd(1) / sd(16);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6.5);
    net.dispose();
  });

  it("chunked M gives a consistent value (same expectation, within Monte-Carlo error)", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [16], seed: 3 });
    const full = objectiveGradients(net, data, { noise: additive, M: 64, loss: "mse", seed: 1 });
    const chunked = objectiveGradients(net, data, { noise: additive, M: 64, chunk: 7, loss: "mse", seed: 1 });
    expectClose(chunked.value, full.value, { rel: 0.02 });
    net.dispose();
  });

  it("bad input raises RangeError naming parameter, value and range", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [4], seed: 1 });
    expect(() => objective(net, data, { noise: additive, M: 0, loss: "mse" })).toThrow("M = 0 is outside the allowed range");
    expect(() => objective(net, data, { noise: { type: "additive", sigma: -1 }, loss: "mse" })).toThrow("noise.sigma = -1 is outside the allowed range [0, Infinity)");
    expect(() => objective(net, data, { noise: { type: "additive", sigma: NaN }, loss: "mse" })).toThrow(RangeError);
    expect(() => objective(net, data, { noise: { type: "gaussian" as "additive", sigma: 1 }, loss: "mse" })).toThrow('noise.type = "gaussian" is outside the allowed range');
    expect(() => objective(net, data, { noise: { type: "additive", sigma: [1, 2, 3] }, loss: "mse" })).toThrow(/3 values; the network has 2 noise sites/);
    expect(() => objective(net, data, { noise: additive, loss: "l1" as "mse" })).toThrow(RangeError);
    expect(() => createMlp({ inputSize: 0, outputSize: 1 })).toThrow("inputSize = 0 is outside the allowed range");
    expect(() => createMlp({ inputSize: 1, outputSize: 1, activation: "tanh" as "relu" })).toThrow(RangeError);
    expect(() => train(net, data, { noise: additive, loss: "mse", learningRate: 0, steps: 1 })).toThrow("learningRate = 0 is outside the allowed range");
    expect(() => train(net, data, { noise: additive, loss: "mse", learningRate: 0.1, steps: 1, batchSize: 65 })).toThrow("batchSize = 65");
    net.dispose();
  });

  it("a diverging run throws instead of returning NaN", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [16, 16], seed: 1 });
    expect(() => train(net, data, { noise: additive, loss: "mse", learningRate: 1e6, steps: 30 })).toThrow(/not finite/);
    net.dispose();
  });
});

describe("training", () => {
  it("full-batch GNI training lowers the clean loss; the result reports the backend", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [32, 32], seed: 4 });
    const smooth = sinusoids({ n: 64, frequencies: [1] });
    const before = evaluateLoss(net, smooth, { loss: "mse" }).value;
    const res = train(net, smooth, { noise: additive, M: 4, loss: "mse", learningRate: 0.2, steps: 150, seed: 1, evalEvery: 50 });
    expect(res.backend).toBe("wasm");
    expect(res.objective.length).toBe(150);
    expect(res.steps[149]!.loss!).toBeLessThan(0.5 * before);
    net.dispose();
  });

  it("mini-batch SGD and the CNN train too", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [32], seed: 5 });
    const before = evaluateLoss(net, data, { loss: "mse" }).value;
    train(net, data, { noise: { type: "multiplicative", sigma: 0.2 }, loss: "mse", learningRate: 0.05, steps: 60, batchSize: 16, seed: 2 });
    expect(evaluateLoss(net, data, { loss: "mse" }).value).toBeLessThan(before);
    net.dispose();

    const n = 16;
    const img: Dataset = { x: new Float32Array(n * 8 * 8).map((_, i) => ((i * 7919) % 13) / 13), y: new Float32Array(n * 2), n, inputShape: [8, 8, 1], targetSize: 2 };
    for (let i = 0; i < n; i++) img.y[i * 2 + (i % 2)] = 1;
    const cnn = createCnn({ inputShape: [8, 8, 1], outputSize: 2, filters: [4, 4], kernelSize: 3, seed: 1 });
    const c0 = evaluateLoss(cnn, img, { loss: "cross-entropy" }).value;
    train(cnn, img, { noise: additive, loss: "cross-entropy", learningRate: 0.1, steps: 30, seed: 3 });
    expect(evaluateLoss(cnn, img, { loss: "cross-entropy" }).value).toBeLessThan(c0);
    cnn.dispose();
  });

  it("gradient-noise replacement (Fig. 4): per-layer fits each step; Gaussian means α = 2", () => {
    // McCulloch's 'quantile' estimator here for speed; the paper's MLE (the default) runs in
    // test/long/replacement-mle.test.ts (training with it, and its likelihood against this one's).
    for (const distribution of ["stable", "gaussian"] as const) {
      const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [16, 16], seed: 6 });
      const res = train(net, data, { noise: additive, M: 4, loss: "mse", learningRate: 0.01, steps: 3, seed: 4, gradientNoise: { distribution, maxFitSamples: 200, estimator: "quantile" } });
      for (const s of res.steps) {
        expect(s.fits!.map((f) => f.layer)).toEqual(["dense1", "dense2", "dense3"]);
        for (const f of s.fits!) {
          expect(f.scale).toBeGreaterThan(0);
          if (distribution === "gaussian") expect(f.alpha).toBe(2);
        }
      }
      // the estimator clamps α to ≤ 2, so "α ≤ 2" cannot fail; instead: the S_α replacement is
      // really fitted (heavy-tailed gradient noise gives α < 2 in some layer), not a Gaussian one
      if (distribution === "stable") {
        const alphas = res.steps.flatMap((s) => s.fits!.map((f) => f.alpha));
        expect(Math.min(...alphas), `fitted α: ${alphas.join(", ")}`).toBeLessThan(2);
      }
      net.dispose();
    }
  });
});

describe("no tensor leaks (tf.memory())", () => {
  it("every public function and every training step leaves the tensor count unchanged", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [8, 8], seed: 1 });
    const count = () => tf.memory().numTensors;
    const start = count();
    objective(net, data, { noise: additive, M: 5, chunk: 2, loss: "mse" });
    objectiveGradients(net, data, { noise: additive, M: 5, chunk: 2, loss: "mse" });
    evaluateLoss(net, data, { loss: "mse" });
    implicitGradientNoise(net, data, { noise: additive, loss: "mse", mRef: 8, chunk: 3 });
    accumulatedNoise(net, data, { noise: additive, M: 2 });
    expect(count()).toBe(start);
    const trainer = createTrainer(net, data, { noise: additive, M: 3, loss: "mse", learningRate: 0.01, batchSize: 16, evalEvery: 2, gradientNoise: { distribution: "stable", maxFitSamples: 100, estimator: "quantile" } });
    trainer.step();
    const during = count();
    for (let i = 0; i < 4; i++) trainer.step();
    expect(count()).toBe(during);
    trainer.dispose();
    expect(count()).toBe(start);
    net.dispose();
    expect(count()).toBe(start - 6);
  });
});
