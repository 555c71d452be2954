/**
 * The claim checks of Figs 2, A.1–A.4 and D.1 on constructed inputs: each must pass where the claim holds beyond
 * replication noise and fail where it does not (in particular where an i.i.d. standard error, or a mean without
 * its spread, would have passed it). And D.1's exact linear part against finite differences of @heavytails/gni's
 * gradients, its noise-free pass against gni's clean gradient.
 */
import { createMlp, objectiveGradients, sinusoids, type NoiseType } from "@heavytails/gni";
import { createRng, type Rng } from "@heavytails/stable";
import { beforeAll, describe, expect, it } from "vitest";
import { decideFits } from "../src/figures/a4.js";
import { aboveBeyondNoise, withinBand } from "../src/figures/forward-noise.js";
import { decideLayer, type LayerDraw } from "../src/figures/gradient-noise.js";
import {
  cleanPass, gaussianKurtosisNull, gaussianPerWeightKurtosis, jackknife, layerVerdict, linearPart, type MlpWeights, perWeightStats,
  PowerSums, scaleMixtureClaim, standardisedKurtosis,
} from "../src/figures/scale-mixture.js";
import { tfjsBackend } from "../src/tfjs.js";

const N = 65_536; // entries of a 256 × 256 layer
const layer = (skews: number[], kurts: number[], lls: number[]): LayerDraw[] => skews.map((s, i) => ({ n: N, skewness: s, kurtosis: kurts[i]!, logLikPerSample: lls[i]! }));

describe("Figs 2 / A.3: a layer's claim from independent ∇E_L draws", () => {
  it("passes a consistently skewed, heavy, Cauchy-like layer", () => {
    const d = decideLayer(layer([0.31, 0.28, 0.35, 0.3, 0.29, 0.33], [8, 9, 7.5, 8.2, 10, 7.9], [0.05, 0.04, 0.06, 0.05, 0.045, 0.055]));
    expect(d).toMatchObject({ skewed: true, heavy: true, cauchy: true, ok: true });
  });

  it("a zero-mean skewness whose every draw exceeds 3·√(6/n) is not 'skewed'", () => {
    // each |skew| > 3·√(6/65536) = 0.0287 (the i.i.d. rule called each draw skewed); mean 0.0008, s.e. 0.019
    const skews = [0.05, -0.04, 0.06, -0.05, 0.035, -0.05];
    for (const s of skews) expect(Math.abs(s)).toBeGreaterThan(3 * Math.sqrt(6 / N));
    const d = decideLayer(layer(skews, [8, 9, 7.5, 8.2, 10, 7.9], [0.05, 0.04, 0.06, 0.05, 0.045, 0.055]));
    expect(d.skewed).toBe(false);
    expect(d.ok).toBe(false);
    expect(d.heavy).toBe(true);
    // mean 0.02: beyond an i.i.d. s.e. of the mean (√(6/n)/√6 = 0.0039) but not beyond the draws' own (0.022)
    expect(decideLayer(layer([0.07, -0.03, 0.08, -0.02, 0.06, -0.04], [8, 9, 7.5, 8.2, 10, 7.9], [0.05, 0.04, 0.06, 0.05, 0.045, 0.055])).skewed).toBe(false);
  });

  it("kurtosis and the Cauchy-vs-normal gain must be positive beyond the draws' spread, not on average only", () => {
    const d = decideLayer(layer([0.31, 0.28, 0.35, 0.3, 0.29, 0.33], [2, -1.5, 3, -1, 1.8, -1.2], [0.02, -0.03, 0.04, -0.02, 0.01, -0.01]));
    expect(d.heavy).toBe(false); // mean 0.35, s.e. 0.78
    expect(d.cauchy).toBe(false); // mean 0.0017
  });
});

describe("Figs A.1 / A.2: site kurtosis against a threshold over seeds", () => {
  it("Gaussian-like only when the whole 95% interval is inside ±1", () => {
    expect(withinBand([0.1, -0.1, 0.05, 0.0, -0.05], 1)).toBe(true);
    // mean 0.74 < 1 (the version-1 rule passed it), but s.e. 0.24 with t(4) = 2.78
    expect(withinBand([0.9, 0.2, 1.5, 0.3, 0.8], 1)).toBe(false);
    expect(withinBand([-0.7, -1.2, -0.9, -0.4, -0.8], 1)).toBe(false);
  });

  it("heavier than the threshold only beyond noise", () => {
    expect(aboveBeyondNoise([6, 5.5, 6.3, 5.9, 6.1], 1)).toBe(true);
    // mean 1.1 > 1 (version 1 passed it), s.e. 0.27
    expect(aboveBeyondNoise([1.8, 0.4, 1.2, 0.5, 1.6], 1)).toBe(false);
  });
});

