/**
 * Losses ℓ(f, y) averaged over examples (eq. 2.1): mean squared error (mean over
 * examples and outputs, as tf.losses.meanSquaredError) and softmax cross-entropy
 * with one-hot targets.
 */
import * as tf from "@tensorflow/tfjs-core";

export type LossName = "mse" | "cross-entropy";
export const LOSSES: readonly LossName[] = ["mse", "cross-entropy"];

/** Per-example loss, shape [n]. */
export function perExampleLoss(output: tf.Tensor, target: tf.Tensor, loss: LossName): tf.Tensor1D {
  if (loss === "mse") return tf.mean(tf.squaredDifference(output, target), -1) as tf.Tensor1D;
  return tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(output)), -1)) as tf.Tensor1D;
}

/** Mean loss over the batch, a scalar. */
export function meanLoss(output: tf.Tensor, target: tf.Tensor, loss: LossName): tf.Scalar {
  if (loss === "mse") return tf.mean(tf.squaredDifference(output, target));
  return tf.mean(perExampleLoss(output, target, loss));
}
