/**
 * Figures 7 and 8 at the tiny preset: without --data-dir SVHN / CIFAR-10 are reported as not run (with
 * instructions) and only the labelled MNIST stand-in is measured; with a --data-dir holding files in the
 * real formats (the gni package's loader fixtures) those panels run too.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { dataPanels, kdeCurve } from "../src/figures/held-out.js";
import { runFigures, type RunSummary } from "../src/run.js";

const GNI_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "packages", "gni", "fixtures");
const root = mkdtempSync(join(tmpdir(), "figures-held-out-"));
const dataDir = join(root, "data");
mkdirSync(dataDir);
cpSync(join(GNI_FIXTURES, "cifar10"), join(dataDir, "cifar10"), { recursive: true }); // CIFAR-10 in a sub-directory
cpSync(join(GNI_FIXTURES, "svhn"), dataDir, { recursive: true }); // SVHN directly in --data-dir
const plainOut = join(root, "plain");
const withDataOut = join(root, "with-data");
let plain: RunSummary;
let withData: RunSummary;
const read = (out: string, id: string) => JSON.parse(readFileSync(join(out, id, "data.json"), "utf8"));

beforeAll(async () => {
  plain = await runFigures({ ids: ["7", "8"], preset: "tiny", outDir: plainOut, log: () => {} });
  withData = await runFigures({ ids: ["7", "8"], preset: "tiny", outDir: withDataOut, dataDir, log: () => {} });
}, 180_000);

describe("data panels", () => {
  it("without --data-dir: the real data sets are not run, with instructions; MNIST is the stand-in", () => {
    const p = dataPanels(["cifar10", "svhn"], undefined, { real: [3, 2], mnist: [10, 5] });
    expect(p.map((d) => [d.name, d.standIn])).toEqual([["cifar10", false], ["svhn", false], ["mnist", true]]);
    expect(p[0]!.missing).toMatch(/no --data-dir.*CIFAR-10 binary version/);
    expect(p[1]!.missing).toMatch(/no --data-dir.*train_32x32\.mat/);
    expect(p[2]!.missing).toBeUndefined();
  });

  it("an empty --data-dir names the missing files and where to get them", () => {
    const empty = mkdtempSync(join(tmpdir(), "figures-empty-"));
    const [c, s] = dataPanels(["cifar10", "svhn"], empty, { real: [3, 2], mnist: [10, 5] });
    expect(c!.missing).toMatch(/data_batch_1\.bin.*cs\.toronto\.edu/s);
    expect(s!.missing).toMatch(/train_32x32\.mat.*ufldl\.stanford\.edu/s);
  });

  it("finds the files in --data-dir or in a sub-directory named after the data set", () => {
    const [c, s] = dataPanels(["cifar10", "svhn"], dataDir, { real: [3, 2], mnist: [10, 5] });
    expect(c!.dir).toBe(join(dataDir, "cifar10"));
    expect(s!.dir).toBe(dataDir);
    expect(c!.missing ?? s!.missing).toBeUndefined();
  });
});

describe("figures 7 and 8, tiny preset", () => {
  it("run without failures in both set-ups", () => {
    expect(plain.failures).toEqual([]);
    expect(withData.failures).toEqual([]);
  });

  it("figure 7 without data: SVHN and CIFAR-10 not run and drawn as such; the claim rests on the stand-in and says so", () => {
    const d = read(plainOut, "7");
    expect(d.data.notRun.map((n: { data: string }) => n.data)).toEqual(["cifar10", "svhn"]);
    expect(new Set(d.data.runs.map((r: { data: string }) => r.data))).toEqual(new Set(["mnist"]));
    expect(d.data.runs).toHaveLength(2 * 3 * d.seeds.length);
    expect(d.claimCheck.details).toMatch(/MNIST stand-in only/);
    expect(d.claimCheck.scope).toBe("MNIST stand-in only");
    expect(readFileSync(join(plainOut, "report.html"), "utf8")).toContain("<small>(MNIST stand-in only)</small>");
    expect(Object.keys(d.claimCheck.measured)).toEqual(["MNIST (stand-in) CONV", "MNIST (stand-in) MLP"]);
    const svg = readFileSync(join(plainOut, "7", "figure.svg"), "utf8");
    expect(svg).toContain("not run: no --data-dir");
    expect(svg).toContain("MNIST (stand-in)");
  });

  it("figure 7 with data: every data set × network × regime runs and has a test-loss curve", () => {
    const d = read(withDataOut, "7");
    expect(d.data.notRun).toEqual([]);
    expect(d.data.panels.map((p: { data: string; net: string }) => `${p.data}/${p.net}`)).toEqual(["cifar10/conv", "cifar10/mlp", "svhn/conv", "svhn/mlp", "mnist/conv", "mnist/mlp"]);
    for (const r of d.data.runs) {
      expect(r.testLoss[0][0]).toBe(0);
      expect(r.testLoss.length).toBe(1 + d.configuration.training.steps / d.configuration.training.evalEvery);
      for (const [, v] of r.testLoss) expect(v).toBeGreaterThan(0);
    }
    expect(d.data.convVerdicts).toHaveLength(3);
    expect(d.claimCheck.details).not.toMatch(/stand-in only/);
    expect(d.claimCheck.scope).toBeUndefined();
  });

  it("figure 8: S_α fits along the M = 1 runs only, one per layer at every checkpoint, KDE curves of exactly those fits per σ²", () => {
    for (const out of [plainOut, withDataOut]) {
      const d = read(out, "8");
      const cfg = d.configuration;
      // checkpoints: step 0 and every fits.every steps
      const steps = Array.from({ length: Math.floor(cfg.training.steps / cfg.fits.every) + 1 }, (_, i) => i * cfg.fits.every);
      for (const r of d.data.runs) {
        if (r.M !== 1) {
          expect(r.fits).toBeUndefined();
          continue;
        }
        // (the fitter keeps α in (0, 2] and β in [−1, 1] by construction, so range checks could not fail: check what can)
        expect(r.fits.map((f: { step: number; layer: string }) => `${f.step}/${f.layer}`)).toEqual(steps.flatMap((s) => ["dense1", "dense2", "dense3"].map((l) => `${s}/${l}`)));
        for (const f of r.fits) {
          expect(f.samples).toBeGreaterThanOrEqual(10);
          expect(f.samples).toBeLessThanOrEqual(cfg.fits.maxSamples);
          expect(Number.isFinite(f.alpha) && Number.isFinite(f.beta) && f.scale > 0).toBe(true);
        }
      }
      for (const b of d.data.blocks) {
        for (const s2 of cfg.sigma2 as number[]) {
          const label = `σ² = ${s2}`;
          const fits = d.data.runs.filter((r: { data: string; sigma2: number; M: number }) => r.data === b.data && r.sigma2 === s2 && r.M === 1).flatMap((r: { fits: Array<{ alpha: number; beta: number }> }) => r.fits);
          // the KDEs are of this σ²'s fitted α and θ, over every layer, checkpoint and seed (recomputed from data.json)
          expect(b.alphaKde.filter((c: { series: string }) => c.series === label)).toEqual(kdeCurve(fits.map((f: { alpha: number }) => f.alpha), label, 0, 2));
          expect(b.thetaKde.filter((c: { series: string }) => c.series === label)).toEqual(kdeCurve(fits.map((f: { beta: number }) => f.beta), label, -1, 1));
          expect(b.params.find((p: { sigma2: number }) => p.sigma2 === s2).alpha).toHaveLength(fits.length);
        }
      }
    }
    expect(read(withDataOut, "8").data.blocks.map((b: { data: string }) => b.data)).toEqual(["svhn", "mnist"]);
    expect(read(plainOut, "8").data.notRun.map((n: { data: string }) => n.data)).toEqual(["svhn"]);
    expect(read(plainOut, "8").claimCheck.scope).toBe("MNIST stand-in only");
    expect(read(withDataOut, "8").claimCheck.scope).toBeUndefined();
    expect(readFileSync(join(plainOut, "8", "figure.svg"), "utf8")).toContain("(MNIST stand-in only)");
  });
});
