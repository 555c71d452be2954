/**
 * Loaders for the image data sets of Figs 7 and 8, read from a directory the
 * user points to (nothing is downloaded):
 * - CIFAR-10, binary version: `data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`
 *   (in the directory or in its `cifar-10-batches-bin/`); each record is 1 label byte
 *   then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32 × 32).
 * - SVHN, cropped digits: `train_32x32.mat`, `test_32x32.mat` (MATLAB level 5), with
 *   X uint8 [32, 32, 3, N] column-major and y [N, 1] where label 10 stands for digit 0.
 * Images come back as [N, 32, 32, 3] (NHWC) floats in [0, 1] with one-hot targets.
 *
 * The files are treated as hostile: each must be a regular file of a bounded size, the
 * whole file is validated (not only the part that `limit` keeps): every label an integer in
 * range, every pixel an integer in 0…255, array lengths equal to their dimensions. Each
 * failure is an Error naming the file and the problem; a bad `limit` is a RangeError naming it,
 * checked before anything is read.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { oneHot, type Dataset } from "./dataset.js";
import { readMatV5, type MatTypedArray } from "./mat-v5.js";
import { checkInt, checkOneOf } from "./validate.js";

export interface ImageLoadOptions {
  split?: "train" | "test";
  /**
   * Keep only the first `limit` images: an integer in 1 … the size of the split
   * ({@link CIFAR10_MAX_IMAGES}, {@link SVHN_MAX_IMAGES}), and at most the number of images
   * in the files.
   */
  limit?: number;
}

export const CIFAR10_SOURCE = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (the 'CIFAR-10 binary version')";
export const SVHN_SOURCE = "http://ufldl.stanford.edu/housenumbers/ (Format 2: cropped digits)";

/** Images per split of CIFAR-10: the largest allowed `limit`. */
export const CIFAR10_MAX_IMAGES = { train: 50_000, test: 10_000 } as const;
/** Records in one CIFAR-10 batch file: a larger file is refused before it is read. */
export const CIFAR10_RECORDS_PER_FILE = 10_000;
/** Images per split of SVHN's cropped digits (train_32x32.mat, test_32x32.mat): the largest allowed `limit`. */
export const SVHN_MAX_IMAGES = { train: 73_257, test: 26_032 } as const;
/**
 * The most bytes loadSvhn reads from one .mat file or lets the MAT reader inflate and copy
 * from it (256 MiB; SVHN's train split needs about 226 MB).
 */
export const SVHN_MAX_BYTES = 2 ** 28;

function missing(what: string, dir: string, files: string[], source: string): Error {
  return new Error(`${what} not found in ${dir}: expected ${files.join(", ")}. Download them from ${source} and pass the directory that holds them.`);
}

