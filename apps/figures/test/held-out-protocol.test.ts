/**
 * Figures 7 and 8 under --protocol authors (exp_reg_GNIs) and paper:
 * - the authors' configuration carries exp_reg_GNIs' settings (no-bias MLP, glorot_normal, ELU, σ = √var, noise on the
 *   input and every hidden output but never the logits, lr 0.001, batch 512, one shared saved initialisation, their
 *   pixels, their "mult" noise in Fig. 8), and the networks built from it really are so;
 * - both protocols run at --preset tiny and record the protocol;
 * - the shared initialisation is shared: every run of a (network, data set, seed) starts from the same weights;
 * - the data files' identity is part of the cache keys (issue 12, Medium 6): replacing a file's contents under the
 *   same --data-dir, same size and same mtime, recomputes the figure.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createMlp, exportWeights, mlpFromWeights } from "@heavytails/gni";
import { fig7, type Fig7Config } from "../src/figures/fig7.js";
import { fig8, type Fig8Config } from "../src/figures/fig8.js";
import { buildSharedInit, dataPanels, fileIdentity, heldOutKey, loadPanel, trainHeldOut, weightsSha256, type HeldOutRunConfig, type NetSpec } from "../src/figures/held-out.js";
import { configHash } from "../src/hash.js";
import { runFigures, type RunSummary } from "../src/run.js";
import { tfjsBackend } from "../src/tfjs.js";

const GNI_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "packages", "gni", "fixtures");
const SIGMA_01 = Math.sqrt(0.1);

describe("authors' protocol of Fig. 7: exp_reg_GNIs' settings", () => {
  for (const preset of ["tiny", "quick", "paper"] as const) {
    it(`${preset}: networks, noise, optimiser, shared initialisation and pixels as exp_reg_GNIs`, () => {
      const c: Fig7Config = fig7.config({ preset, protocol: "authors" });
      expect(c.protocol).toBe("authors");
      const conv = c.nets.conv, mlp = c.nets.mlp;
      // make_convnet: Conv2D(32, 4, 2, SAME) → Conv2D(128, 4, 2, SAME) → Dense; glorot_normal; ELU (scripts)
      expect(conv).toMatchObject({ kind: "cnn", kernelSize: 4, stride: 2, activation: "elu", init: "glorot-normal" });
      // make_mlp: Dense(H, use_bias=False) × N, glorot_normal
      expect(mlp).toMatchObject({ kind: "mlp", activation: "elu", init: "glorot-normal", bias: false });
      if (mlp.kind === "mlp") expect(mlp.hidden).toHaveLength(4);
      const t = c.training;
      // additive, var 0.1 → σ = √0.1; input and every hidden output, never the logits
      expect(t.noise).toEqual({ type: "additive", sigma: SIGMA_01, sites: ["input", "hidden"] });
      expect(t.M).toBe(1);
      expect(t.learningRate).toBe(0.001);
      expect(t.sharedInit).toEqual({ steps: 1, noise: t.noise, learningRate: 0.001, batchSize: t.batchSize });
      expect(t.pixels).toEqual({ kind: "exp-reg-dequantise", seed: 0 });
      if (preset === "paper") {
        expect(conv.kind === "cnn" && conv.filters).toEqual([32, 128]);
        expect(mlp.kind === "mlp" && mlp.hidden).toEqual([512, 512, 512, 512]);
        expect(t.batchSize).toBe(512);
        // 250 epochs (scripts) of int(n/B) + 1 steps
        expect(t.steps).toBe(250 * (Math.floor(8000 / 512) + 1));
      }
    });
  }

  it("paper preset, with data: the full SVHN and CIFAR-10 training and test sets", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "figures-hop-full-"));
    cpSync(join(GNI_FIXTURES, "svhn"), join(dataDir, "svhn"), { recursive: true });
    cpSync(join(GNI_FIXTURES, "cifar10"), join(dataDir, "cifar10"), { recursive: true });
    const c = fig7.config({ preset: "paper", protocol: "authors", dataDir });
    expect(c.data.map((d) => [d.name, d.train, d.test])).toEqual([["cifar10", 50_000, 10_000], ["svhn", 73_257, 26_032], ["mnist", 8000, 2000]]);
  });

  it("describe() gives each setting with its source in exp_reg_GNIs", () => {
    const text = fig7.describe(fig7.config({ preset: "quick", protocol: "authors" }), "quick");
    for (const s of ["make_convnet", "make_mlp", "use_bias=False", "glorot_normal", "replace_mask_layer", "calc_tikhonov_reg", "sigma = np.sqrt(var)", "set_up_estimator(GNIs, params, 1", "load_svhn", "all_experiments.sh", "GradientNoiseInjectLR2"]) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/quick preset .* instead of 32\/128/);
  });
});

describe("authors' protocol of Fig. 8: the nearest published choices", () => {
  for (const preset of ["tiny", "quick", "paper"] as const) {
    it(`${preset}: make_mlp 2 × 256 ELU without biases, exp_reg's 'mult' noise on input and hidden outputs, lr 0.001`, () => {
      const c: Fig8Config = fig8.config({ preset, protocol: "authors" });
      expect(c.protocol).toBe("authors");
      expect(c.net).toMatchObject({ kind: "mlp", activation: "elu", init: "glorot-normal", bias: false });
      expect(c.authors?.noiseType).toBe("exp-reg-mult");
      expect(c.authors?.sites).toEqual(["input", "hidden"]);
      expect(c.authors?.pixels).toEqual({ kind: "exp-reg-dequantise", seed: 0 });
      expect(c.authors?.sharedInit).toMatchObject({ steps: 1, learningRate: 0.001, noise: { type: "exp-reg-mult", sigma: Math.sqrt(c.sigma2[0]!), sites: ["input", "hidden"] } });
      expect(c.training.learningRate).toBe(0.001);
      if (preset === "paper") {
        expect(c.net.kind === "mlp" && c.net.hidden).toEqual([256, 256]);
        expect(c.training.batchSize).toBe(512);
        expect(c.training.steps).toBe(100 * (Math.floor(8000 / 512) + 1));
      }
    });
  }

  it("describe() says no code is published for Fig. 8's runs and fits", () => {
    const text = fig8.describe(fig8.config({ preset: "quick", protocol: "authors" }), "quick");
    expect(text).toMatch(/none for Fig\. 8's M-sample runs, σ² values or S_α fits/);
    for (const s of ["gen_noise", "n_samples", "make_mlp", "ours: no fitting code is published"]) expect(text).toContain(s);
  });
});

describe("the paper protocol is unchanged", () => {
  it("its configurations carry none of the authors' settings", () => {
    for (const preset of ["tiny", "quick"] as const) {
      const c7 = fig7.config({ preset, protocol: "paper" });
      const c8 = fig8.config({ preset, protocol: "paper" });
      expect(c7.protocol).toBeUndefined();
      expect(c8.protocol).toBeUndefined();
      expect(c8.authors).toBeUndefined();
      for (const s of [JSON.stringify(c7), JSON.stringify(c8)]) {
        for (const k of ["sharedInit", "pixels", "glorot-normal", "\"bias\"", "sites"]) expect(s).not.toContain(k);
      }
      // no --protocol = the paper protocol's configuration
      expect(fig7.config({ preset })).toEqual(c7);
    }
  });
});

describe("networks built from the authors' configuration", () => {
  it("the MLP has no biases and glorot_normal weights (truncated normal, Var = 2/(fan_in + fan_out)); the shared init is one SGD step away from it", async () => {
    await tfjsBackend();
    const c = fig8.config({ preset: "quick", protocol: "authors" });
    const [mnist] = dataPanels([], undefined, { real: [1, 1], mnist: [64, 8] });
    const data = loadPanel(mnist!, "flat", c.authors!.pixels);
    const net: NetSpec = c.net;
    const fresh = createMlp({ inputSize: 784, outputSize: 10, hidden: net.kind === "mlp" ? net.hidden : [], activation: "elu", init: net.init!, bias: net.kind === "mlp" ? net.bias! : true, seed: 1 });
    const w0 = exportWeights(fresh);
    fresh.dispose();
    for (const l of w0.layers) expect(l.bias).toBeNull();
    // the shared initialisation is built through the figure's own network builder from the same spec and seed
    const shared = buildSharedInit(net, c.authors!.sharedInit!, data.train, 0);
    for (const l of shared.layers) expect(l.bias).toBeNull();
    const w = shared.layers[0]!.weight;
    const v = w.reduce((s, x) => s + x * x, 0) / w.length;
    const k = w.reduce((s, x) => s + x ** 4, 0) / w.length / v ** 2 - 3;
    expect(Math.abs(v / (2 / (784 + 256)) - 1)).toBeLessThan(0.03);
    // N(0, 1) truncated at ±2: E X⁴ / (E X²)² − 3 = 1.4162 / 0.77374² − 3 = −0.634 (Glorot-uniform: −1.2, untruncated normal: 0)
    expect(Math.abs(k + 0.634)).toBeLessThan(0.05);
    // one step at lr 0.001: close to, but not equal to, the drawn weights
    const d = w.map((x, i) => x - w0.layers[0]!.weight[i]!);
    expect(d.some((x) => x !== 0)).toBe(true);
    expect(d.reduce((m, x) => Math.max(m, Math.abs(x)), 0)).toBeLessThan(0.01);
  }, 60_000);

  it("pixels: raw values + U(0, 1), divided by the training maximum (train max exactly 1; test on the same scale)", () => {
    const [mnist] = dataPanels([], undefined, { real: [1, 1], mnist: [200, 100] });
    const plain = loadPanel(mnist!, "flat");
    const { train, test } = loadPanel(mnist!, "flat", { kind: "exp-reg-dequantise", seed: 0 });
    const max = train.x.reduce((m, v) => Math.max(m, v), 0);
    expect(max).toBe(1);
    // x = (raw + u)/max with raw the grey level, u ~ U(0, 1), max = the largest raw + u of the training set, in [255, 256)
    let fractional = 0;
    for (let i = 0; i < train.x.length; i++) {
      const raw = Math.round(plain.train.x[i]! * 255);
      expect(train.x[i]! * 256).toBeGreaterThanOrEqual(raw * (1 - 1e-6));
      expect(train.x[i]! * 255).toBeLessThan(raw + 1 + 1e-4);
      if (raw === 0 && train.x[i]! > 0) fractional++;
    }
    // the background (grey level 0) is no longer exactly 0: the U(0, 1) dequantisation noise is there
    expect(fractional).toBeGreaterThan(train.x.length / 2);
    expect(test.x.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(256 / 255);
  }, 60_000);
});

describe("Figs 7 and 8 at --preset tiny under both protocols", () => {
  const root = mkdtempSync(join(tmpdir(), "figures-held-out-protocol-"));
  const out = { authors: join(root, "authors"), paper: join(root, "paper") };
  const sum: Partial<Record<"authors" | "paper", RunSummary>> = {};
  const read = (p: "authors" | "paper", id: string) => JSON.parse(readFileSync(join(out[p], id, "data.json"), "utf8"));
  beforeAll(async () => {
    for (const p of ["authors", "paper"] as const) sum[p] = await runFigures({ ids: ["7", "8"], preset: "tiny", protocol: p, outDir: out[p], log: () => {} });
  }, 240_000);

  it("both run, record their protocol and say what they ran", () => {
    for (const p of ["authors", "paper"] as const) {
      expect(sum[p]!.failures).toEqual([]);
      for (const id of ["7", "8"]) {
        const d = read(p, id);
        expect(d.protocol).toBe(p);
        expect(d.data.runs.length).toBeGreaterThan(0);
        expect(d.whatWeRan).toContain(`Settings under --protocol ${p}`);
      }
    }
    expect(read("authors", "7").configuration.protocol).toBe("authors");
    expect(read("paper", "7").configuration.protocol).toBeUndefined();
  });

  it("one shared initialisation: every run of a (network, data set, seed) starts from the same weights", () => {
    const d7 = read("authors", "7");
    const byNet = new Map<string, Set<string>>();
    for (const r of d7.data.runs) {
      expect(r.initSha256).toMatch(/^[0-9a-f]{64}$/);
      const k = `${r.data}/${r.net}/${r.seed}`;
      byNet.set(k, (byNet.get(k) ?? new Set()).add(r.initSha256));
      // same weights, same test set: the step-0 test loss is the same in every regime
      const first = d7.data.runs.find((x: { data: string; net: string; seed: number }) => `${x.data}/${x.net}/${x.seed}` === k);
      expect(r.testLoss[0]).toEqual(first.testLoss[0]);
    }
    expect(byNet.size).toBe(2);
    for (const s of byNet.values()) expect(s.size).toBe(1);
    const d8 = read("authors", "8");
    expect(new Set(d8.data.runs.map((r: { initSha256: string }) => r.initSha256)).size).toBe(d8.configuration.seeds.length);
    // the paper protocol draws each run's network from its seed: no shared saved initialisation is recorded
    for (const r of read("paper", "7").data.runs) expect(r.initSha256).toBeUndefined();
  });

  it("trainHeldOut starts from exactly the weights it is given and refuses to run without them", async () => {
    await tfjsBackend();
    const c = fig7.config({ preset: "tiny", protocol: "authors" });
    const [mnist] = dataPanels([], undefined, { real: [1, 1], mnist: [24, 16] });
    const data = loadPanel(mnist!, "flat", c.training.pixels);
    const rc: HeldOutRunConfig = { ...c.training, net: c.nets.mlp, regime: "explicit", steps: 2 };
    const shared = buildSharedInit(rc.net, rc.sharedInit!, data.train, 0);
    const rebuilt = mlpFromWeights(shared, { activation: "elu" });
    const expected = weightsSha256(rebuilt);
    rebuilt.dispose();
    for (const regime of ["clean", "noise", "explicit"] as const) {
      expect(trainHeldOut({ ...rc, regime }, data, 0, 0.2, shared).initSha256).toBe(expected);
    }
    expect(() => trainHeldOut(rc, data, 0, 0.2)).toThrow(/shared saved initialisation/);
  }, 60_000);
});

describe("data files' identity in the cache keys (issue 12, Medium 6)", () => {
  it("fileIdentity: size and SHA-256 of the content; a same-size, same-mtime replacement changes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "figures-identity-"));
    const f = join(dir, "test_batch.bin");
    writeFileSync(f, Buffer.alloc(3073, 7));
    const a = fileIdentity(dir, "test_batch.bin");
    expect(a.bytes).toBe(3073);
    expect(a.sha256).toBe(createHash("sha256").update(Buffer.alloc(3073, 7)).digest("hex"));
    const { mtime, atime } = statSync(f);
    writeFileSync(f, Buffer.alloc(3073, 8));
    utimesSync(f, atime, mtime);
    const b = fileIdentity(dir, "test_batch.bin");
    expect(b.bytes).toBe(3073);
    expect(b.sha256).not.toBe(a.sha256);
  });

  it("the sub-run keys of a real data set change with its files' contents; the MNIST stand-in's keys carry no files", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "figures-identity-keys-"));
    cpSync(join(GNI_FIXTURES, "cifar10"), dataDir, { recursive: true });
    const rc = fig7.config({ preset: "tiny" }).training as unknown as HeldOutRunConfig;
    const key = () => {
      const [cifar, mnist] = dataPanels(["cifar10"], dataDir, { real: [3, 2], mnist: [24, 16] });
      return { cifar: configHash(heldOutKey(cifar!, rc, 0, 0.2, "wasm")), mnist: heldOutKey(mnist!, rc, 0, 0.2, "wasm") };
    };
    const before = key();
    const f = join(dataDir, "test_batch.bin");
    const { mtime, atime } = statSync(f);
    const bytes = readFileSync(f);
    for (let r = 0; r < bytes.length; r += 3073) for (let i = r + 1; i < r + 3073; i++) bytes[i] = 255 - bytes[i]!;
    writeFileSync(f, bytes);
    utimesSync(f, atime, mtime);
    const after = key();
    expect(after.cifar).not.toBe(before.cifar);
    expect((after.mnist.data as Record<string, unknown>).files).toBeUndefined();
    expect(after.mnist).toEqual(before.mnist);
  });

  it("replacing a CIFAR-10 file's contents (same size, same mtime) under the same --data-dir recomputes the figure", async () => {
    const root = mkdtempSync(join(tmpdir(), "figures-identity-run-"));
    const dataDir = join(root, "data");
    mkdirSync(dataDir);
    cpSync(join(GNI_FIXTURES, "cifar10"), dataDir, { recursive: true });
    const outDir = join(root, "out");
    const run = () => runFigures({ ids: ["7"], preset: "tiny", protocol: "paper", outDir, dataDir, log: () => {} });
    const first = await run();
    expect(first.failures).toEqual([]);
    const d1 = JSON.parse(readFileSync(join(outDir, "7", "data.json"), "utf8"));
    // unchanged files: served from the cache
    const again = await run();
    expect(again.records[0]!.fromCache).toBe(true);
    // invert every pixel of the test batch: same size, mtime put back
    const f = join(dataDir, "test_batch.bin");
    const { mtime, atime } = statSync(f);
    const bytes = readFileSync(f);
    for (let r = 0; r < bytes.length; r += 3073) for (let i = r + 1; i < r + 3073; i++) bytes[i] = 255 - bytes[i]!;
    writeFileSync(f, bytes);
    utimesSync(f, atime, mtime);
    expect(Math.abs(statSync(f).mtimeMs - mtime.getTime())).toBeLessThan(1);
    const second = await run();
    expect(second.failures).toEqual([]);
    const rec = second.records[0]!;
    expect(rec.fromCache).toBe(false);
    const d2 = JSON.parse(readFileSync(join(outDir, "7", "data.json"), "utf8"));
    const cifarRuns = (d: { data: { runs: Array<{ data: string }> } }) => d.data.runs.filter((r) => r.data === "cifar10");
    // the CIFAR-10 runs were computed again on the new pixels (the stand-in's came from their checkpoints)
    expect(rec.subRuns).toEqual({ computed: cifarRuns(d2).length, fromCheckpoint: d2.data.runs.length - cifarRuns(d2).length });
    expect(cifarRuns(d2).map((r) => (r as unknown as { testLoss: number[][] }).testLoss[0])).not.toEqual(cifarRuns(d1).map((r) => (r as unknown as { testLoss: number[][] }).testLoss[0]));
  }, 120_000);
});
