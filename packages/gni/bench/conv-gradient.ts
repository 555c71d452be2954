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

/** Median seconds of `reps` calls of `f` (after two warm-up calls), each read back to the CPU. */
export function medianSeconds(f: () => tf.Tensor, reps: number): { median: number; times: number[]; checksum: number } {
  let checksum = 0;
  for (let i = 0; i < 2; i++) tf.tidy(() => void f().dataSync());
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    checksum = tf.tidy(() => tf.sum(f()).dataSync()[0]!);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { median: [...times].sort((a, b) => a - b)[times.length >> 1]!, times, checksum };
}