/** Size of the regular file at `path`, refusing directories and other non-files, and files over `maxBytes`. */
function regularFileSize(path: string, maxBytes: number, what: string): number {
  const st = statSync(path);
  if (!st.isFile()) throw new Error(`${path} is not a regular file (${st.isDirectory() ? "a directory" : "a special file"}); expected ${what}`);
  if (st.size > maxBytes) throw new Error(`${path}: ${st.size} bytes, larger than the ${maxBytes} bytes ${what} can take`);
  return st.size;
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

/** `options.limit` checked against the split's size (before anything is read), or undefined. */
function checkLimit(options: ImageLoadOptions, max: number): number | undefined {
  return options.limit === undefined ? undefined : checkInt("limit", options.limit, 1, max);
}

/** CIFAR-10 (binary version) from `dir`. */
export function loadCifar10(dir: string, options: ImageLoadOptions = {}): Dataset {
  const split = checkOneOf("split", options.split ?? "train", ["train", "test"] as const);
  const limit = checkLimit(options, CIFAR10_MAX_IMAGES[split]);
  const names = cifarNames(split);
  const base = cifarBase(dir, names);
  if (!base) throw missing(`CIFAR-10 ${split} files`, dir, names, CIFAR10_SOURCE);
  const REC = 3073;
  const files = names.map((f) => join(base, f));
  const buffers = files.map((path) => {
    const size = regularFileSize(path, CIFAR10_RECORDS_PER_FILE * REC, `a CIFAR-10 batch (at most ${CIFAR10_RECORDS_PER_FILE} records of 3073 bytes)`);
    if (size === 0) throw new Error(`${path}: 0 bytes, no records (a CIFAR-10 batch holds 3073-byte records)`);
    const b = readFileSync(path);
    if (b.length % REC !== 0) throw new Error(`${path}: ${b.length} bytes is not a whole number of 3073-byte CIFAR-10 records`);
    // every label of the file, not only those `limit` keeps (pixels are bytes: always 0…255)
    for (let r = 0; r < b.length / REC; r++) {
      if (b[r * REC]! > 9) throw new Error(`${path}: record ${r} has label ${b[r * REC]}, not in 0…9`);
    }
    return b;
  });
  const total = buffers.reduce((s, b) => s + b.length / REC, 0);
  const n = checkInt("limit", limit ?? total, 1, total);
  const x = new Float32Array(n * 3072);
  const labels = new Int32Array(n);
  let k = 0;
  for (const b of buffers) {
    for (let r = 0; r < b.length / REC && k < n; r++, k++) {
      const o = r * REC;
      labels[k] = b[o]!;
      for (let p = 0; p < 1024; p++) {
        for (let c = 0; c < 3; c++) x[k * 3072 + p * 3 + c] = b[o + 1 + c * 1024 + p]! / 255;
      }
    }
  }
  return { x, y: oneHot(labels, 10), n, inputShape: [32, 32, 3], targetSize: 10, labels };
}

/** Throw unless every value of `data` is an integer in [lo, hi]. */
function checkIntegers(file: string, name: string, data: MatTypedArray, lo: number, hi: number, what: string): void {
  if (data instanceof Uint8Array && lo <= 0 && hi >= 255) return; // bytes: nothing to check
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${file}: ${name}[${i}] = ${v} is not ${what}`);
  }
}

/** SVHN cropped digits (train_32x32.mat / test_32x32.mat) from `dir`; label 10 becomes 0. */
export function loadSvhn(dir: string, options: ImageLoadOptions = {}): Dataset {
  const split = checkOneOf("split", options.split ?? "train", ["train", "test"] as const);
  const limit = checkLimit(options, SVHN_MAX_IMAGES[split]);
  const file = join(dir, `${split}_32x32.mat`);
  if (!existsSync(file)) throw missing(`SVHN ${split} file`, dir, [`${split}_32x32.mat`], SVHN_SOURCE);
  regularFileSize(file, SVHN_MAX_BYTES, "an SVHN .mat file");
  const vars = readMatV5(readFileSync(file), file, { maxBytes: SVHN_MAX_BYTES });
  const X = vars.find((v) => v.name === "X");
  const Y = vars.find((v) => v.name === "y");
  if (!X?.data || !Y?.data) throw new Error(`${file}: expected numeric variables X and y, found ${vars.map((v) => v.name).join(", ") || "none"}`);
  const [h, w, c, total] = X.dims;
  if (X.dims.length !== 4 || h !== 32 || w !== 32 || c !== 3) throw new Error(`${file}: X has dimensions [${X.dims.join(", ")}], expected [32, 32, 3, N]`);
  if (total === 0) throw new Error(`${file}: X holds no images (dimensions [${X.dims.join(", ")}])`);
  if (Y.data.length !== total) throw new Error(`${file}: y has ${Y.data.length} labels for ${total} images`);
  // the whole file, not only the images `limit` keeps (the MAT reader checked lengths against dimensions)
  checkIntegers(file, "y", Y.data, 1, 10, "an integer label in 1…10");
  checkIntegers(file, "X", X.data, 0, 255, "a pixel value (an integer in 0…255)");
  const n = checkInt("limit", limit ?? total!, 1, total!);
  const src = X.data;
  const x = new Float32Array(n * 3072);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const l = Number(Y.data[k]!);
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
