/** The non-linearities κ of eq. (2.8): ReLU and ELU obey the extended envelope property (Def. 3.3). */
import * as tf from "@tensorflow/tfjs-core";

export type Activation = "relu" | "elu" | "sigmoid";
export const ACTIVATIONS: readonly Activation[] = ["relu", "elu", "sigmoid"];

export function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case "relu":
      return tf.relu(x);
    case "elu":
      return tf.elu(x);
    case "sigmoid":
      return tf.sigmoid(x);
  }
}
