/**
 * Held-out experiments of Figs 7 and 8: the real data sets (SVHN, CIFAR-10) when --data-dir holds them, the
 * MNIST stand-in always; mini-batch SGD on the noised objective L̃_M (4.5), on L + R (the explicit
 * regulariser) or on the clean loss, with the test-set loss recorded along the way and, optionally, S_α
 * fits to the implicit-effect gradient noise ∇E_L at checkpoints. A run that diverges is recorded up to
 * the divergence, never dropped.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  createCnn, createMlp, createTrainer, evaluateLoss, exportWeights, fitNoiseLaw, imageDatasetMissing, implicitGradientNoise, loadCifar10, loadMnist, loadSvhn,
  selectExamples, sliceDataset, type Activation, type Dataset, type InitScheme, type Network, type NetworkWeights, type NoiseSite, type NoiseType,
} from "@heavytails/gni";
import { createRng } from "@heavytails/stable";
import { kde } from "@heavytails/sde";
import type { CurvePoint } from "../plot.js";
import { sig } from "../stats.js";

export type DataName = "mnist" | "svhn" | "cifar10";

export const DATA_LABEL: Record<DataName, string> = { mnist: "MNIST (stand-in)", svhn: "SVHN", cifar10: "CIFAR-10" };

/** One data set of a held-out figure: where it comes from, how much of it is used, or why it is not run. */
export interface DataPanel {
  name: DataName;
  /** MNIST replaces SVHN / CIFAR-10, which are not on our machines: labelled as such everywhere. */
  standIn: boolean;
  /** Directory the files were found in (real data sets only). */
  dir?: string;
  /** Why the data set is not run (files missing / no --data-dir), with instructions. */
  missing?: string;
  /**
   * Identity of the files the loader reads (real data sets only): name, size in bytes and SHA-256 of the
   * content. Part of the figure's configuration and of every sub-run key, so replacing a file under the same
   * --data-dir recomputes the figure (issue 12, Medium 6). See `fileIdentity` for why a content hash.
   */
  files?: FileIdentity[];
  train: number;
  test: number;
}

export interface FileIdentity {
  /** Path relative to the panel's directory. */
  name: string;
  bytes: number;
  sha256: string;
}

/** The files loadSvhn / loadCifar10 read from a data set's directory (train and test splits). */
export function dataFiles(name: "svhn" | "cifar10", dir: string): string[] {
  if (name === "svhn") return ["train_32x32.mat", "test_32x32.mat"];
  const names = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).concat("test_batch.bin");
  // the loader looks in the directory, then in its cifar-10-batches-bin/ (per split; see gni's cifarBase)
  const train = names.slice(0, 5), test = names.slice(5);
  const base = (ns: string[]) => (ns.every((f) => existsSync(join(dir, f))) ? "" : "cifar-10-batches-bin/");
  return [...train.map((f) => base(train) + f), ...test.map((f) => base(test) + f)];
}

const identityMemo = new Map<string, FileIdentity>();

/**
 * Size and SHA-256 of a file's content. A content hash, not size + mtime: the data files have fixed sizes
 * (every CIFAR-10 batch is 30 730 000 bytes; an SVHN file's size depends only on its image count), and
 * mtimes are preserved or set by the tools that install data (tar and unzip restore the archive's times,
 * cp -p and rsync -a copy them), so a replaced file can keep both size and mtime. Hashing costs about a
 * second per data set (SVHN ≈ 250 MB, CIFAR-10 ≈ 184 MB); within one process a file whose path, size,
 * mtime_ns, inode and ctime are unchanged is not hashed again.
 */
export function fileIdentity(dir: string, name: string): FileIdentity {
  const path = join(dir, name);
  const st = statSync(path, { bigint: true });
  const memoKey = `${path}\0${st.size}\0${st.mtimeNs}\0${st.ctimeNs}\0${st.ino}`;
  const hit = identityMemo.get(memoKey);
  if (hit) return { ...hit, name };
  const h = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 22);
  const fd = openSync(path, "r");
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const id = { name, bytes: Number(st.size), sha256: h.digest("hex") };
  identityMemo.set(memoKey, id);
  return id;
}

