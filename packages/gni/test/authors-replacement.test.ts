/**
 * The Fig 4 replacement as the authors' code did it (InjectingStableNoise.ipynb cells 6–7, PyLevy 1.0):
 * the fit (centred, zeros kept, S0 with μ₀ = 0, α ∈ [0.5, 2], σ ∈ [1e-6, 1e10]) against a direct call of
 * @heavytails/stable's fit on the transformed data; draws in S0 against S1 (KS); weights only (bias updates
 * bit-identical to a run without replacement); the bounds; a short training run under protocol 'authors'.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cdf, createRng, fit, ksTest, logpdf, sample } from "@heavytails/stable";
import { expectClose } from "@heavytails/test-utils";
import { createMlp, createTrainer, fitNoiseLaw, GRADIENT_NOISE_PROTOCOLS, sampleNoiseLaw, sinusoids, train, type Network } from "../src/index.js";
import { useBackend } from "./helpers.js";

beforeAll(async () => {
  await useBackend();
});

const AUTHORS_FIT = { centre: true, keepZeros: true, parameterization: "S0", maxSamples: Infinity } as const;

/** 360 S0 draws shifted by 0.7 (so centring matters), then 40 exact zeros (so keeping them matters). */
function gradientLike(zeros = 40): Float64Array {
  const x = new Float64Array(360 + zeros);
  x.set(sample(360, { alpha: 1.6, beta: 0.6, scale: 0.5, loc: 0.7, parameterization: "S0" }, createRng(11)));
  return x;
}

const meanOf = (x: ArrayLike<number>): number => Array.from(x).reduce((a, v) => a + v, 0) / x.length;
/** Σ log f(x_i) of S_α(σ, β, 0) in S0, by stable's logpdf. */
const logLik = (x: Float64Array, l: { alpha: number; beta: number; scale: number }): number =>
  logpdf(x, { alpha: l.alpha, beta: l.beta, scale: l.scale, loc: 0, parameterization: "S0" }).reduce((a, v) => a + v, 0);

describe("fitNoiseLaw with the authors' switches (cell 7, fit_levy_custom / estimate_all_params)", () => {
  it("centre + S0, no ties: exactly stable's fit of x − mean(x) with μ₀ = 0", () => {
    const x = gradientLike(0);
    const mean = meanOf(x);
    const direct = fit(x.map((v) => v - mean), { parameterization: "S0", fix: { loc: 0 } });
    const law = fitNoiseLaw("x", x, { ...AUTHORS_FIT, rng: createRng(1) });
    expect(law).toEqual({ alpha: direct.alpha, beta: direct.beta, scale: direct.scale, samples: 360, parameterization: "S0", zeros: 0, centredBy: mean });
    // S1 with μ₁ = 0 is another law when β̂ ≠ 0 (here a different estimate), so the equality above pins S0
    const s1 = fit(x.map((v) => v - mean), { parameterization: "S1", fix: { loc: 0 } });
    expect(Math.abs(s1.scale - direct.scale) + Math.abs(s1.beta - direct.beta)).toBeGreaterThan(1e-3);
  });

  it("keepZeros: all 400 entries enter (40 zeros), centred over all; likelihood ≥ stable's fit of the same data", () => {
    const x = gradientLike(40);
    const mean = meanOf(x);
    const xc = x.map((v) => v - mean);
    const direct = fit(xc, { parameterization: "S0", fix: { loc: 0 } });
    const law = fitNoiseLaw("x", x, { ...AUTHORS_FIT, alphaBounds: [0.5, 2], rng: createRng(1) });
    expect(law).toMatchObject({ samples: 400, zeros: 40, centredBy: mean, parameterization: "S0" });
    // with tied entries stable's Newton search can stop short (here α̂ = 2); the polish must never do worse
    expect(logLik(xc, law)).toBeGreaterThanOrEqual(logLik(xc, direct) - 1e-6);
    expect(law.alpha).toBeGreaterThanOrEqual(0.5);
  });

  it("over half the entries tied (McCulloch cannot start stable's fit): a Nelder–Mead maximum inside the bounds", () => {
    const x = new Float64Array(200);
    x.set(sample(80, { alpha: 1.5, beta: 0, scale: 1, parameterization: "S0" }, createRng(12)));
    const xc = x.map((v) => v - meanOf(x));
    const law = fitNoiseLaw("x", x, { ...AUTHORS_FIT, alphaBounds: [0.5, 2], scaleBounds: [1e-6, 1e10], rng: createRng(1) });
    expect(law.tiedFit).toBe(true);
    expect(law.samples).toBe(200);
    expect(law.alpha).toBeGreaterThanOrEqual(0.5);
    // a local maximum: no nearby point inside the bounds is better
    const best = logLik(xc, law);
    for (const [da, db, ds] of [[0.05, 0, 1], [-0.05, 0, 1], [0, 0.05, 1], [0, -0.05, 1], [0, 0, 1.1], [0, 0, 0.9]] as const) {
      const a = law.alpha + da;
      const b = law.beta + db;
      if (a < 0.5 || a > 2 || b < -1 || b > 1) continue;
      expect(logLik(xc, { alpha: a, beta: b, scale: law.scale * ds })).toBeLessThanOrEqual(best + 1e-6);
    }
  });

  it("Gaussian path (their α = 2 call cannot run: x0 of length 3 for 2 free parameters): the same fit with α = 2", () => {
    const x = gradientLike();
    const mean = meanOf(x);
    const law = fitNoiseLaw("x", x, { ...AUTHORS_FIT, distribution: "gaussian", rng: createRng(1) });
    // S_2(σ, ·, 0) = N(0, 2σ²): σ̂² = mean((x − x̄)²)/2 over all 400 entries
    const ss = x.reduce((a, v) => a + (v - mean) ** 2, 0);
    expect(law.samples).toBe(400);
    expect(law.alpha).toBe(2);
    expectClose(law.scale, Math.sqrt(ss / 400 / 2), { rel: 1e-12 });
    // the same number from stable's likelihood maximiser with α held at 2
    expectClose(law.scale, fit(x.map((v) => v - mean), { parameterization: "S0", fix: { loc: 0, alpha: 2 } }).scale, { rel: 1e-3 });
  });
});

