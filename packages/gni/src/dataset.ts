/** A data set held as flat float32 arrays (row-major, example-major), with one-hot targets for classification. */
import { checkInt, rangeError } from "./validate.js";

export interface Dataset {
  /** Inputs, n × prod(inputShape). */
  x: Float32Array;
  /** Targets, n × targetSize (regression values or one-hot labels). */
  y: Float32Array;
  n: number;
  /** Shape of one input, e.g. [1], [784], [32, 32, 3]. */
  inputShape: number[];
  targetSize: number;
  /** Integer labels when the data set is a classification one. */
  labels?: Int32Array;
}

/** One-hot encode labels in {0, …, classes − 1}. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  checkInt("classes", classes, 1);
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0 || l >= classes) throw rangeError(`labels[${i}]`, l, `{0, ..., ${classes - 1}}`);
    out[i * classes + l] = 1;
  }
  return out;
}

/** Check that a Dataset's arrays agree with its declared sizes. */
export function checkDataset(name: string, d: Dataset): void {
  if (d == null || !(d.x instanceof Float32Array) || !(d.y instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Dataset { x: Float32Array, y: Float32Array, n, inputShape, targetSize }`);
  }
  checkInt(`${name}.n`, d.n, 1);
  const per = d.inputShape.reduce((a, b) => a * b, 1);
  if (d.x.length !== d.n * per) throw new RangeError(`${name}.x has ${d.x.length} values; n × prod(inputShape) = ${d.n * per}`);
  if (d.y.length !== d.n * d.targetSize) throw new RangeError(`${name}.y has ${d.y.length} values; n × targetSize = ${d.n * d.targetSize}`);
}

/** Examples [start, start + count) as a new Dataset (copies). */
export function sliceDataset(d: Dataset, start: number, count: number): Dataset {
  checkInt("start", start, 0, d.n - 1);
  checkInt("count", count, 1, d.n - start);
  const per = d.inputShape.reduce((a, b) => a * b, 1);
  const out: Dataset = {
    x: d.x.slice(start * per, (start + count) * per),
    y: d.y.slice(start * d.targetSize, (start + count) * d.targetSize),
    n: count,
    inputShape: [...d.inputShape],
    targetSize: d.targetSize,
  };
  if (d.labels) out.labels = d.labels.slice(start, start + count);
  return out;
}

/** The examples at `indices` as a new Dataset (copies). */
export function selectExamples(d: Dataset, indices: ArrayLike<number>): Dataset {
  const per = d.inputShape.reduce((a, b) => a * b, 1);
  const k = indices.length;
  const x = new Float32Array(k * per);
  const y = new Float32Array(k * d.targetSize);
  const labels = d.labels ? new Int32Array(k) : undefined;
  for (let j = 0; j < k; j++) {
    const i = indices[j]!;
    x.set(d.x.subarray(i * per, (i + 1) * per), j * per);
    y.set(d.y.subarray(i * d.targetSize, (i + 1) * d.targetSize), j * d.targetSize);
    if (labels) labels[j] = d.labels![i]!;
  }
  const out: Dataset = { x, y, n: k, inputShape: [...d.inputShape], targetSize: d.targetSize };
  if (labels) out.labels = labels;
  return out;
}