describe("Fig. A.4: fitted α and |β| over seeds", () => {
  it("passes clearly heavy, clearly skewed fits (signs of β may differ between networks)", () => {
    expect(decideFits([1.6, 1.7, 1.65, 1.62], [0.3, -0.4, 0.35, -0.3], 1.95, 0.05)).toEqual({ heavy: true, skewed: true, ok: true });
  });

  it("fails means that cross the margin without clearing the seeds' spread", () => {
    // mean α 1.935 < 1.95 and mean |β| 0.065 > 0.05: version 2 passed both
    const d = decideFits([1.9, 1.99, 1.85, 2.0], [0.02, -0.15, 0.01, 0.08], 1.95, 0.05);
    expect(d).toEqual({ heavy: false, skewed: false, ok: false });
  });
});

/** Power sums per group for a [draws × weights] generator. */
function groupsOf(draws: number, groups: number, weights: number, value: (d: number, j: number) => number): PowerSums[] {
  const gs = Array.from({ length: groups }, () => new PowerSums(weights));
  const row = new Float64Array(weights);
  for (let d = 0; d < draws; d++) {
    for (let j = 0; j < weights; j++) row[j] = value(d, j);
    gs[Math.floor((d * groups) / draws)]!.add(row);
  }
  return gs;
}

function kurt(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]! / xs.length;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < xs.length; i++) { const e = (xs[i]! - m) ** 2; m2 += e / xs.length; m4 += (e * e) / xs.length; }
  return m4 / (m2 * m2) - 3;
}

/** A layer: per-weight scales s_j (log-normal, τ = 0.6) times per-draw noise from `draw`, as D.1's evidence. */
function evidence(seed: number, draw: (rng: Rng) => number, tau = 0.6) {
  const rng = createRng(seed);
  const W = 2000, D = 128;
  const scale = Float64Array.from({ length: W }, () => Math.exp(tau * rng.normal()));
  const values = new Float64Array(D * W);
  for (let i = 0; i < values.length; i++) values[i] = scale[i % W]! * draw(rng);
  const groups = groupsOf(D, 8, W, (d, j) => values[d * W + j]!);
  const rawKurtosisPerDraw = Array.from({ length: D }, (_, d) => kurt(values.subarray(d * W, (d + 1) * W)));
  return { groups, rawKurtosisPerDraw, standardised: standardisedKurtosis(groups) };
}

const gaussian = (r: Rng) => r.normal();
const laplace = (r: Rng) => (r.uniform() < 0.5 ? -1 : 1) * r.exponential();