describe("α and σ bounds (cell 7: par_bounds, L-BFGS-B with α ∈ [0.5, 2], σ ∈ [1e-6, 1e10])", () => {
  it("α below the lower bound: held there, β and σ refitted (stable's fit with α at the bound)", () => {
    // [1.2, 2] rather than the authors' [0.5, 2]: the same code path, and fits at α near 0.3 are slow
    const x = sample(200, { alpha: 0.9, beta: 0.2, scale: 1, parameterization: "S0" }, createRng(5));
    const free = fitNoiseLaw("x", x, { parameterization: "S0", rng: createRng(1) });
    expect(free.alpha).toBeLessThan(1.1);
    const law = fitNoiseLaw("x", x, { parameterization: "S0", alphaBounds: [1.2, 2], rng: createRng(1) });
    const held = fit(x, { parameterization: "S0", fix: { loc: 0, alpha: 1.2 } });
    expect(law).toEqual({ alpha: 1.2, beta: held.beta, scale: held.scale, samples: 200, parameterization: "S0", alphaAtBound: "lower", unboundedAlpha: free.alpha });
  });

  it("α above an upper bound: held there; α inside the bounds: the unrestricted fit, untouched", () => {
    const x = sample(300, { alpha: 1.9, beta: 0, scale: 1, parameterization: "S0" }, createRng(6));
    const free = fitNoiseLaw("x", x, { parameterization: "S0", rng: createRng(1) });
    expect(free.alpha).toBeGreaterThan(1.6);
    const upper = fitNoiseLaw("x", x, { parameterization: "S0", alphaBounds: [0.5, 1.5], rng: createRng(1) });
    expect(upper.alpha).toBe(1.5);
    expect(upper.alphaAtBound).toBe("upper");
    const inside = fitNoiseLaw("x", x, { parameterization: "S0", alphaBounds: [0.5, 2], rng: createRng(1) });
    expect([inside.alpha, inside.beta, inside.scale]).toEqual([free.alpha, free.beta, free.scale]);
  });

  it("σ below its lower bound: held at 1e-6 (gradients are fitted raw, so PyLevy's bound is in their units)", () => {
    const x = sample(200, { alpha: 1.7, beta: 0, scale: 1e-8, parameterization: "S0" }, createRng(7));
    const law = fitNoiseLaw("x", x, { parameterization: "S0", scaleBounds: [1e-6, 1e10], rng: createRng(1) });
    expect(law.scale).toBe(1e-6);
    expect(law.scaleAtBound).toBe("lower");
    expect(law.unboundedScale).toBeLessThan(1e-7);
  });

  it("bad bounds are RangeErrors naming the option", () => {
    for (const b of [[0.05, 2], [1.5, 1], [0.5, 2.5], [0.5]] as never[]) {
      expect(() => fitNoiseLaw("x", [1, 2, 3], { alphaBounds: b, rng: createRng(1) })).toThrow(/alphaBounds/);
    }
    expect(() => fitNoiseLaw("x", [1, 2, 3], { scaleBounds: [0, 1], rng: createRng(1) })).toThrow(/scaleBounds/);
    expect(() => createTrainer(createMlp({ inputSize: 1, outputSize: 1, hidden: [4] }), sinusoids({ n: 8 }), { noise: { type: "additive", sigma: 0.1 }, loss: "mse", learningRate: 0.1, gradientNoise: { distribution: "stable", protocol: "theirs" as never } })).toThrow(/gradientNoise.protocol/);
  });
});

