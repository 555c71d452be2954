/**
 * Held-out experiments of Figs 7 and 8: the real data sets (SVHN, CIFAR-10) when --data-dir holds them, the
 * MNIST stand-in always; mini-batch SGD on the noised objective L̃_M (4.5), on L + R (the explicit
 * regulariser) or on the clean loss, with the test-set loss recorded along the way and, optionally, S_α
 * fits to the implicit-effect gradient noise ∇E_L at checkpoints. A run that diverges is recorded up to
 * the divergence, never dropped.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  createCnn, createMlp, createTrainer, evaluateLoss, fitNoiseLaw, imageDatasetMissing, implicitGradientNoise, loadCifar10, loadMnist, loadSvhn,
  selectExamples, sliceDataset, type Activation, type Dataset, type Network, type NoiseType,
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
  train: number;
  test: number;
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
    return where.dir ? { ...base, dir: where.dir } : { ...base, missing: `not run: ${where.missing}` };
  });
  panels.push({ name: "mnist", standIn: true, train: sizes.mnist[0], test: sizes.mnist[1] });
  return panels;
}

/** Train and test sets of a panel; MNIST: the first `train` shuffled digits, then the next `test` (disjoint). */
export function loadPanel(p: DataPanel, shape: "flat" | "image"): { train: Dataset; test: Dataset } {
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
  if (shape === "flat") {
    const flat = (d: Dataset): Dataset => ({ ...d, inputShape: [d.inputShape.reduce((a, b) => a * b, 1)] });
    return { train: flat(train), test: flat(test) };
  }
  return { train, test };
}

export type NetSpec =
  | { kind: "mlp"; hidden: number[]; activation: Activation }
  | { kind: "cnn"; filters: [number, number]; kernelSize: number; stride: number; activation: Activation };

export function netLabel(n: NetSpec): string {
  return n.kind === "mlp" ? `MLP ${n.hidden.join("×")} ${n.activation}` : `CONV ${n.filters.join("/")} filters ${n.kernelSize}×${n.kernelSize} stride ${n.stride} ${n.activation}`;
}

export interface HeldOutRunConfig {
  net: NetSpec;
  noise: { type: NoiseType; sigma: number };
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
}

function buildNet(spec: NetSpec, data: Dataset, seed: number): Network {
  if (spec.kind === "mlp") {
    return createMlp({ inputSize: data.inputShape.reduce((a, b) => a * b, 1), outputSize: data.targetSize, hidden: spec.hidden, activation: spec.activation, seed });
  }
  const [h, w, c] = data.inputShape as [number, number, number];
  return createCnn({ inputShape: [h, w, c], outputSize: data.targetSize, filters: spec.filters, kernelSize: spec.kernelSize, stride: spec.stride, activation: spec.activation, seed });
}

/** One run: network init seed 1000·s + 1, noise and mini-batches seed 1000·s + 7, fit subsets 1000·s + 11. */
export function trainHeldOut(cfg: HeldOutRunConfig, data: { train: Dataset; test: Dataset }, seed: number, finalFraction: number): HeldOutRun {
  const net = buildNet(cfg.net, data.train, 1000 * seed + 1);
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
    const r = implicitGradientNoise(net, batch, { noise: { type: cfg.noise.type, sigma }, loss: "cross-entropy", M: 1, mRef: f.mRef, chunk: Math.min(f.mRef, cfg.chunk), seed: 1000 * seed + 13 + step });
    for (const l of r.layers) {
      const law = fitNoiseLaw(`gradient noise of ${l.layer} at step ${step}`, l.weight, { maxSamples: f.maxSamples, estimator: f.estimator, rng: fitRng });
      if (law.scale > 0) fits.push({ step, layer: l.layer, ...law });
    }
  };
  const trainer = createTrainer(net, data.train, {
    noise: { type: cfg.noise.type, sigma }, M: cfg.regime === "noise" ? cfg.M : 1, chunk: Math.min(cfg.M, cfg.chunk), loss: "cross-entropy",
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
  return run;
}

/** The checkpoint key of one held-out run (shared by Figs 7 and 8, so equal runs are computed once). */
export function heldOutKey(d: DataPanel, run: HeldOutRunConfig, seed: number, finalFraction: number, backend: string): Record<string, unknown> {
  return { kind: "held-out", data: { name: d.name, dir: d.dir ?? null, train: d.train, test: d.test }, run, seed, finalFraction, backend, version: 1 };
}

/** "Data: … Not run: …" for a figure's 'what we ran'. */
export function describeData(panels: DataPanel[]): string {
  const ran = panels.filter((d) => !d.missing);
  return `Data: ${ran.map((d) => `${DATA_LABEL[d.name]} (${d.train} training / ${d.test} test images${d.name === "mnist" ? ", disjoint slices of the mnist package's 10 000 real digits shuffled with seed 0" : ` from ${d.dir}`})`).join("; ")}. ` +
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