/** Where a real data set's files may sit under --data-dir: the directory itself or a sub-directory named after it. */
function locate(name: "svhn" | "cifar10", dataDir: string): { dir?: string; missing?: string } {
  const candidates = [dataDir, join(dataDir, name)];
  for (const d of candidates) if (existsSync(d) && imageDatasetMissing(name, d) === null) return { dir: d };
  return { missing: imageDatasetMissing(name, dataDir) ?? `${name} files not found under ${dataDir}` };
}

/**
 * The data panels of a figure: each requested real data set (run when --data-dir holds it, else 'not run'
 * with instructions), then the MNIST stand-in. Presence is checked here, so it is part of the configuration
 * (and of the cache key): adding the files later re-runs the figure.
 */
export function dataPanels(real: Array<"svhn" | "cifar10">, dataDir: string | undefined, sizes: { real: [number, number]; mnist: [number, number] }): DataPanel[] {
  const panels: DataPanel[] = real.map((name) => {
    const base = { name, standIn: false, train: sizes.real[0], test: sizes.real[1] };
    if (dataDir === undefined) {
      return { ...base, missing: `not run: no --data-dir given. ${DATA_LABEL[name]} is not on our machines; download it (${name === "svhn" ? "train_32x32.mat and test_32x32.mat" : "the CIFAR-10 binary version"}, see apps/figures/README.md) and pass --data-dir DIR.` };
    }
    const where = locate(name, dataDir);
    return where.dir ? { ...base, dir: where.dir, files: dataFiles(name, where.dir).map((f) => fileIdentity(where.dir!, f)) } : { ...base, missing: `not run: ${where.missing}` };
  });
  panels.push({ name: "mnist", standIn: true, train: sizes.mnist[0], test: sizes.mnist[1] });
  return panels;
}

/**
 * Pixel preprocessing. Absent: the loaders' [0, 1] grey levels (paper protocol). 'exp-reg-dequantise':
 * exp_reg_GNIs' (src_tf2/data_processing/svhn.py `load_svhn` lines 159–172, cifar10.py `load_cifar10` lines
 * 72–85): the raw 0–255 pixel values plus U(0, 1) noise drawn once at load (train and test alike), then both
 * divided by the training set's maximum. The draws come from `seed` (theirs: np.random.seed(0) in main_tf2.py),
 * so every run of a figure sees the same data.
 */
export interface PixelPreprocessing {
  kind: "exp-reg-dequantise";
  seed: number;
}

function dequantise(train: Dataset, test: Dataset, p: PixelPreprocessing): { train: Dataset; test: Dataset } {
  const rng = createRng(p.seed);
  // the loaders give v = raw/255 (the mnist package rounds to 3 decimals, so round back to the grey level)
  const raw = (d: Dataset) => Float32Array.from(d.x, (v) => Math.round(v * 255) + rng.uniform());
  const xTrain = raw(train);
  const xTest = raw(test);
  let max = 0;
  for (const v of xTrain) if (v > max) max = v;
  for (let i = 0; i < xTrain.length; i++) xTrain[i] = xTrain[i]! / max;
  for (let i = 0; i < xTest.length; i++) xTest[i] = xTest[i]! / max;
  return { train: { ...train, x: xTrain }, test: { ...test, x: xTest } };
}