describe("Fig. D.1: per-weight standardisation, jackknife and the verdicts", () => {
  it("a Gaussian scale mixture is heavy across weights, and its tail vanishes after per-weight standardisation", () => {
    const e = evidence(1, gaussian);
    const rawMean = e.rawKurtosisPerDraw.reduce((s, v) => s + v, 0) / e.rawKurtosisPerDraw.length;
    expect(rawMean).toBeGreaterThan(3); // 3·e^{4τ²} − 3 ≈ 4.2
    expect(Math.abs(e.standardised.estimate)).toBeLessThan(0.2);
    expect(layerVerdict(e, 1)).toBe("vanishes");
  });

  it("a scale mixture of Laplace laws (per-weight kurtosis 3) persists after standardisation", () => {
    const e = evidence(2, laplace);
    expect(e.standardised.estimate).toBeGreaterThan(2);
    expect(layerVerdict(e, 1)).toBe("persists");
  });

  it("equal-scale Gaussian noise is 'not heavy-tailed' and stays out of the claim", () => {
    expect(layerVerdict(evidence(3, gaussian, 0), 1)).toBe("not heavy-tailed");
  });

  it("an estimate inside the margin whose jackknife interval is not is 'undecided'", () => {
    const raw = Array.from({ length: 64 }, (_, i) => 5 + (i % 3));
    expect(layerVerdict({ rawKurtosisPerDraw: raw, standardised: { estimate: 0.5, se: 0.4, groups: 8, t: 2.3646 } }, 1)).toBe("undecided");
    expect(layerVerdict({ rawKurtosisPerDraw: raw, standardised: { estimate: 0.5, se: 0.1, groups: 8, t: 2.3646 } }, 1)).toBe("vanishes");
    expect(layerVerdict({ rawKurtosisPerDraw: raw, standardised: { estimate: 1.5, se: 0.1, groups: 8, t: 2.3646 } }, 1)).toBe("persists");
  });

  it("the claim needs the expected verdict in every heavy-tailed layer, and at least one such layer", () => {
    expect(scaleMixtureClaim(["vanishes", "vanishes", "not heavy-tailed"], "vanishes")).toBe(true);
    expect(scaleMixtureClaim(["vanishes", "undecided"], "vanishes")).toBe(false);
    expect(scaleMixtureClaim(["persists", "vanishes"], "persists")).toBe(false);
    expect(scaleMixtureClaim(["not heavy-tailed", "not heavy-tailed"], "vanishes")).toBe(false);
  });

  it("per-weight statistics match a direct computation, and dead weights are left out", () => {
    const rng = createRng(4);
    const D = 40, W = 7;
    const v = Array.from({ length: D }, () => Array.from({ length: W }, (_, j) => (j === 3 ? 0 : 10 + (j + 1) * rng.normal())));
    const s = perWeightStats(groupsOf(D, 4, W, (d, j) => v[d]![j]!));
    expect(s.excluded).toBe(1);
    expect(s.used).toBe(6);
    const direct = [0, 1, 2, 4, 5, 6].map((j) => kurt(v.map((r) => r[j]!)));
    direct.forEach((k, i) => expect(s.kurtosis[i]).toBeCloseTo(k, 9));
    expect(s.pooledKurtosis).toBeCloseTo(direct.reduce((a, b) => a + b, 0) / 6, 9);
  });

  it("the Gaussian null −6/(n + 1) of the biased sample kurtosis", () => {
    const rng = createRng(5);
    const k = gaussianPerWeightKurtosis(32, 40_000, () => rng.normal());
    const m = k.reduce((s, v) => s + v, 0) / k.length;
    const sd = Math.sqrt(k.reduce((s, v) => s + (v - m) ** 2, 0) / (k.length - 1));
    expect(Math.abs(m - gaussianKurtosisNull(32))).toBeLessThan(3 * (sd / Math.sqrt(k.length)));
  });

  it("the delete-a-group jackknife of a mean is the s.d. of the group means / √G", () => {
    const groupMeans = [1.2, 0.7, 1.5, 0.9, 1.1, 0.6];
    const G = groupMeans.length;
    const all = groupMeans.reduce((s, v) => s + v, 0) / G;
    const leave = groupMeans.map((_, g) => (all * G - groupMeans[g]!) / (G - 1));
    const sd = Math.sqrt(groupMeans.reduce((s, v) => s + (v - all) ** 2, 0) / (G - 1));
    expect(jackknife(all, leave).se).toBeCloseTo(sd / Math.sqrt(G), 12);
  });
});

/** Replays one draw z (or −z) to gni's noise sampler: the noise of a call is σ·z at every site. */
function replay(z: Float64Array, sign: number): Rng {
  let pos = 0;
  return { fillNormal(out: Float64Array) { for (let i = 0; i < out.length; i++) out[i] = sign * z[pos + i]!; pos += out.length; return out; } } as unknown as Rng;
}

