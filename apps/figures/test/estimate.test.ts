/** The compute estimate printed before a paper-preset run (src/estimate.ts): request collection and cost models. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectSubRuns, COST_MODELS, estimateFigure, estimateLines, shapesOf, type Timer } from "../src/estimate.js";
import { figureById } from "../src/registry.js";
import { figureWithForeignBackendSubRun } from "./figure-numbers.js";

/** A fake clock: a sub-run of `n` steps "costs" fixed + n · perStep (+ extras), so every model must be exact. */
const rel = (a: number, b: number) => Math.abs(a - b) / b;

describe("cost models extrapolate exactly from probes of a linear cost", () => {
  it("train: fixed + steps · step + evaluations", async () => {
    const time: Timer = async (c) => {
      const p = (c as { panel: { steps: number; evalEvery: number } }).panel;
      return 0.7 + 0.02 * p.steps + (p.evalEvery > 0 ? 0.005 * Math.floor(p.steps / p.evalEvery) : 0);
    };
    const m = await COST_MODELS.train!({ panel: { steps: 60_000, evalEvery: 100 } }, time);
    expect(rel(m.seconds, 0.7 + 0.02 * 60_000 + 0.005 * 600)).toBeLessThan(1e-9);
  });

  it("held-out: fixed + steps · step + test evaluations + fit rounds", async () => {
    const time: Timer = async (c) => {
      const r = (c as { run: { steps: number; evalEvery: number; fits?: { every: number } } }).run;
      return 2 + 0.1 * r.steps + 0.3 * (1 + Math.floor(r.steps / r.evalEvery)) + (r.fits ? 1.5 * (1 + Math.floor(r.steps / r.fits.every)) : 0);
    };
    const m = await COST_MODELS["held-out"]!({ run: { steps: 5000, evalEvery: 50, fits: { every: 250 } } }, time);
    expect(rel(m.seconds, 2 + 0.1 * 5000 + 0.3 * 101 + 1.5 * 21)).toBeLessThan(1e-9);
  });

  it("langevin and t42: linear in the steps (probes lengthened while shorter than the minimum)", async () => {
    const calls: number[] = [];
    const time: Timer = async (c) => {
      const n = (c as { setting: { steps: number } }).setting.steps;
      calls.push(n);
      return 0.05 + 1e-4 * n;
    };
    const m = await COST_MODELS.langevin!({ setting: { steps: 10_000, burnIn: 2500, recordEvery: 10 } }, time);
    expect(rel(m.seconds, 0.05 + 1e-4 * 10_000)).toBeLessThan(1e-9);
    expect(calls.length).toBeGreaterThan(2); // 100 steps last 0.06 s < the minimum: lengthened
    const t: Timer = async (c) => 0.01 + 2e-5 * (c as { steps: number }).steps;
    const m2 = await COST_MODELS["t42-weak-error"]!({ steps: 12_000, burnIn: 2000 }, t);
    expect(rel(m2.seconds, 0.01 + 2e-5 * 12_000)).toBeLessThan(1e-9);
  });

  it("scale-mixture: linear in the draws", async () => {
    const time: Timer = async (c) => 0.3 + 0.04 * (c as { draws: number }).draws;
    const m = await COST_MODELS["scale-mixture"]!({ draws: 512, groups: 8, linearDraws: 128 }, time);
    expect(rel(m.seconds, 0.3 + 0.04 * 512)).toBeLessThan(1e-9);
  });

  it("a first probe of 5 s or more is not repeated: k units, fixed cost counted per unit (an overestimate by at most fixed · n / k)", async () => {
    const calls: number[] = [];
    const time: Timer = async (c) => {
      const p = (c as { panel: { steps: number } }).panel;
      calls.push(p.steps);
      return 2 + 6 * p.steps;
    };
    const m = await COST_MODELS.train!({ panel: { steps: 60_000, evalEvery: 100 } }, time);
    expect(calls).toEqual([1]);
    expect(m.seconds).toBe(8 * 60_000);
  });
});

describe("the sub-runs of a figure are collected from its own run, nothing computed", () => {
  it("figure 6 at quick: 2 α × 4 θ × 3 seeds Euler runs; 8 shapes of 3 seeds", async () => {
    const r = await collectSubRuns(figureById("6"), { preset: "quick" });
    expect(r).toHaveLength(24);
    expect(r.every((x) => x.kind === "langevin")).toBe(true);
    expect(shapesOf(r).map((s) => s.count)).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
  });

  it("figure 5 at tiny: every training run including the learning-rate sweep", async () => {
    const fig = figureById("5");
    const cfg = fig.config({ preset: "tiny", protocol: "authors" });
    const r = await collectSubRuns(fig, { preset: "tiny", protocol: "authors" });
    const expected = cfg.panels.length * cfg.seeds.length * cfg.M.length + (cfg.lrSweep?.learningRates.length ?? 0);
    expect(r).toHaveLength(expected);
  }, 60_000);
});

describe("figures --estimate", () => {
  it("prints one line per figure and shape and a total on stdout, computes and writes nothing, exit 0", () => {
    const app = join(import.meta.dirname, "..");
    const tsx = [join(app, "node_modules", ".bin", "tsx"), join(app, "..", "..", "node_modules", ".bin", "tsx")].find((p) => existsSync(p)) ?? "tsx";
    const out = join(mkdtempSync(join(tmpdir(), "figures-estimate-")), "out");
    const r = spawnSync(tsx, [join(app, "src", "cli.ts"), "3", "A.1", "--preset", "tiny", "--estimate", "--out", out], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^estimated compute at --preset tiny, --protocol authors/);
    expect(r.stdout).toMatch(/^figure 3: \d+ sub-runs, ≈ .* CPU-s/m);
    expect(r.stdout).toMatch(/^ {2}\d+ × fig3-fit: /m);
    expect(r.stdout).toMatch(/^figure A\.1: \d+ sub-runs/m);
    expect(r.stdout).toMatch(/^total: ≈ /m);
    expect(readdirSync(out)).toEqual([]);
  }, 150_000);
});

describe("a probe that fails", () => {
  it("leaves its shape not measured and says so; the figure's other shapes are estimated", async () => {
    // a key for a backend no worker has: the probe is refused in its worker process
    const fig = figureWithForeignBackendSubRun(false);
    const e = await estimateFigure(fig, { preset: "tiny" });
    expect(e.failedShapes).toBe(1);
    expect(e.shapes.filter((s) => s.kind === "fig3-fit").every((s) => Number.isFinite(s.seconds) && s.seconds > 0)).toBe(true);
    const lines = estimateLines(e, 2);
    expect(lines[0]).toMatch(/at least, 1 shape not measured/);
    expect(lines.some((l) => /forward-noise: not measured \(probe failed: .*no-such-backend/.test(l))).toBe(true);
  }, 60_000);

  it("a probe running past the timeout is stopped and its shape reported as not measured", async () => {
    const e = await estimateFigure(figureById("6"), { preset: "quick" }, undefined, () => false, 0.05);
    expect(e.failedShapes).toBe(e.shapes.length);
    expect(e.shapes[0]!.how).toMatch(/probe failed: ran over 0 s/);
  }, 60_000);
});