/** Train and test sets of a panel; MNIST: the first `train` shuffled digits, then the next `test` (disjoint). */
export function loadPanel(p: DataPanel, shape: "flat" | "image", pixels?: PixelPreprocessing): { train: Dataset; test: Dataset } {
  let train: Dataset;
  let test: Dataset;
  if (p.name === "mnist") {
    const all = loadMnist({ limit: p.train + p.test, seed: 0, shape });
    train = sliceDataset(all, 0, p.train);
    test = sliceDataset(all, p.train, p.test);
  } else {
    if (!p.dir) throw new Error(`${DATA_LABEL[p.name]}: ${p.missing}`);
    const load = p.name === "svhn" ? loadSvhn : loadCifar10;
    train = load(p.dir, { split: "train", limit: p.train });
    test = load(p.dir, { split: "test", limit: p.test });
  }
  if (pixels) ({ train, test } = dequantise(train, test, pixels));
  if (shape === "flat") {
    const flat = (d: Dataset): Dataset => ({ ...d, inputShape: [d.inputShape.reduce((a, b) => a * b, 1)] });
    return { train: flat(train), test: flat(test) };
  }
  return { train, test };
}

/**
 * A network. `init` absent: gni's default (Glorot-uniform, zero biases; the paper protocol, unchanged).
 * `bias: false` (MLP only): no biases, exp_reg_GNIs' `make_mlp`.
 */
export type NetSpec =
  | { kind: "mlp"; hidden: number[]; activation: Activation; init?: InitScheme; bias?: boolean }
  | { kind: "cnn"; filters: [number, number]; kernelSize: number; stride: number; activation: Activation; init?: InitScheme };

export function netLabel(n: NetSpec): string {
  const init = n.init ? `, ${n.init}${n.kind === "mlp" && n.bias === false ? ", no biases" : ""}` : "";
  return n.kind === "mlp" ? `MLP ${n.hidden.join("×")} ${n.activation}${init}` : `CONV ${n.filters.join("/")} filters ${n.kernelSize}×${n.kernelSize} stride ${n.stride} 'same' ${n.activation}${init}`;
}

/**
 * exp_reg_GNIs' saved initialisation (main_tf2.py `main`, lines 126–145): before any run, the model is trained
 * for ONE step (`set_up_estimator(GNIs, params, 1, …)`) into ./init_weights/<N>_<H>_<dataset> (or
 * conv_<dataset>), and every run warm-starts from that checkpoint (`warm_start_from=warm_start_dir`, line 161).
 * Here: the network drawn with `net.init` from seed 1000·s + 1, then `steps` SGD steps of L̃_1 with this noise,
 * learning rate and batch size (mini-batch and noise seed 1000·s + 5); built once per (network, data, seed)
 * and passed as `weights` to every run of the figure.
 */
export interface SharedInitSpec {
  steps: number;
  noise: HeldOutNoise;
  learningRate: number;
  batchSize: number;
}

export interface HeldOutNoise {
  type: NoiseType;
  /** Standard deviation (σ = √var). */
  sigma: number;
  /** Absent: gni's default, the input and every hidden activation. */
  sites?: NoiseSite[];
}

export interface HeldOutRunConfig {
  net: NetSpec;
  noise: HeldOutNoise;
  /** 'noise': L̃_M with the noise injected; 'explicit': L + R of the same noise; 'clean': no regularisation. */
  regime: "noise" | "explicit" | "clean";
  M: number;
  learningRate: number;
  batchSize: number;
  steps: number;
  /** The test loss is evaluated every evalEvery steps (and at step 0). */
  evalEvery: number;
  /** Replicas per batched pass (memory only). */
  chunk: number;
  /** S_α fits to ∇E_L (M = 1 noise against an mRef-sample reference, on a mini-batch) every `every` steps. */
  fits?: { every: number; mRef: number; maxSamples: number; estimator: "mle" | "quantile" };
  /** Authors' protocol: every run starts from one shared saved initialisation built this way (see SharedInitSpec). */
  sharedInit?: SharedInitSpec;
  /** Authors' protocol: pixel preprocessing (see PixelPreprocessing); absent = the loaders' [0, 1] values. */
  pixels?: PixelPreprocessing;
}

export interface NoiseFit {
  step: number;
  layer: string;
  alpha: number;
  beta: number;
  scale: number;
  samples: number;
}

