/**
 * The noise kinds against closed forms and an independent reference on a tiny network:
 * - every kind, draw by draw, against a plain-JS forward pass fed the same seeded normals
 *   (additive ĥ + σz; multiplicative ĥ(1 + σz), compounding; heteroscedastic ĥ + σ|h|z and
 *   exp-reg-mult ĥ + σhz with h the *clean* activation, not compounding);
 * - per unit, the variance of the noise injected at a site equals σ²hᵢⱼ² for the
 *   heteroscedastic kinds (σ² for additive);
 * - L̃_M, its gradient (finite differences: the noise scale σh(w) is differentiated too, as in
 *   exp_reg_GNIs), ∇E_L and the explicit regulariser work with them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createRng, ksTest, normalCdf } from "@heavytails/stable";
import { expectClose } from "@heavytails/test-utils";
import {
  accumulatedNoise, createMlp, createTrainer, exportWeights, explicitRegularizer, explicitRegularizerMC, implicitGradientNoise, objective, objectiveGradients, train,
  type Dataset, type Network, type NoiseConfig, type NoiseType,
} from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

const elu = (v: number) => (v > 0 ? v : Math.expm1(v));

/**
 * Plain-JS reference of h̃ᵢ − hᵢ at all L + 1 sites (the last entry of each row: the noised output),
 * for normals drawn as the package draws them (site by site, σᵢ > 0 only). `eps`: the training path
 * stores ε = mean + σz in float32 (`drawSiteEps`); otherwise z is stored and σz formed in the pass.
 */
function reference(net: Network, x: number[][], type: NoiseType, sigmas: number[], seed: number, eps = false): { diffs: number[][][]; out: number[][] } {
  const w = net.getWeights();
  const L = net.layers.length;
  const rng = createRng(seed);
  const widths = [net.inputShape[0]!, ...net.layers.map((l) => l.weight.shape[1]!)];
  const n = x.length;
  const mean = type === "multiplicative" ? 1 : 0;
  const z = sigmas.map((s, i) =>
    s > 0 ? Array.from(rng.fillNormal(new Float64Array(n * widths[i]!)), (v) => (eps ? (Math.fround(mean + s * v) - mean) / s : Math.fround(v))) : null,
  );
  const layer = (i: number, h: number[]): number[] => {
    const W = w[2 * i]!;
    const b = w[2 * i + 1]!;
    const out = widths[i + 1]!;
    const r = Array.from({ length: out }, (_, k) => b[k]! + h.reduce((a, v, j) => a + v * W[j * out + k]!, 0));
    return i === L - 1 ? r : r.map(elu);
  };
  const out: number[][] = [];
  const diffs = x.map((row, e) => {
    const clean: number[][] = [row];
    for (let i = 0; i < L; i++) clean.push(layer(i, clean[i]!));
    const diffs: number[][] = [];
    let h = row;
    for (let i = 0; i <= L; i++) {
      const zi = z[i];
      const s = sigmas[i]!;
      if (zi) {
        h = h.map((v, j) => {
          const zz = zi[e * widths[i]! + j]!;
          const c = clean[i]![j]!;
          switch (type) {
            case "additive": return v + s * zz;
            case "multiplicative": return v * (1 + s * zz);
            case "heteroscedastic": return v + s * Math.abs(c) * zz;
            case "exp-reg-mult": return v + s * c * zz;
          }
        });
      }
      diffs.push(h.map((v, j) => v - clean[i]![j]!));
      if (i < L) h = layer(i, h);
    }
    out.push(h);
    return diffs;
  });
  return { diffs, out };
}

const KINDS: NoiseType[] = ["additive", "multiplicative", "heteroscedastic", "exp-reg-mult"];

function tinyData(n: number, inputSize: number, outputSize: number, seed: number): Dataset {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * inputSize }, () => 2 * rng.uniform() - 1); // signed inputs
  const y = Float32Array.from({ length: n * outputSize }, () => rng.normal());
  return { x, y, n, inputShape: [inputSize], targetSize: outputSize };
}

