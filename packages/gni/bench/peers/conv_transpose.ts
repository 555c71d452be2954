/**
 * Peer of gni.grad.conv2d-input: tfjs's own input-gradient kernel (conv2dTranspose) on the same backend,
 * after the forward convolution. Prints one JSON line {"value": seconds, "details": {...}}.
 *   npx tsx packages/gni/bench/peers/conv_transpose.ts [--reps N]
 */
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../src/index.js";
import { CONV_LAYER, checkInputGradient, convTensors, inputGradientReference, medianSeconds } from "../conv-gradient.js";

const i = process.argv.indexOf("--reps");
const reps = i > 0 ? Number(process.argv[i + 1]) : 20;
const info = await selectBackend();
const { x, w, r } = convTensors();
const s = CONV_LAYER.stride;
const call = () => {
  tf.conv2d(x, w, s, "same");
  return tf.conv2dTranspose(r, w, x.shape, s, "same");
};
const once = tf.tidy(() => call().dataSync());
const m = medianSeconds(call, reps);
try {
  const worst = checkInputGradient(once, inputGradientReference(x, w, r, s), m.checksums, (what) => {
    throw new Error(what);
  });
  console.log(JSON.stringify({ value: m.median, details: { backend: info.backend, kernel: "conv2dTranspose", repetitionSeconds: m.times, checksums: m.checksums, maxElementErrorOverMaxAbs: worst } }));
} catch (e) {
  console.log(JSON.stringify({ skipped: `wrong result: ${(e as Error).message}` }));
}
