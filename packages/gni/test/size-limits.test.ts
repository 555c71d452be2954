/** Size parameters of the objective have documented maxima: nothing allocates without a bound (issue 12, Medium 10). */
import { beforeAll, describe, expect, it } from "vitest";
import { accumulatedNoise, createMlp, implicitGradientNoise, MAX_NOISE_SAMPLES, MAX_REPLICATED_VALUES, objective, sinusoids, train } from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

describe("noise-sample and replication limits", () => {
  const data = sinusoids({ n: 200, seed: 1 });
  const noise = { type: "additive" as const, sigma: 0.1 };

  it("M above MAX_NOISE_SAMPLES is a RangeError naming M, before anything runs", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [8], seed: 1 });
    expect(() => train(net, data, { noise, M: 1e7, loss: "mse", learningRate: 0.01, steps: 1, seed: 1 })).toThrow(RangeError);
    expect(() => train(net, data, { noise, M: 1e7, loss: "mse", learningRate: 0.01, steps: 1, seed: 1 })).toThrow(/M = 10000000/);
    expect(() => objective(net, data, { noise, M: MAX_NOISE_SAMPLES + 1, loss: "mse", seed: 1 })).toThrow(/M = /);
    expect(() => accumulatedNoise(net, data, { noise, M: 1e7, seed: 1 })).toThrow(/M = /);
    expect(() => implicitGradientNoise(net, data, { noise, loss: "mse", mRef: 1e7, seed: 1 })).toThrow(/mRef = /);
    net.dispose();
  });

  it("a batched pass that would replicate more than MAX_REPLICATED_VALUES values is refused with the chunk that fits", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [8], seed: 1 });
    const M = Math.floor(MAX_REPLICATED_VALUES / 200) + 1; // one pass of M replicas of 200 rows: just above the limit
    expect(() => objective(net, data, { noise, M, loss: "mse", seed: 1 })).toThrow(/chunk = \d+: .*pass a chunk of at most 671088 replicas/);
    net.dispose();
  });
});