describe("noise kinds draw by draw against a plain-JS reference (ELU 2 → 3 → 3 → 2, every site noised)", () => {
  const data = tinyData(5, 2, 2, 1);
  const rows = Array.from({ length: data.n }, (_, e) => Array.from(data.x.subarray(2 * e, 2 * e + 2)));
  for (const type of KINDS) {
    it(type, () => {
      const net = createMlp({ inputSize: 2, outputSize: 2, hidden: [3, 3], activation: "elu", init: "torch-default", seed: 6 });
      const sigmas = [0.3, 0.2, 0.25, 0.15];
      const noise: NoiseConfig = { type, sigma: sigmas, sites: ["input", "hidden", "output"] };
      const got = accumulatedNoise(net, data, { noise, seed: 9 });
      expect(got.sites.map((s) => s.site)).toEqual([0, 1, 2, 3]);
      const ref = reference(net, rows, type, sigmas, 9).diffs;
      let negatives = 0;
      got.sites.forEach((s, i) => {
        const width = i === 3 ? 2 : i === 0 ? 2 : 3;
        for (let e = 0; e < data.n; e++) {
          for (let j = 0; j < width; j++) {
            const a = s.values[e * width + j]!;
            const b = ref[e]![i]![j]!;
            expect(Math.abs(a - b), `${type} site ${i} example ${e} unit ${j}: ${a} vs reference ${b}`).toBeLessThan(2e-5 + 2e-4 * Math.abs(b));
          }
        }
      });
      // the training path (L̃_M, drawSiteEps + noisedOutputEps) against the same reference, M = 1
      const f = reference(net, rows, type, sigmas, 9, true).out;
      let mse = 0;
      f.forEach((o, e) => o.forEach((v, k) => (mse += (v - data.y[e * 2 + k]!) ** 2)));
      mse /= data.n * 2;
      expectClose(objective(net, data, { noise, loss: "mse", seed: 9 }).value, mse, { rel: 1e-4 }, { type });
      // the comparison has power for |h| vs h: some clean activations are negative
      for (const row of rows) negatives += row.filter((v) => v < 0).length;
      expect(negatives).toBeGreaterThan(0);
      net.dispose();
    });
  }

  it("heteroscedastic and exp-reg-mult: the same draws give σ|h|z and σhz, equal up to the sign of h", () => {
    const net = createMlp({ inputSize: 2, outputSize: 2, hidden: [3, 3], activation: "elu", init: "torch-default", seed: 6 });
    const one = (type: NoiseType) => accumulatedNoise(net, data, { noise: { type, sigma: [0.3, 0, 0] }, seed: 4 }).sites[0]!.values;
    const a = one("heteroscedastic");
    const b = one("exp-reg-mult");
    let flipped = 0;
    for (let k = 0; k < a.length; k++) {
      const sign = Math.sign(data.x[k]!);
      expect(a[k]).toBeCloseTo(sign * b[k]!, 6);
      if (sign < 0 && a[k] !== 0) flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    net.dispose();
  });
});

describe("closed forms: the variance of the noise injected at a site", () => {
  it("heteroscedastic kinds: Var(h̃ᵢⱼ − hᵢⱼ) = σ²hᵢⱼ² per unit (first noised site), Gaussian; additive: σ²", () => {
    const net = createMlp({ inputSize: 2, outputSize: 1, hidden: [6, 4], activation: "elu", init: "torch-default", seed: 3 });
    const data = tinyData(2, 2, 1, 5);
    const M = 4000;
    const sigma = 0.2;
    // clean activations of hidden site 1 (ELU: some negative)
    const acc0 = accumulatedNoise(net, data, { noise: { type: "additive", sigma: 0 }, M: 1 });
    expect(acc0.sites[1]!.values.every((v) => v === 0)).toBe(true);
    const W = net.getWeights();
    const h1 = Array.from({ length: 2 }, (_, e) => Array.from({ length: 6 }, (_, k) => elu(W[1]![k]! + data.x[2 * e]! * W[0]![k]! + data.x[2 * e + 1]! * W[0]![6 + k]!)));
    for (const type of ["heteroscedastic", "exp-reg-mult", "additive", "multiplicative"] as const) {
      const r = accumulatedNoise(net, data, { noise: { type, sigma: [0, sigma, 0], sites: ["hidden"] }, M, seed: 12 });
      const v = r.sites[1]!.values; // draw-major: [M, n, 6]
      for (let e = 0; e < 2; e++) {
        for (let j = 0; j < 6; j++) {
          const xs: number[] = [];
          for (let m = 0; m < M; m++) xs.push(v[(m * 2 + e) * 6 + j]!);
          const sd = type === "additive" ? sigma : sigma * Math.abs(h1[e]![j]!);
          const variance = xs.reduce((a, t) => a + t * t, 0) / M; // mean 0
          expect(Math.abs(variance / (sd * sd) - 1), `${type} e${e} j${j}: variance ${variance}, closed form ${sd * sd}`).toBeLessThan(4 * Math.sqrt(2 / M));
          if (e === 0 && j < 2) expect(ksTest(Float64Array.from(xs), (t) => normalCdf(t / sd)).pValue, `${type} e${e} j${j}: KS N(0, σ²h²)`).toBeGreaterThan(0.001);
        }
      }
    }
    net.dispose();
  });
});

describe("the objective, its gradient, ∇E_L and R with the new kinds", () => {
  it("∇L̃_M agrees with finite differences (the scale σh(w) is differentiated too)", () => {
    const data = tinyData(6, 2, 2, 2);
    for (const type of ["heteroscedastic", "exp-reg-mult"] as const) {
      const net = createMlp({ inputSize: 2, outputSize: 2, hidden: [4, 3], activation: "elu", init: "torch-default", seed: 8 });
      const noise: NoiseConfig = { type, sigma: 0.4, sites: ["input", "hidden", "output"] };
      const opts = { noise, loss: "mse" as const, M: 3, seed: 21 };
      const g = objectiveGradients(net, data, opts);
      const w0 = net.getWeights();
      for (const [v, idx] of [[0, 1], [2, 5], [4, 2], [1, 3]] as const) {
        const h = 1e-2;
        const at = (d: number) => {
          const w = w0.map((a) => Float32Array.from(a));
          w[v]![idx] += d;
          net.setWeights(w);
          return objective(net, data, opts).value;
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        expectClose(g.grads[v]![idx]!, fd, { abs: 2e-3, rel: 2e-2 }, { type, v, idx });
      }
      net.setWeights(w0);
      net.dispose();
    }
  });

  it("R at the last hidden site equals the multiplicative R (σ²h² per unit) and Monte Carlo, and is exact at the output for MSE", () => {
    const data = tinyData(40, 2, 2, 3);
    const net = createMlp({ inputSize: 2, outputSize: 2, hidden: [8, 6], activation: "elu", init: "torch-default", seed: 4 });
    const base = explicitRegularizer(net, data, { noise: { type: "multiplicative", sigma: [0, 0, 0.1] }, loss: "mse" });
    for (const type of ["heteroscedastic", "exp-reg-mult"] as const) {
      const noise: NoiseConfig = { type, sigma: [0, 0, 0.1] };
      const R = explicitRegularizer(net, data, { noise, loss: "mse" });
      expectClose(R.value, base.value, { rel: 1e-6 }, { type });
      const mc = explicitRegularizerMC(net, data, { noise, loss: "mse", samples: 2000, seed: 5 });
      expect(Math.abs(mc.value - R.value), `${type}: MC ${mc.value} ± ${mc.standardError}, R ${R.value}`).toBeLessThan(4 * mc.standardError + 0.02 * R.value);
      expect(mc.standardError).toBeLessThan(0.1 * R.value);
    }
    // output site, heteroscedastic: E[ΔL] = (σ²/K) Σ_k E_x f_k² exactly for MSE (K = 2 outputs)
    const outOnly: NoiseConfig = { type: "heteroscedastic", sigma: 0.1, sites: ["output"] };
    const R = explicitRegularizer(net, data, { noise: outOnly, loss: "mse" });
    expect(R.perSite.length).toBe(4);
    const f = accumulatedNoise(net, data, { noise: { type: "additive", sigma: 0 } }); // sanity: runs with every σ = 0
    expect(f.sites.length).toBe(3);
    const mc = explicitRegularizerMC(net, data, { noise: outOnly, loss: "mse", samples: 2000, seed: 6 });
    expect(Math.abs(mc.value - R.value)).toBeLessThan(4 * mc.standardError + 1e-6);
    net.dispose();
  });

  it("∇E_L and training run with each kind (finite, one entry per layer)", () => {
    const data = tinyData(16, 2, 1, 7);
    for (const type of KINDS) {
      const net = createMlp({ inputSize: 2, outputSize: 1, hidden: [8, 8], activation: "relu", init: "torch-default", bias: false, seed: 2 });
      const noise: NoiseConfig = { type, sigma: 0.1, sites: ["input", "hidden", "output"] };
      const g = implicitGradientNoise(net, data, { noise, loss: "mse", mRef: 8, seed: 1 });
      expect(g.layers.map((l) => l.layer)).toEqual(["dense1", "dense2", "dense3"]);
      expect(g.layers.every((l) => l.bias === null && l.weight.every(Number.isFinite))).toBe(true);
      const run = train(net, data, { noise, loss: "mse", M: 2, learningRate: 0.01, steps: 3, seed: 3 });
      expect(run.objective.every(Number.isFinite)).toBe(true);
      const rmode = objective(net, data, { noise, loss: "mse", mode: "explicit" });
      expect(Number.isFinite(rmode.value)).toBe(true);
      net.dispose();
    }
  });

  it("no tensor leaks (tf.memory()) with the new kinds, sites, init and saved weights", () => {
    const data = tinyData(16, 2, 1, 9);
    const count = () => tf.memory().numTensors;
    const start = count();
    const net = createMlp({ inputSize: 2, outputSize: 1, hidden: [8, 8], activation: "elu", init: "torch-default", seed: 2 });
    const copy = createMlp({ inputSize: 2, outputSize: 1, hidden: [8, 8], activation: "elu", weights: exportWeights(net) });
    copy.dispose();
    const withNet = count();
    for (const type of ["heteroscedastic", "exp-reg-mult"] as const) {
      const noise: NoiseConfig = { type, sigma: 0.1, sites: ["input", "hidden", "output"] };
      objective(net, data, { noise, M: 5, chunk: 2, loss: "mse" });
      objectiveGradients(net, data, { noise, M: 5, chunk: 2, loss: "mse" });
      implicitGradientNoise(net, data, { noise, loss: "mse", mRef: 8, chunk: 3 });
      accumulatedNoise(net, data, { noise, M: 2 });
      explicitRegularizer(net, data, { noise, loss: "mse" });
      explicitRegularizerMC(net, data, { noise, loss: "mse", samples: 4 });
      objective(net, data, { noise, loss: "mse", mode: "explicit" });
      expect(count()).toBe(withNet);
      const trainer = createTrainer(net, data, { noise, M: 3, loss: "mse", learningRate: 0.01, evalEvery: 2 });
      trainer.step();
      const during = count();
      for (let i = 0; i < 3; i++) trainer.step();
      expect(count()).toBe(during);
      trainer.dispose();
    }
    net.dispose();
    expect(count()).toBe(start);
  });
});
