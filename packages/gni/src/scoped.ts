/** Run `fn` in a tfjs memory scope: every tensor it creates is disposed when it returns (like tf.tidy, for non-tensor results). */
import * as tf from "@tensorflow/tfjs-core";

export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
