/**
 * The convolution input gradient that @heavytails/gni registers (sub-pixel form from stride-1
 * convolutions, src/gradients.ts) against tfjs's own kernel for it (conv2dTranspose), on the same
 * backend; shared by the bench case (ours) and its peer (peers/conv_transpose.ts). Each timed call
 * does the forward convolution and the input gradient: ours through tf.grads, the peer by calling
 * conv2d then conv2dTranspose directly.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRng } from "@heavytails/stable";

/** A 64 × 14 × 14 × 16 → 7 × 7 × 32 layer, 5 × 5 kernel, stride 2, 'same' (the second layer of a CONV 16/32 net on MNIST). */
export const CONV_LAYER = { x: [64, 14, 14, 16], w: [5, 5, 16, 32], stride: 2 } as const;

export function convTensors(): { x: tf.Tensor4D; w: tf.Tensor4D; r: tf.Tensor4D } {
  const rng = createRng(3);
  const t = (shape: readonly number[]): tf.Tensor4D => {
    const [a, b, c, d] = shape as [number, number, number, number];
    return tf.tensor4d(Float32Array.from({ length: a * b * c * d }, () => rng.normal()), [a, b, c, d]);
  };
  const x = t(CONV_LAYER.x), w = t(CONV_LAYER.w);
  const r = t(tf.conv2d(x, w, CONV_LAYER.stride, "same").shape);
  return { x, w, r };
}

/** Median seconds of `reps` calls of `f` (after two warm-up calls), each read back to the CPU as its sum (`checksums`). */
export function medianSeconds(f: () => tf.Tensor, reps: number): { median: number; times: number[]; checksum: number; checksums: number[] } {
  for (let i = 0; i < 2; i++) tf.tidy(() => void f().dataSync());
  const times: number[] = [];
  const checksums: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    checksums.push(tf.tidy(() => tf.sum(f()).dataSync()[0]!));
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { median: [...times].sort((a, b) => a - b)[times.length >> 1]!, times, checksum: checksums[reps - 1]!, checksums };
}

/**
 * ∂L/∂x for L = Σ conv2d(x, w, stride, 'same') · r, by direct summation in double precision
 * (independent of tfjs and of gni's gradient): dx[n, i, j, c] = Σ w[kh, kw, c, o] r[n, oh, ow, o]
 * over i = oh·s + kh − padTop, j = ow·s + kw − padLeft, with TensorFlow's 'same' padding
 * (total max((out − 1)·s + k − in, 0), the smaller half before).
 */
export function inputGradientReference(x: tf.Tensor4D, w: tf.Tensor4D, r: tf.Tensor4D, s: number): Float64Array {
  const [N, H, W, C] = x.shape;
  const [KH, KW, , O] = w.shape;
  const [, OH, OW] = r.shape;
  const padTop = Math.floor(Math.max((OH - 1) * s + KH - H, 0) / 2);
  const padLeft = Math.floor(Math.max((OW - 1) * s + KW - W, 0) / 2);
  const wv = w.dataSync(), rv = r.dataSync();
  const dx = new Float64Array(N * H * W * C);
  for (let n = 0; n < N; n++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        const rBase = ((n * OH + oh) * OW + ow) * O;
        for (let kh = 0; kh < KH; kh++) {
          const i = oh * s + kh - padTop;
          if (i < 0 || i >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const j = ow * s + kw - padLeft;
            if (j < 0 || j >= W) continue;
            const xBase = ((n * H + i) * W + j) * C;
            for (let c = 0; c < C; c++) {
              const wBase = ((kh * KW + kw) * C + c) * O;
              let acc = 0;
              for (let o = 0; o < O; o++) acc += wv[wBase + o]! * rv[rBase + o]!;
              dx[xBase + c] = dx[xBase + c]! + acc;
            }
          }
        }
      }
  return dx;
}

/**
 * Compare a float32 input gradient with the double reference: every element within
 * 1e-4 · max |reference| (float32 sums of a few hundred products carry ~1e-6 of that), and every
 * timed call's checksum within 1e-5 · Σ|reference| of the reference sum. Returns the worst
 * element error, relative to max |reference|; throws (via `fail`) when wrong.
 */
export function checkInputGradient(got: ArrayLike<number>, ref: Float64Array, checksums: number[], fail: (what: string) => never): number {
  if (got.length !== ref.length) fail(`gradient has ${got.length} elements, expected ${ref.length}`);
  let maxRef = 0, sumRef = 0, sumAbs = 0;
  for (const v of ref) {
    maxRef = Math.max(maxRef, Math.abs(v));
    sumRef += v;
    sumAbs += Math.abs(v);
  }
  let worst = 0, at = -1;
  for (let k = 0; k < ref.length; k++) {
    const e = Math.abs(got[k]! - ref[k]!);
    if (!(e <= worst)) {
      worst = e;
      at = k;
    }
  }
  if (!(worst <= 1e-4 * maxRef)) fail(`element ${at}: ${got[at]} vs reference ${ref[at]} (max |reference| ${maxRef})`);
  checksums.forEach((c, i) => {
    if (!(Math.abs(c - sumRef) <= 1e-5 * sumAbs)) fail(`timed call ${i}: sum ${c}, reference ${sumRef} (Σ|reference| ${sumAbs})`);
  });
  return worst / maxRef;
}