export interface HeldOutRun {
  seed: number;
  backend: string;
  seconds: number;
  /** (steps done, clean test loss after them). */
  testLoss: Array<[number, number]>;
  /** Mean test loss over the last finalFraction of the evaluations; null when the run diverged. */
  finalTestLoss: number | null;
  divergedAt: number | null;
  divergence?: string;
  fits?: NoiseFit[];
  /** With a shared initialisation: SHA-256 of the weights the run started from (every run of a (network, data, seed) must agree). */
  initSha256?: string;
}

function buildNet(spec: NetSpec, data: Dataset, seed: number, weights?: NetworkWeights): Network {
  const from = weights ? { weights } : spec.init ? { init: spec.init, seed } : { seed };
  if (spec.kind === "mlp") {
    return createMlp({ inputSize: data.inputShape.reduce((a, b) => a * b, 1), outputSize: data.targetSize, hidden: spec.hidden, activation: spec.activation, ...(spec.bias !== undefined ? { bias: spec.bias } : {}), ...from });
  }
  const [h, w, c] = data.inputShape as [number, number, number];
  return createCnn({ inputShape: [h, w, c], outputSize: data.targetSize, filters: spec.filters, kernelSize: spec.kernelSize, stride: spec.stride, activation: spec.activation, ...from });
}

/** SHA-256 of a network's weights (float32 bytes, layer order). */
export function weightsSha256(net: Network): string {
  const h = createHash("sha256");
  for (const w of net.getWeights()) h.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  return h.digest("hex");
}

/** The shared saved initialisation of a (network, data, seed): see SharedInitSpec. */
export function buildSharedInit(spec: NetSpec, init: SharedInitSpec, train: Dataset, seed: number): NetworkWeights {
  const net = buildNet(spec, train, 1000 * seed + 1);
  try {
    const trainer = createTrainer(net, train, {
      noise: init.noise, M: 1, loss: "cross-entropy", learningRate: init.learningRate, batchSize: Math.min(init.batchSize, train.n), seed: 1000 * seed + 5,
    });
    try {
      for (let k = 0; k < init.steps; k++) trainer.step();
    } finally {
      trainer.dispose();
    }
    return exportWeights(net);
  } finally {
    net.dispose();
  }
}

/**
 * One run: network init seed 1000·s + 1 (or the shared saved `weights`, required when cfg.sharedInit is set),
 * noise and mini-batches seed 1000·s + 7, fit subsets 1000·s + 11.
 */