describe("draws: S0 (PyLevy's s·levy.random(a, b)) are not S1 draws with μ = 0 when β ≠ 0", () => {
  const law = { alpha: 1.5, beta: 0.8, scale: 2 };
  // the two laws differ by a shift βσ tan(πα/2) = −1.6: KS on 2000 draws tells them apart at p ≪ 1e-6
  it("parameterization 'S0': KS against stable's S0 cdf passes, against the S1 cdf fails", () => {
    const d = sampleNoiseLaw({ ...law, parameterization: "S0" }, 2000, createRng(21));
    expect(ksTest(d, (v) => cdf(v, { ...law, parameterization: "S0" })).pValue).toBeGreaterThan(0.01);
    expect(ksTest(d, (v) => cdf(v, { ...law, parameterization: "S1" })).pValue).toBeLessThan(1e-6);
  });
  it("no parameterization (today's default) and 'S1': S1 draws", () => {
    for (const p of [undefined, "S1"] as const) {
      const d = sampleNoiseLaw({ ...law, ...(p ? { parameterization: p } : {}) }, 2000, createRng(22));
      expect(ksTest(d, (v) => cdf(v, { ...law, parameterization: "S1" })).pValue).toBeGreaterThan(0.01);
      expect(ksTest(d, (v) => cdf(v, { ...law, parameterization: "S0" })).pValue).toBeLessThan(1e-6);
    }
  });
});

describe("training under protocol 'authors' (cell 7, train_model with opt.alpha_sim)", () => {
  const data = sinusoids({ n: 32 });
  const noise = { type: "additive" as const, sigma: 0.1, sites: ["hidden"] as const };
  const makeNet = (width = 16): Network => createMlp({ inputSize: 1, outputSize: 1, hidden: [width, width], init: "torch-default", seed: 3 });

  it("weights only: every bias update is bit-identical to a run without replacement; weights get the draws", () => {
    // lr = 1: one step's difference of the two runs is exactly the added draws (up to float32 rounding)
    const opts = { noise, M: 16, loss: "mse" as const, learningRate: 1, seed: 9 };
    const plain = makeNet();
    const rep = makeNet();
    const w0 = plain.getWeights();
    const t1 = createTrainer(plain, data, opts);
    t1.step();
    t1.dispose();
    const t2 = createTrainer(rep, data, { ...opts, gradientNoise: { distribution: "stable", protocol: "authors", estimator: "quantile" } });
    const info = t2.step();
    t2.dispose();
    const a = plain.getWeights();
    const b = rep.getWeights();
    for (let l = 0; l < 3; l++) {
      // biases (variables 1, 3, 5): the same float32 bits
      expect(Array.from(b[2 * l + 1]!), `bias of layer ${l + 1}`).toEqual(Array.from(a[2 * l + 1]!));
      // weights: differ where the fitted law has σ > 0
      const fitL = info.fits![l]!;
      expect(fitL.samples, "all weight entries, no bias entries").toBe(w0[2 * l]!.length);
      if (fitL.scale > 0) expect(Array.from(b[2 * l]!)).not.toEqual(Array.from(a[2 * l]!));
    }
    // the hidden 16×16 layer's added noise, recovered, follows the fitted S0 law (KS)
    const f = info.fits![1]!;
    const added = a[2]!.map((v, i) => v - b[2]![i]!);
    expect(f.parameterization).toBe("S0");
    expect(ksTest(Float64Array.from(added), (v) => cdf(v, { alpha: f.alpha, beta: f.beta, scale: f.scale, parameterization: "S0" })).pValue).toBeGreaterThan(0.001);
    plain.dispose();
    rep.dispose();
  });

  it("a short MLE run: per layer all weight entries (zeros counted), centred, S0, α ∈ [0.5, 2], σ ≥ 1e-6", () => {
    expect(GRADIENT_NOISE_PROTOCOLS.authors).toMatchObject({ weightsOnly: true, centre: true, keepZeros: true, parameterization: "S0", alphaBounds: [0.5, 2] });
    const net = makeNet(12);
    const sizes = net.getWeights().filter((_, i) => i % 2 === 0).map((w) => w.length);
    const res = train(net, data, { noise, M: 16, loss: "mse", learningRate: 3e-4, steps: 2, seed: 4, evalEvery: 2, gradientNoise: { distribution: "stable", protocol: "authors" } });
    for (const s of res.steps) {
      expect(s.fits!.map((f) => f.samples)).toEqual(sizes);
      for (const f of s.fits!) {
        expect(f.parameterization).toBe("S0");
        expect(f.zeros).toBeGreaterThanOrEqual(0);
        expect(f.alpha).toBeGreaterThanOrEqual(0.5);
        expect(f.alpha).toBeLessThanOrEqual(2);
        // scale 0: fewer than MIN_FIT_SAMPLES non-zero entries (a layer of dead units), no law and no draws
        if (f.scale > 0) {
          expect(typeof f.centredBy).toBe("number");
          expect(f.scale).toBeGreaterThanOrEqual(1e-6);
        }
      }
    }
    expect(Number.isFinite(res.steps[1]!.loss)).toBe(true);
    net.dispose();
  }, 240_000);
});
