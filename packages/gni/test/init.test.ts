/**
 * Initialisation schemes of createMlp / createCnn, by goodness of fit (KS, fixed seeds):
 * - "torch-default": W and b ~ U(±1/√fan_in) (PyTorch nn.Linear / nn.Conv2d reset_parameters);
 * - "glorot-uniform" (default, unchanged): W ~ U(±√(6/(fan_in + fan_out))), b = 0;
 * - "glorot-normal": W ~ N(0, s²) truncated to ±2s, s = √(2/(fan_in + fan_out))/0.8796…, b = 0 (Keras).
 * - "he-normal": W ~ N(0, 2/fan_in), b ~ U(±1/√fan_in).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ksTest, normalCdf } from "@heavytails/stable";
import { createCnn, createMlp, type Network } from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

/** KS p-value of `values` against U(−bound, bound). */
function ksUniform(values: ArrayLike<number>, bound: number): number {
  return ksTest(Float64Array.from(values), (x) => Math.min(1, Math.max(0, (x / bound + 1) / 2))).pValue;
}

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Each layer's W and b with its fan-in and fan-out. */
function layerArrays(net: Network): { name: string; W: Float32Array; b: Float32Array | null; fanIn: number; fanOut: number }[] {
  const values = net.getWeights();
  let k = 0;
  return net.layers.map((l) => {
    const shape = l.weight.shape;
    const receptive = shape.slice(0, -2).reduce((a, d) => a * d, 1);
    const W = values[k++]!;
    const b = l.bias ? values[k++]! : null;
    return { name: l.name, W, b, fanIn: receptive * shape[shape.length - 2]!, fanOut: receptive * shape[shape.length - 1]! };
  });
}

describe("torch-default initialisation (PyTorch nn.Linear: W, b ~ U(±1/√fan_in))", () => {
  it("MLP 1 → 256 → 256 → 1: every W and b passes a KS test against U(±1/√fan_in), and fills it", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [256, 256], init: "torch-default", seed: 7 });
    for (const l of layerArrays(net)) {
      const bound = 1 / Math.sqrt(l.fanIn);
      expect(maxAbs(l.W), `${l.name} W inside the bound`).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(ksUniform(l.W, bound), `${l.name} W: KS against U(±${bound})`).toBeGreaterThan(0.001);
      expect(l.b).not.toBeNull();
      expect(maxAbs(l.b!), `${l.name} b inside the bound`).toBeLessThanOrEqual(bound * (1 + 1e-6));
      if (l.b!.length >= 100) expect(ksUniform(l.b!, bound), `${l.name} b: KS against U(±${bound})`).toBeGreaterThan(0.001);
      if (l.W.length >= 1000) expect(maxAbs(l.W), `${l.name} W reaches the bound`).toBeGreaterThan(0.99 * bound);
    }
    // a 1-D input: first-layer W and b ~ U(−1, 1), so the untrained net has kinks inside [0, 1)
    const first = layerArrays(net)[0]!;
    const kinks = Array.from(first.W).filter((w, j) => { const t = -first.b![j]! / w; return t > 0 && t < 1; }).length;
    expect(kinks).toBeGreaterThan(20);
    net.dispose();
  });

  it("pooled over four seeds the biases of a 512-wide layer are U(±1/√512) (KS, n = 2048)", () => {
    const pooled: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const net = createMlp({ inputSize: 512, outputSize: 512, hidden: [], init: "torch-default", seed });
      pooled.push(...net.getWeights()[1]!);
      net.dispose();
    }
    expect(ksUniform(pooled, 1 / Math.sqrt(512))).toBeGreaterThan(0.001);
  });

  it("without biases only W is drawn, from the same law", () => {
    const net = createMlp({ inputSize: 64, outputSize: 64, hidden: [64], init: "torch-default", bias: false, seed: 3 });
    expect(net.variables().length).toBe(2);
    for (const l of layerArrays(net)) {
      expect(l.b).toBeNull();
      expect(ksUniform(l.W, 1 / 8)).toBeGreaterThan(0.001);
    }
    net.dispose();
  });

  it("CNN: conv kernels use fan_in = k·k·c_in", () => {
    const net = createCnn({ inputShape: [8, 8, 3], outputSize: 10, filters: [16, 32], kernelSize: 4, init: "torch-default", seed: 2 });
    for (const l of layerArrays(net)) {
      const bound = 1 / Math.sqrt(l.fanIn);
      expect(maxAbs(l.W)).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(ksUniform(l.W, bound), `${l.name} W`).toBeGreaterThan(0.001);
      expect(maxAbs(l.b!)).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(maxAbs(l.b!)).toBeGreaterThan(0);
    }
    net.dispose();
  });
});

