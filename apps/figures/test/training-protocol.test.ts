/** Figs 4 and 5 under each protocol: the authors' settings as their notebooks have them, the paper's input-noise default, and the variant that learns. */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "@heavytails/gni";
import { fig4 } from "../src/figures/fig4.js";
import { fig5 } from "../src/figures/fig5.js";
import { authorsSinusoidPanel, learningSinusoidPanel, panelDataset, sinusoidPanel, targetVariance, trainOne, type TrainPanelConfig } from "../src/figures/training.js";

beforeAll(async () => {
  await selectBackend();
});

describe("Figure 5 configuration per protocol", () => {
  it("authors: ImplicitEffectMarginal.ipynb's networks, noise, optimiser and M (paper preset = their scale)", () => {
    const cfg = fig5.config({ preset: "paper", protocol: "authors" });
    expect(cfg.protocol).toBe("authors");
    expect(cfg.M).toEqual([1, 2, 4, 8, 16]); // cells 17–21
    const [sin, mnist, learns] = cfg.panels as [TrainPanelConfig, TrainPanelConfig, TrainPanelConfig];
    expect(sin).toMatchObject({
      hidden: [256, 256, 256, 256, 256, 256], activation: "relu", loss: "mse", init: "torch-default", // cells 5, 12
      noise: { type: "multiplicative", sigma: 0.1, sites: ["hidden"] }, // cells 6, 17–21
      learningRate: 3e-4, steps: 60_000, evalEvery: 100, // cells 7, 12
      data: { kind: "sinusoids", points: 200, phasesPerSeed: true }, // cells 3, 12, 14
    });
    expect(mnist).toMatchObject({
      hidden: [32], activation: "relu", loss: "cross-entropy", init: "torch-default",
      noise: { type: "multiplicative", sigma: 0.1, sites: ["hidden"] },
      learningRate: 3e-4, steps: 60_000, data: { kind: "mnist", examples: 500, rawPixels: true }, // cell 24
    });
    expect(learns.name).toBe("sinusoids-learns");
    expect(learns.noise).toEqual(sin.noise);
    expect(cfg.seeds).toHaveLength(5);
    expect(cfg.lrSweep?.learningRates).toContain(3e-4);
  });

  it("paper: the paper's panels, input noise off unless asked for, and the learning variant beside them", () => {
    const cfg = fig5.config({ preset: "quick", protocol: "paper" });
    const [sin, , learns] = cfg.panels as [TrainPanelConfig, TrainPanelConfig, TrainPanelConfig];
    expect(sin.noise.sites).toEqual(["hidden"]);
    expect(sin.hidden).toEqual([256, 256, 256, 256]);
    expect(sinusoidPanel("quick", "additive", 0.3, true).noise.sites).toEqual(["input", "hidden"]);
    expect(learns.init).toBe("he-normal");
    expect(learns.noise).toEqual({ type: "additive", sigma: 0.1, sites: ["hidden"] });
    expect(cfg.lrSweep).toBeUndefined();
    // no protocol given = the paper's
    expect(fig5.config({ preset: "quick" })).toEqual(cfg);
  });

  it("describe() names the notebook and cell of every authors' setting", () => {
    const text = fig5.describe(fig5.config({ preset: "quick", protocol: "authors" }), "quick");
    for (const s of ["ImplicitEffectMarginal.ipynb, cells 5 and 12", "cells 17–21", "cell 24", "lr 0.0003"]) expect(text).toContain(s);
    expect(fig5.describe(fig5.config({ preset: "quick", protocol: "paper" }), "quick")).toMatch(/exp\(−2π²q²σ²\)/);
  });
});

describe("Figure 4 configuration per protocol", () => {
  it("authors: InjectingStableNoise.ipynb's network, σ per panel, and the replacement fit as theirs", () => {
    const cfg = fig4.config({ preset: "paper", protocol: "authors" });
    const [add, mult] = cfg.panels as [TrainPanelConfig, TrainPanelConfig];
    for (const p of [add, mult]) {
      expect(p).toMatchObject({ hidden: [256, 256, 256, 256, 256, 256], init: "torch-default", learningRate: 3e-4, steps: 60_000, data: { points: 200, phasesPerSeed: true } });
      expect(p.noise.sites).toEqual(["hidden"]); // cell 6: no input noise
    }
    expect(add.noise).toMatchObject({ type: "additive", sigma: 0.1 }); // cells 26–35
    expect(mult.noise).toMatchObject({ type: "multiplicative", sigma: 0.5 }); // cells 18–25
    expect(cfg.replacement).toEqual({ estimator: "mle", maxFitSamples: Infinity, protocol: "authors" });
    expect(cfg.seeds).toHaveLength(5);
    expect(fig4.describe(cfg, "paper")).toContain("InjectingStableNoise.ipynb, cells 6–7");
    expect(fig4.config({ preset: "quick", protocol: "authors" }).replacement).toEqual({ estimator: "quantile", maxFitSamples: 2000, protocol: "authors", keepZeros: false });
  });

  it("paper: no protocol field and no replacement protocol (the configuration and sub-run keys made before protocols existed), input noise off", () => {
    const cfg = fig4.config({ preset: "quick", protocol: "paper" });
    expect(cfg.protocol).toBeUndefined();
    expect(cfg.replacement.protocol).toBeUndefined();
    expect(cfg.panels.every((p) => p.noise.sites?.join() === "hidden")).toBe(true);
    expect(fig4.describe(cfg, "quick")).toMatch(/exp\(−2π²q²σ²\)/);
  });
});

describe("training data of a panel", () => {
  it("Var(λ) of K unit sinusoids of distinct integer frequencies below N/2 on the N-point grid is exactly K/2", () => {
    const authors = authorsSinusoidPanel("paper", "s", "additive", 0.1);
    expect(targetVariance(panelDataset(authors, 0))).toBeCloseTo(10 / 2, 5);
    const learns = learningSinusoidPanel("quick", "additive", 0.1);
    expect(targetVariance(panelDataset(learns, 1))).toBeCloseTo(3 / 2, 5);
  });

  it("phases are redrawn per seed only where the protocol says so; raw pixels are ×255", () => {
    const authors = authorsSinusoidPanel("quick", "s", "additive", 0.1);
    expect(Array.from(panelDataset(authors, 0).y)).not.toEqual(Array.from(panelDataset(authors, 1).y));
    const paper = sinusoidPanel("quick", "additive", 0.1);
    expect(Array.from(panelDataset(paper, 0).y)).toEqual(Array.from(panelDataset(paper, 1).y));
    const mnist = fig5.config({ preset: "tiny", protocol: "authors" }).panels[1]!;
    const x = panelDataset(mnist, 0).x;
    expect(Math.max(...x)).toBeGreaterThan(250);
    expect(Math.max(...x)).toBeLessThanOrEqual(255);
  });
});

describe("the variant that learns", () => {
  it("the authors' 6 × 256 net with He-normal weights on q ∈ {1, 2, 3} ends at ≤ 50% of its first recorded loss in the quick budget (M = 1, seed 0)", () => {
    const p = learningSinusoidPanel("quick", "multiplicative", 0.1);
    const r = trainOne(p, 1, 0, 0.1);
    expect(r.finalLoss).not.toBeNull();
    expect(r.finalLoss! / r.loss[0]![1], `first recorded ${r.loss[0]![1]}, final ${r.finalLoss}`).toBeLessThanOrEqual(0.5);
  }, 120_000);
});