describe("Fig. D.1: the exact linear part against @heavytails/gni", () => {
  beforeAll(async () => { await tfjsBackend(); });

  it.each(["additive", "multiplicative"] as NoiseType[])("%s: noise-free pass = gni's clean gradient; linear part = central difference of gni's gradients", (type) => {
    const data = sinusoids({ n: 12, seed: 3, points: "uniform" }); // x > 0: no pre-activation sits exactly at a kink
    const hidden = [8, 8, 8];
    const sizes = [1, ...hidden, 1];
    const net = createMlp({ inputSize: 1, outputSize: 1, hidden, activation: "relu", seed: 11 });
    try {
      const all = net.getWeights();
      const w: MlpWeights = { sizes, weights: [], biases: [] };
      for (let i = 0; i < all.length; i += 2) { w.weights.push(Float64Array.from(all[i]!)); w.biases.push(Float64Array.from(all[i + 1]!)); }
      const weightsOnly = (g: Float32Array[]) => g.filter((_, i) => i % 2 === 0);
      const p = cleanPass(w, data.x, data.y, type);
      const g0 = weightsOnly(objectiveGradients(net, data, { noise: { type, sigma: 0 }, loss: "mse", rng: createRng(1) }).grads);
      p.grads.forEach((G, l) => G.forEach((v, j) => expect(Math.abs(v - g0[l]![j]!)).toBeLessThan(1e-6 * (1 + Math.abs(v)))));
      const sigma = 0.3;
      const z = createRng(5).fillNormal(new Float64Array(data.n * sizes.slice(0, -1).reduce((a, b) => a + b, 0)));
      const u: Float64Array[] = [];
      let off = 0;
      for (const width of sizes.slice(0, -1)) { u.push(Float64Array.from(z.subarray(off, off + data.n * width), (v) => v * sigma)); off += data.n * width; }
      const lin = linearPart(w, p, u);
      const h = 1e-3; // small enough that ±hσz crosses no ReLU kink of this 12-example net; the gradient is then a polynomial in ε
      const gp = weightsOnly(objectiveGradients(net, data, { noise: { type, sigma: h * sigma }, loss: "mse", rng: replay(z, 1) }).grads);
      const gm = weightsOnly(objectiveGradients(net, data, { noise: { type, sigma: h * sigma }, loss: "mse", rng: replay(z, -1) }).grads);
      lin.forEach((G, l) => {
        let num = 0, den = 0;
        G.forEach((v, j) => { const fd = (gp[l]![j]! - gm[l]![j]!) / (2 * h); num += (v - fd) ** 2; den += v * v; });
        expect(Math.sqrt(num / den), `layer ${l + 1}`).toBeLessThan(2e-3); // float32 cancellation ~1e-4
      });
    } finally {
      net.dispose();
    }
  });

  it.each(["additive", "multiplicative"] as NoiseType[])("%s with the output site noised (the authors' Fig. 2 sites) and PyTorch-default init, 3-d input and output: linear part = central difference", (type) => {
    const n = 10, din = 3, dout = 3;
    const hidden = [8, 8, 8];
    const sizes = [din, ...hidden, dout];
    const rng0 = createRng(21);
    const x = Float32Array.from({ length: n * din }, () => 0.5 + rng0.uniform());
    const y = Float32Array.from({ length: n * dout }, () => rng0.normal());
    const data = { x, y, n, inputShape: [din], targetSize: dout };
    const net = createMlp({ inputSize: din, outputSize: dout, hidden, activation: "relu", init: "torch-default", seed: 12 });
    try {
      const all = net.getWeights();
      const w: MlpWeights = { sizes, weights: [], biases: [] };
      for (let i = 0; i < all.length; i += 2) { w.weights.push(Float64Array.from(all[i]!)); w.biases.push(Float64Array.from(all[i + 1]!)); }
      const weightsOnly = (g: Float32Array[]) => g.filter((_, i) => i % 2 === 0);
      const p = cleanPass(w, data.x, data.y, type);
      const sites = ["input", "hidden", "output"] as const;
      const sigma = 0.3;
      const z = createRng(6).fillNormal(new Float64Array(n * sizes.reduce((a, b) => a + b, 0)));
      const u: Float64Array[] = [];
      let off = 0;
      for (const width of sizes) { u.push(Float64Array.from(z.subarray(off, off + n * width), (v) => v * sigma)); off += n * width; }
      const lin = linearPart(w, p, u);
      const h = 1e-3;
      const gp = weightsOnly(objectiveGradients(net, data, { noise: { type, sigma: h * sigma, sites: [...sites] }, loss: "mse", rng: replay(z, 1) }).grads);
      const gm = weightsOnly(objectiveGradients(net, data, { noise: { type, sigma: h * sigma, sites: [...sites] }, loss: "mse", rng: replay(z, -1) }).grads);
      // without the output term the linear part is measurably different (the check can fail)
      const linNoOut = linearPart(w, p, u.slice(0, -1));
      let diffOut = 0, scaleOut = 0;
      lin.forEach((G, l) => {
        let num = 0, den = 0;
        G.forEach((v, j) => { const fd = (gp[l]![j]! - gm[l]![j]!) / (2 * h); num += (v - fd) ** 2; den += v * v; diffOut += (v - linNoOut[l]![j]!) ** 2; scaleOut += v * v; });
        expect(Math.sqrt(num / den), `layer ${l + 1}`).toBeLessThan(3e-3);
      });
      expect(Math.sqrt(diffOut / scaleOut)).toBeGreaterThan(1e-2);
    } finally {
      net.dispose();
    }
  });
});