export function trainHeldOut(cfg: HeldOutRunConfig, data: { train: Dataset; test: Dataset }, seed: number, finalFraction: number, weights?: NetworkWeights): HeldOutRun {
  if (cfg.sharedInit && !weights) throw new Error("trainHeldOut: this configuration starts from a shared saved initialisation; pass it as `weights` (buildSharedInit)");
  const net = buildNet(cfg.net, data.train, 1000 * seed + 1, cfg.sharedInit ? weights : undefined);
  const initSha256 = cfg.sharedInit ? weightsSha256(net) : undefined;
  const sigma = cfg.regime === "clean" ? 0 : cfg.noise.sigma;
  const testLoss: Array<[number, number]> = [];
  const fits: NoiseFit[] = [];
  const fitRng = createRng(1000 * seed + 11);
  let divergedAt: number | null = null;
  let divergence: string | undefined;
  let step = 0;
  const t0 = performance.now();
  const evalTest = () => {
    const v = evaluateLoss(net, data.test, { loss: "cross-entropy" }).value;
    testLoss.push([step, v]);
  };
  const fitNow = () => {
    const f = cfg.fits!;
    const idx = Int32Array.from({ length: Math.min(cfg.batchSize, data.train.n) }, () => Math.floor(fitRng.uniform() * data.train.n));
    const batch = selectExamples(data.train, idx);
    const r = implicitGradientNoise(net, batch, { noise: { ...cfg.noise, sigma }, loss: "cross-entropy", M: 1, mRef: f.mRef, chunk: Math.min(f.mRef, cfg.chunk), seed: 1000 * seed + 13 + step });
    for (const l of r.layers) {
      const law = fitNoiseLaw(`gradient noise of ${l.layer} at step ${step}`, l.weight, { maxSamples: f.maxSamples, estimator: f.estimator, rng: fitRng });
      if (law.scale > 0) fits.push({ step, layer: l.layer, ...law });
    }
  };
  const trainer = createTrainer(net, data.train, {
    noise: { ...cfg.noise, sigma }, M: cfg.regime === "noise" ? cfg.M : 1, chunk: Math.min(cfg.M, cfg.chunk), loss: "cross-entropy",
    mode: cfg.regime === "explicit" ? "explicit" : "noise", learningRate: cfg.learningRate, batchSize: Math.min(cfg.batchSize, data.train.n), seed: 1000 * seed + 7,
  });
  try {
    evalTest();
    if (cfg.fits) fitNow();
    for (step = 1; step <= cfg.steps; step++) {
      trainer.step();
      if (step % cfg.evalEvery === 0) evalTest();
      if (cfg.fits && step % cfg.fits.every === 0) fitNow();
    }
  } catch (e) {
    divergedAt = step;
    divergence = e instanceof Error ? e.message : String(e);
  } finally {
    trainer.dispose();
    net.dispose();
  }
  const evals = testLoss.slice(1);
  const k = Math.max(1, Math.round(finalFraction * evals.length));
  const finalTestLoss = divergedAt !== null || evals.length === 0 ? null : evals.slice(-k).reduce((s, [, v]) => s + v, 0) / k;
  const run: HeldOutRun = { seed, backend: trainer.backend, seconds: (performance.now() - t0) / 1000, testLoss: testLoss.map(([s, v]) => [s, sig(v)]), finalTestLoss, divergedAt };
  if (divergence !== undefined) run.divergence = divergence;
  if (cfg.fits) run.fits = fits.map((f) => ({ ...f, alpha: sig(f.alpha), beta: sig(f.beta), scale: sig(f.scale) }));
  if (initSha256 !== undefined) run.initSha256 = initSha256;
  return run;
}

/** What one `held-out` sub-run needs: its checkpoint key (heldOutKey). */
export interface HeldOutTask {
  data: Pick<DataPanel, "name" | "train" | "test" | "files"> & { dir: string | null };
  run: HeldOutRunConfig;
  seed: number;
  finalFraction: number;
}

/** Loaded panels of this process, by key: the runs of one figure share a panel (a handful at most, small). */
const loadedPanels = new Map<string, { train: Dataset; test: Dataset }>();

/**
 * The `held-out` sub-run (tasks.ts): one run of Fig. 7 or 8, from its key alone — the panel is loaded (and kept for
 * the next run of this process) and, under the authors' protocol, the shared saved initialisation rebuilt: it is a
 * deterministic function of (network, data, seed), so every run of a (network, data, seed) starts from the same
 * weights whichever process runs it (`initSha256` in the result shows it).
 */
export function heldOutTask(t: HeldOutTask): HeldOutRun {
  const shape = t.run.net.kind === "cnn" ? "image" : "flat";
  const panel: DataPanel = { name: t.data.name, standIn: t.data.name === "mnist", train: t.data.train, test: t.data.test, ...(t.data.dir !== null ? { dir: t.data.dir } : {}), ...(t.data.files ? { files: t.data.files } : {}) };
  const id = JSON.stringify([t.data, shape, t.run.pixels ?? null]);
  let loaded = loadedPanels.get(id);
  if (loaded === undefined) {
    loaded = loadPanel(panel, shape, t.run.pixels);
    if (loadedPanels.size >= 4) loadedPanels.delete(loadedPanels.keys().next().value!);
    loadedPanels.set(id, loaded);
  }
  const shared = t.run.sharedInit ? buildSharedInit(t.run.net, t.run.sharedInit, loaded.train, t.seed) : undefined;
  return trainHeldOut(t.run, loaded, t.seed, t.finalFraction, shared);
}