describe("glorot-uniform (the default) and glorot-normal", () => {
  it("the default is Glorot-uniform W with zero biases, the same weights as init: 'glorot-uniform'", () => {
    const a = createMlp({ inputSize: 100, outputSize: 50, hidden: [200], seed: 4 });
    const b = createMlp({ inputSize: 100, outputSize: 50, hidden: [200], seed: 4, init: "glorot-uniform" });
    expect(b.getWeights()).toEqual(a.getWeights());
    for (const l of layerArrays(a)) {
      expect(Array.from(l.b!).every((v) => v === 0)).toBe(true);
      expect(ksUniform(l.W, Math.sqrt(6 / (l.fanIn + l.fanOut))), l.name).toBeGreaterThan(0.001);
    }
    a.dispose();
    b.dispose();
  });

  it("glorot-normal: W is N(0, s²) truncated to ±2s with Var W = 2/(fan_in + fan_out) (KS); biases 0", () => {
    const net = createMlp({ inputSize: 300, outputSize: 100, hidden: [200], init: "glorot-normal", seed: 5 });
    const Z = normalCdf(2) - normalCdf(-2);
    for (const l of layerArrays(net)) {
      const s = Math.sqrt(2 / (l.fanIn + l.fanOut)) / 0.87962566103423978;
      expect(maxAbs(l.W)).toBeLessThanOrEqual(2 * s * (1 + 1e-6));
      const cdf = (x: number) => Math.min(1, Math.max(0, (normalCdf(x / s) - normalCdf(-2)) / Z));
      expect(ksTest(Float64Array.from(l.W), cdf).pValue, `${l.name} W: KS against the truncated normal`).toBeGreaterThan(0.001);
      const variance = Array.from(l.W).reduce((a, w) => a + w * w, 0) / l.W.length;
      const target = 2 / (l.fanIn + l.fanOut);
      expect(Math.abs(variance / target - 1), `${l.name}: Var W = ${variance}, 2/(fan_in + fan_out) = ${target}`).toBeLessThan(4 * Math.sqrt(2 / l.W.length));
      expect(Array.from(l.b!).every((v) => v === 0)).toBe(true);
    }
    net.dispose();
  });

  it("he-normal: W is N(0, 2/fan_in) (KS), biases U(±1/√fan_in) (KS)", () => {
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden: [256, 256, 256], init: "he-normal", seed: 6 });
    for (const l of layerArrays(net)) {
      const s = Math.sqrt(2 / l.fanIn);
      expect(ksTest(Float64Array.from(l.W), (x) => normalCdf(x / s)).pValue, `${l.name} W: KS against N(0, 2/fan_in)`).toBeGreaterThan(0.001);
      if (l.b!.length >= 64) expect(ksUniform(l.b!, 1 / Math.sqrt(l.fanIn)), `${l.name} b`).toBeGreaterThan(0.001);
    }
    net.dispose();
  });

  it("rejects an unknown scheme, naming the option", () => {
    expect(() => createMlp({ inputSize: 1, outputSize: 1, init: "he" as never })).toThrow(/init/);
  });
});
