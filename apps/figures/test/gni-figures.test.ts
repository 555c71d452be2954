/** The network figures (2, 4, 5, A.1–A.4, D.1) at the tiny preset under --protocol paper (the authors' settings are tested in authors-protocol, training-protocol and held-out-protocol tests): tfjs backend recorded, per-layer / per-site / per-M numbers, checkpoints. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cacheDir, runFigures, type RunSummary } from "../src/run.js";

const out = mkdtempSync(join(tmpdir(), "figures-gni-"));
const ids = ["2", "4", "5", "A.1", "A.2", "A.3", "A.4", "D.1"];
let summary: RunSummary;
const read = (id: string) => JSON.parse(readFileSync(join(out, id, "data.json"), "utf8"));

beforeAll(async () => {
  summary = await runFigures({ ids, preset: "tiny", protocol: "paper", outDir: out, log: () => {} });
}, 120_000);

describe("network figures, tiny preset", () => {
  it("run without failures and draw a PNG each", () => {
    expect(summary.failures).toEqual([]);
    for (const id of ids) expect(existsSync(join(out, id, "figure.png"))).toBe(true);
  });

  it.each(ids)("figure %s records the TensorFlow.js backend it ran on", (id) => {
    const d = read(id);
    expect(["tensorflow", "wasm", "cpu"]).toContain(d.data.tfjs.backend);
    expect(d.data.tfjs.attempts.at(-1)).toMatchObject({ backend: d.data.tfjs.backend, ok: true });
    expect(["pass", "fail"]).toContain(d.claimCheck.outcome);
  });

  it.each(["2", "A.3"])("figure %s: skewness, kurtosis and both half-law fits for every layer and seed", (id) => {
    const d = read(id);
    expect(d.data.layers.map((l: { layer: string }) => l.layer)).toEqual(["dense1", "dense2", "dense3", "dense4", "dense5"]);
    for (const run of d.data.runs) {
      expect(run.layers).toHaveLength(5);
      for (const l of run.layers) {
        expect(Number.isFinite(l.skewness) && Number.isFinite(l.kurtosis)).toBe(true);
        expect(l.halfNormal.scale).toBeGreaterThan(0);
        expect(l.halfCauchy.scale).toBeGreaterThan(0);
        expect(l.counts.reduce((s: number, c: number) => s + c, 0)).toBeLessThanOrEqual(l.positives);
      }
    }
    expect(Object.keys(d.claimCheck.measured)).toHaveLength(5);
  });

  it.each(["A.1", "A.2"])("figure %s: standardised noise statistics at the input and every hidden site", (id) => {
    const d = read(id);
    expect(d.data.sites.map((s: { site: number }) => s.site)).toEqual([0, 1, 2, 3, 4]);
    expect(d.configuration.noise.type).toBe(id === "A.1" ? "additive" : "multiplicative");
  });

  it("A.4: one S_α fit (μ = 0) per noise type, layer and seed, each on that layer's own data (finite, not all the same law)", () => {
    const d = read("A.4");
    expect(d.data.fits).toHaveLength(2 * 5 * d.seeds.length);
    for (const f of d.data.fits) {
      expect(Number.isFinite(f.alpha) && Number.isFinite(f.beta) && Number.isFinite(f.scale ?? 1)).toBe(true);
      expect(f.samples).toBeGreaterThan(0);
    }
    // (α ≤ 2 and |β| ≤ 1 hold by construction of the fitter; a fit that ignored its data would give one law everywhere)
    expect(new Set(d.data.fits.map((f: { alpha: number; beta: number }) => `${f.alpha},${f.beta}`)).size).toBeGreaterThan(1);
  });

  it("5: one checkpointed run per (panel, M, seed) with a clean-loss curve; a finite final loss or a recorded divergence", () => {
    const d = read("5");
    expect(d.data.runs).toHaveLength(3 * 5 * d.seeds.length);
    for (const r of d.data.runs) {
      expect(r.loss.length).toBeGreaterThan(0);
      expect(r.finalLoss === null ? r.divergedAt !== null : r.finalLoss > 0).toBe(true);
    }
    expect(d.data.panels.map((p: { name: string }) => p.name)).toEqual(["sinusoids", "mnist", "sinusoids-learns"]);
  });

  it("4: M = 1, M = 16 and both replacements per panel and seed; the plain additive runs are shared with Figure 5", () => {
    const d = read("4");
    expect(d.data.runs).toHaveLength(2 * 4 * d.seeds.length);
    const rep = d.data.runs.filter((r: { variant: string }) => r.variant.includes("+"));
    // every replacement run records a fitted law per weight layer (α ≤ 2 holds by construction and is not checked)
    for (const r of rep) expect((r.fits ?? []).map((f: { layer: string }) => f.layer)).toEqual(["dense1", "dense2", "dense3", "dense4", "dense5"]);
    const f5 = read("5").data.runs.find((r: { panel: string; M: number; seed: number }) => r.panel === "sinusoids" && r.M === 16 && r.seed === 0);
    const f4 = d.data.runs.find((r: { panel: string; variant: string; seed: number }) => r.panel === "sinusoids" && r.variant === "M16" && r.seed === 0);
    expect(f4.loss).toEqual(f5.loss);
  });

  it("an interrupted figure resumes from its checkpointed sub-runs (per seed) without recomputing them", async () => {
    const dir = cacheDir(out);
    for (const f of readdirSync(dir)) if (f.startsWith("fig-")) rmSync(join(dir, f)); // keep runs/, drop finished figures
    const again = await runFigures({ ids, preset: "tiny", protocol: "paper", outDir: out, log: () => {} });
    for (const r of again.records) {
      expect(r.fromCache).toBe(false);
      expect(r.subRuns).toMatchObject({ computed: 0 });
      expect(r.subRuns!.fromCheckpoint).toBeGreaterThan(0);
    }
  }, 60_000);
});