/** The checkpoint key of one held-out run (shared by Figs 7 and 8, so equal runs are computed once). */
export function heldOutKey(d: DataPanel, run: HeldOutRunConfig, seed: number, finalFraction: number, backend: string): HeldOutTask & { kind: "held-out"; backend: string; version: number } {
  // the files' identity only for real data sets, so the MNIST stand-in's keys (and checkpoints) are unchanged
  return { kind: "held-out", data: { name: d.name, dir: d.dir ?? null, train: d.train, test: d.test, ...(d.files ? { files: d.files } : {}) }, run, seed, finalFraction, backend, version: 1 };
}

/** "Data: … Not run: …" for a figure's 'what we ran'. */
export function describeData(panels: DataPanel[]): string {
  const ran = panels.filter((d) => !d.missing);
  return `Data: ${ran.map((d) => `${DATA_LABEL[d.name]} (${d.train} training / ${d.test} test images${d.name === "mnist" ? ", disjoint slices of the mnist package's 10 000 real digits shuffled with seed 0" : ` from ${d.dir}${d.files ? `; files ${d.files.map((f) => `${f.name} (${f.bytes} bytes, sha256 ${f.sha256.slice(0, 12)}…)`).join(", ")}` : ""}`})`).join("; ")}. ` +
    `Not run: ${panels.filter((d) => d.missing).map((d) => `${DATA_LABEL[d.name]} — ${d.missing}`).join(" ") || "none"}. `;
}

/** Gaussian KDE (Silverman's bandwidth, @heavytails/sde) of parameter estimates on [lo, hi], as curve points. */
export function kdeCurve(values: number[], series: string, lo: number, hi: number): CurvePoint[] {
  if (values.length < 2) return [];
  const spreadOk = Math.max(...values) > Math.min(...values);
  const r = kde(values, { lo, hi, points: 200, ...(spreadOk ? {} : { bandwidth: 0.01 }) });
  return Array.from(r.x, (x, i) => ({ x: sig(x), series, y: sig(r.density[i]!), lo: sig(r.density[i]!), hi: sig(r.density[i]!) }));
}

/** A text-only panel for a data set that was not run (the figure shows the gap, never a fake curve). */
export function notRunPanel(title: string, message: string, width = 320): Record<string, unknown> {
  const words = message.split(/\s+/);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines.at(-1);
    if (last !== undefined && (last + " " + w).length <= 52) lines[lines.length - 1] = last + " " + w;
    else lines.push(w);
  }
  return {
    title,
    width,
    height: 110,
    data: { values: lines.map((text, i) => ({ text, i })) },
    mark: { type: "text", align: "left", baseline: "top", fontSize: 11, color: "#757575" },
    encoding: { x: { value: 6 }, y: { field: "i", type: "quantitative", scale: { domain: [0, Math.max(10, lines.length)], reverse: true }, axis: null }, text: { field: "text" } },
  };
}

/**
 * exp_reg_GNIs (github.com/alexander-camuto/exp_reg_GNIs, commit 64e471b), the code the paper points to for
 * Figs 7 and 8: the settings both figures share under --protocol authors, each with where it is set.
 */
export const EXP_REG = {
  repo: "exp_reg_GNIs",
  learningRate: 0.001,
  batchSize: 512,
  /** main_tf2.py flags `n_epochs` (default 100); scripts/all_experiments.sh passes --n_epochs=250 to every run. */
  epochsDefault: 100,
  epochsScripts: 250,
  /** Their training set sizes (the full sets): SVHN train_32x32.mat 73 257 / 26 032, CIFAR-10 50 000 / 10 000. */
  fullSizes: { svhn: [73_257, 26_032], cifar10: [50_000, 10_000] } as Record<"svhn" | "cifar10", [number, number]>,
} as const;

/** exp_reg_GNIs' steps for `epochs` epochs of n training examples: epoch_steps = int(n / B) + 1 (main_tf2.py `main`, lines 122–124). */
export function expRegSteps(n: number, batchSize: number, epochs: number): number {
  return epochs * (Math.floor(n / batchSize) + 1);
}

