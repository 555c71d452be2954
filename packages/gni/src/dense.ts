/**
 * The dense layer x·W + b with a choice of matmul gradient.
 *
 * tfjs's stock gradient of matMul computes dx = dy·Wᵀ and dW = xᵀ·dy with the
 * transpose flags of matMul; on the wasm backend those transposed products are
 * much slower than plain ones. 'explicit-transpose' materialises Wᵀ and xᵀ with
 * tf.transpose and multiplies without flags. The bench (bench/index.ts) measures
 * both; `defaultMatmulGradient` returns the faster one per backend.
 */
import * as tf from "@tensorflow/tfjs-core";

export type MatmulGradient = "stock" | "explicit-transpose";

/** Faster choice measured by this package's bench (see README "Backends and speed"). */
export function defaultMatmulGradient(backend: string): MatmulGradient {
  return backend === "wasm" ? "explicit-transpose" : "stock";
}

const explicitMatMul = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, w, save] = args as unknown as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g)];
    },
  };
});

/** Same, for an input that needs no gradient (the network input): dx is never formed (a zero placeholder is returned). */
const explicitMatMulWeightOnly = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, w, save] = args as unknown as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs] = saved as [tf.Tensor2D];
      return [tf.zerosLike(xs), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
    },
  };
});

/**
 * κ(x·W + b) with κ = ReLU or the identity in one fused kernel (tf.fused.matMul), with the
 * explicit-transpose gradient: dz = dy·step(y) (ReLU), dx = dz·Wᵀ, dW = xᵀ·dz, db = Σ_rows dz.
 * Saves the separate bias add, activation and their saved copies on the tape.
 */
function makeFusedDense(activation: "relu" | "linear", inputGrad: boolean) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, w, b, save] = args as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const value = tf.fused.matMul({ a: x, b: w, bias: b, activation });
    save(activation === "relu" ? [x, w, value] : [x, w]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined];
        const dz = (ys ? tf.mul(dy as tf.Tensor, tf.step(ys)) : dy) as tf.Tensor2D;
        return [inputGrad ? tf.matMul(dz, tf.transpose(ws)) : tf.zerosLike(xs), tf.matMul(tf.transpose(xs), dz), tf.sum(dz, 0)];
      },
    };
  });
}

const fusedDense = {
  relu: makeFusedDense("relu", true),
  reluNoInputGrad: makeFusedDense("relu", false),
  linear: makeFusedDense("linear", true),
  linearNoInputGrad: makeFusedDense("linear", false),
};

/**
 * κ(x·W + b) for κ ∈ {ReLU, identity} with the explicit-transpose gradient, fused; null when
 * the fused path does not apply (stock gradient, no bias, or another activation).
 */
export function fusedDenseActivation(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, grad: MatmulGradient, activation: "relu" | "linear" | "other", inputGrad = true): tf.Tensor2D | null {
  if (grad !== "explicit-transpose" || b === null || activation === "other") return null;
  const f = activation === "relu" ? (inputGrad ? fusedDense.relu : fusedDense.reluNoInputGrad) : inputGrad ? fusedDense.linear : fusedDense.linearNoInputGrad;
  return f(x, w, b) as tf.Tensor2D;
}

/**
 * x [n, in] · W [in, out] (+ b [out]). With `inputGrad` false (explicit-transpose only)
 * the gradient with respect to x is not computed: use it only where x is not differentiated.
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, grad: MatmulGradient, inputGrad = true): tf.Tensor2D {
  const y: tf.Tensor2D =
    grad === "stock" ? tf.matMul(x, w) : ((inputGrad ? explicitMatMul(x, w) : explicitMatMulWeightOnly(x, w)) as tf.Tensor2D);
  return b ? (tf.add(y, b) as tf.Tensor2D) : y;
}
