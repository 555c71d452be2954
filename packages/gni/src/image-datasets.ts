/**
 * Loaders for the image data sets of Figs 7 and 8, read from a directory the
 * user points to (nothing is downloaded):
 * - CIFAR-10, binary version: `data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`
 *   (in the directory or in its `cifar-10-batches-bin/`); each record is 1 label byte
 *   then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32 × 32).
 * - SVHN, cropped digits: `train_32x32.mat`, `test_32x32.mat` (MATLAB level 5), with
 *   X uint8 [32, 32, 3, N] column-major and y [N, 1] where label 10 stands for digit 0.
 * Images come back as [N, 32, 32, 3] (NHWC) floats in [0, 1] with one-hot targets.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { oneHot, type Dataset } from "./dataset.js";
import { readMatV5 } from "./mat-v5.js";
import { checkInt, checkOneOf } from "./validate.js";

export interface ImageLoadOptions {
  split?: "train" | "test";
  /** Keep only the first `limit` images. */
  limit?: number;
}

export const CIFAR10_SOURCE = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (the 'CIFAR-10 binary version')";
export const SVHN_SOURCE = "http://ufldl.stanford.edu/housenumbers/ (Format 2: cropped digits)";

function missing(what: string, dir: string, files: string[], source: string): Error {
  return new Error(`${what} not found in ${dir}: expected ${files.join(", ")}. Download them from ${source} and pass the directory that holds them.`);
}

const cifarNames = (split: "train" | "test") => (split === "train" ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ["test_batch.bin"]);
const cifarBase = (dir: string, names: string[]) => [dir, join(dir, "cifar-10-batches-bin")].find((d) => names.every((f) => existsSync(join(d, f))));

/**
 * Why `name`'s train and test files cannot be loaded from `dir` (which files are missing and where
 * to get them), or null when they are all there. Checks presence only, reads nothing.
 */
export function imageDatasetMissing(name: "cifar10" | "svhn", dir: string): string | null {
  checkOneOf("name", name, ["cifar10", "svhn"] as const);
  for (const split of ["train", "test"] as const) {
    if (name === "cifar10") {
      const names = cifarNames(split);
      if (!cifarBase(dir, names)) return missing(`CIFAR-10 ${split} files`, dir, names, CIFAR10_SOURCE).message;
    } else if (!existsSync(join(dir, `${split}_32x32.mat`))) {
      return missing(`SVHN ${split} file`, dir, [`${split}_32x32.mat`], SVHN_SOURCE).message;
    }
  }
  return null;
}

/** CIFAR-10 (binary version) from `dir`. */
export function loadCifar10(dir: string, options: ImageLoadOptions = {}): Dataset {
  const split = checkOneOf("split", options.split ?? "train", ["train", "test"] as const);
  const names = cifarNames(split);
  const base = cifarBase(dir, names);
  if (!base) throw missing(`CIFAR-10 ${split} files`, dir, names, CIFAR10_SOURCE);
  const REC = 3073;
  const buffers = names.map((f) => {
    const b = readFileSync(join(base, f));
    if (b.length % REC !== 0) throw new Error(`${join(base, f)}: ${b.length} bytes is not a whole number of 3073-byte CIFAR-10 records`);
    return b;
  });
  const total = buffers.reduce((s, b) => s + b.length / REC, 0);
  const n = checkInt("limit", options.limit ?? total, 1, total);
  const x = new Float32Array(n * 3072);
  const labels = new Int32Array(n);
  let k = 0;
  for (const b of buffers) {
    for (let r = 0; r < b.length / REC && k < n; r++, k++) {
      const o = r * REC;
      labels[k] = b[o]!;
      if (labels[k]! > 9) throw new Error(`CIFAR-10 record ${k}: label ${labels[k]} is not in 0…9`);
      for (let p = 0; p < 1024; p++) {
        for (let c = 0; c < 3; c++) x[k * 3072 + p * 3 + c] = b[o + 1 + c * 1024 + p]! / 255;
      }
    }
  }
  return { x, y: oneHot(labels, 10), n, inputShape: [32, 32, 3], targetSize: 10, labels };
}

/** SVHN cropped digits (train_32x32.mat / test_32x32.mat) from `dir`; label 10 becomes 0. */
export function loadSvhn(dir: string, options: ImageLoadOptions = {}): Dataset {
  const split = checkOneOf("split", options.split ?? "train", ["train", "test"] as const);
  const file = join(dir, `${split}_32x32.mat`);
  if (!existsSync(file)) throw missing(`SVHN ${split} file`, dir, [`${split}_32x32.mat`], SVHN_SOURCE);
  const vars = readMatV5(readFileSync(file), file);
  const X = vars.find((v) => v.name === "X");
  const Y = vars.find((v) => v.name === "y");
  if (!X?.data || !Y?.data) throw new Error(`${file}: expected numeric variables X and y, found ${vars.map((v) => v.name).join(", ") || "none"}`);
  const [h, w, c, total] = X.dims;
  if (X.dims.length !== 4 || h !== 32 || w !== 32 || c !== 3) throw new Error(`${file}: X has dimensions [${X.dims.join(", ")}], expected [32, 32, 3, N]`);
  if (Y.data.length !== total) throw new Error(`${file}: y has ${Y.data.length} labels for ${total} images`);
  const n = checkInt("limit", options.limit ?? total!, 1, total!);
  const src = X.data;
  const x = new Float32Array(n * 3072);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const l = Number(Y.data[k]!);
    if (!(l >= 1 && l <= 10)) throw new Error(`${file}: y[${k}] = ${l} is not in 1…10`);
    labels[k] = l === 10 ? 0 : l;
    for (let r = 0; r < 32; r++) {
      for (let col = 0; col < 32; col++) {
        for (let ch = 0; ch < 3; ch++) {
          x[k * 3072 + (r * 32 + col) * 3 + ch] = Number(src[r + 32 * col + 1024 * ch + 3072 * k]!) / 255;
        }
      }
    }
  }
  return { x, y: oneHot(labels, 10), n, inputShape: [32, 32, 3], targetSize: 10, labels };
}