/** Real data sets at exp_reg's sizes (the full training and test sets), the stand-in at `mnist`. */
export function expRegPanels(real: Array<"svhn" | "cifar10">, dataDir: string | undefined, realSizes: Record<"svhn" | "cifar10", [number, number]>, mnist: [number, number]): DataPanel[] {
  const panels = dataPanels(real, dataDir, { real: [1, 1], mnist });
  return panels.map((p) => (p.name === "mnist" ? p : { ...p, train: realSizes[p.name][0], test: realSizes[p.name][1] }));
}

/** The shared settings of Figs 7 and 8 under --protocol authors, with their sources. */
export function expRegCommonSettings(): Array<{ setting: string; value: string; source: string }> {
  return [
    { setting: "initialisation", value: "Keras glorot_normal (truncated normal, Var W = 2/(fan_in + fan_out)); no biases in the MLP", source: "exp_reg_GNIs src_tf2/networks.py, make_mlp (Dense(kernel_initializer='glorot_normal', use_bias=False), lines 187–197) and make_convnet (lines 125–144)" },
    { setting: "shared saved initialisation", value: "per (network, data set, seed) one network, trained ONE step of L̃_1 with the figure's first noise setting (lr 0.001, batch 512), shared by every run of the figure (the runs' SHA-256 of their starting weights are recorded and must agree)", source: "exp_reg_GNIs main_tf2.py, main: set_up_estimator(GNIs, params, 1, …) into ./init_weights/<N>_<H>_<dataset> or conv_<dataset> (lines 126–145), then warm_start_from=warm_start_dir for the run (lines 154–161); the first script line per data set is the noised run (scripts/all_experiments.sh)" },
    { setting: "noise sites", value: "the input and every hidden output (after the activation); never the logits", source: "exp_reg_GNIs src_tf2/GNIs.py, GNIs: non_targeted_layers += [N + 1] (line 80); networks.py, replace_mask_layer (noise added after each 'input', 'conv', 'dense' layer but the last, lines 282–296)" },
    { setting: "σ", value: "σ = √var (the flag `var` is a variance)", source: "exp_reg_GNIs src_tf2/networks.py, replace_mask_layer: sigma = np.sqrt(var) (line 268)" },
    { setting: "loss", value: "softmax cross-entropy, mean over the batch (theirs adds 1e-5 inside the log: −Σ y log(softmax + 1e-5); ours is the exact log-softmax)", source: "exp_reg_GNIs src_tf2/networks.py, cross_entropy (lines 32–34); GNIs.py, tf.reduce_mean in the gradients (lines 285–287)" },
    { setting: "optimiser", value: `plain SGD (GradientDescentOptimizer), lr ${EXP_REG.learningRate}, batch ${EXP_REG.batchSize}, batches drawn without replacement within a batch, independently across batches; only the kernels are updated`, source: "exp_reg_GNIs main_tf2.py flags learning_rate 0.001 and B 512 (lines 31–33, 60); GNIs.py, GNIs: GradientDescentOptimizer, gradients of trainable_weights[0] only (lines 145, 165, 305–306, 326); svhn.py data_generator_train (np.random.choice, replace=False; cifar10.py draws with replacement)" },
    { setting: "pixels", value: "raw 0–255 values + U(0, 1) drawn once at load (seed 0, train and test), divided by the training set's maximum (the stand-in's grey levels are the mnist package's v·255 rounded)", source: "exp_reg_GNIs src_tf2/data_processing/svhn.py, load_svhn (dequantify, normalize: lines 159–172); cifar10.py, load_cifar10 (lines 72–85); main_tf2.py np.random.seed(0) (line 20). Their mnist.py (/256, binarised training batches) is not used: the stand-in stands in for SVHN/CIFAR-10" },
    { setting: "test loss", value: "clean cross-entropy on the test set, every 10 epochs", source: "exp_reg_GNIs main_tf2.py, save_checkpoints_steps = 10 epochs with eval after each checkpoint (lines 134–137, 104–107); GNIs.py eval_metrics 'loss/og' (line 354)" },
  ];
}
