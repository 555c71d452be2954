/**
 * Networks as plain tfjs-core code (no layers API, no model.fit), so that the
 * noise, the losses and the gradients are all exposed.
 *
 * A network with L weight layers has L noise sites (eq. 2.8): site 0 is the
 * input h₀ = x, site i (1 ≤ i ≤ L−1) is the activation ĥᵢ = κ(Wᵢ h̃ᵢ₋₁ + bᵢ);
 * the output f = W_L h̃_{L−1} + b_L is never noised. `stage(i, h̃ᵢ)` maps the
 * noised activation at site i to the (clean) activation at site i+1, or to the
 * output when i = L−1.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRng, type Rng } from "@heavytails/stable";
import { ACTIVATIONS, applyActivation, type Activation } from "./activations.js";
import { currentBackend } from "./backend.js";
import { ensureGradients } from "./gradients.js";
import { defaultMatmulGradient, dense, fusedDenseActivation, type MatmulGradient } from "./dense.js";
import { checkInt, checkOneOf, rangeError } from "./validate.js";

export interface LayerParams {
  /** "dense1", "conv1", ... */
  name: string;
  weight: tf.Variable;
  bias: tf.Variable | null;
}

export interface Network {
  readonly kind: "mlp" | "cnn";
  readonly activation: Activation;
  /** Shape of one example's input, e.g. [1], [784], [32, 32, 3]. */
  readonly inputShape: number[];
  readonly outputSize: number;
  /** The L weight layers. */
  readonly layers: LayerParams[];
  /** Per-example shape of the activation at each of the L noise sites (site 0 = input). */
  readonly siteShapes: number[][];
  readonly matmulGradient: MatmulGradient;
  /**
   * Site i's noised activation → site i+1's clean activation (the output for i = L−1).
   * `inputGrad` false promises that no gradient with respect to `h` is needed (skips dx).
   */
  stage(i: number, h: tf.Tensor, inputGrad?: boolean): tf.Tensor;
  /** Trainable variables in layer order: W₁, b₁, W₂, b₂, ... */
  variables(): tf.Variable[];
  /** Copy of every parameter as Float32Array (layer order, as `variables()`). */
  getWeights(): Float32Array[];
  setWeights(values: ArrayLike<number>[]): void;
  dispose(): void;
}

export interface MlpOptions {
  inputSize: number;
  outputSize: number;
  /** Widths of the hidden layers, e.g. [256, 256, 256, 256]; or give `depth` and `width`. */
  hidden?: number[];
  depth?: number;
  width?: number;
  activation?: Activation;
  /** Biases on every layer (default true). */
  bias?: boolean;
  /** Seed of the Glorot-uniform initialisation (default 0). */
  seed?: number;
  /** Gradient of the dense products; default: the faster one on the active backend. */
  matmulGradient?: MatmulGradient;
}

/** Glorot/Xavier uniform U(−l, l), l = √(6/(fan_in + fan_out)), drawn from `rng`. */
function glorot(rng: Rng, shape: number[], fanIn: number, fanOut: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const l = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) * l;
  return out;
}

abstract class BaseNetwork {
  abstract readonly layers: LayerParams[];
  constructor() {
    ensureGradients();
  }
  variables(): tf.Variable[] {
    const vs: tf.Variable[] = [];
    for (const l of this.layers) {
      vs.push(l.weight);
      if (l.bias) vs.push(l.bias);
    }
    return vs;
  }
  getWeights(): Float32Array[] {
    return this.variables().map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }
  setWeights(values: ArrayLike<number>[]): void {
    const vs = this.variables();
    if (values.length !== vs.length) throw new RangeError(`setWeights: got ${values.length} arrays, the network has ${vs.length} variables`);
    vs.forEach((v, i) => {
      const src = values[i]!;
      if (src.length !== v.size) throw new RangeError(`setWeights: array ${i} has ${src.length} values, variable ${v.name} has ${v.size}`);
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(src), v.shape, "float32")));
    });
  }
  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}

function makeVar(values: Float32Array, shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, "float32"), true));
}

class Mlp extends BaseNetwork implements Network {
  readonly kind = "mlp" as const;
  readonly layers: LayerParams[] = [];
  readonly siteShapes: number[][];
  readonly inputShape: number[];
  constructor(
    sizes: number[],
    readonly activation: Activation,
    bias: boolean,
    rng: Rng,
    readonly matmulGradient: MatmulGradient,
  ) {
    super();
    this.inputShape = [sizes[0]!];
    this.siteShapes = sizes.slice(0, -1).map((n) => [n]);
    for (let i = 1; i < sizes.length; i++) {
      const fi = sizes[i - 1]!;
      const fo = sizes[i]!;
      this.layers.push({
        name: `dense${i}`,
        weight: makeVar(glorot(rng, [fi, fo], fi, fo), [fi, fo]),
        bias: bias ? makeVar(new Float32Array(fo), [fo]) : null,
      });
    }
  }
  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.weight.shape[1]!;
  }
  stage(i: number, h: tf.Tensor, inputGrad = true): tf.Tensor {
    const l = this.layers[i]!;
    const last = i === this.layers.length - 1;
    const fused = fusedDenseActivation(
      h as tf.Tensor2D,
      l.weight as tf.Tensor2D,
      l.bias as tf.Tensor1D | null,
      this.matmulGradient,
      last ? "linear" : this.activation === "relu" ? "relu" : "other",
      inputGrad,
    );
    if (fused) return fused;
    const z = dense(h as tf.Tensor2D, l.weight as tf.Tensor2D, l.bias as tf.Tensor1D | null, this.matmulGradient, inputGrad);
    return i === this.layers.length - 1 ? z : applyActivation(z, this.activation);
  }
}

function resolveHidden(o: { hidden?: number[]; depth?: number; width?: number }): number[] {
  if (o.hidden !== undefined) {
    if (!Array.isArray(o.hidden)) throw new TypeError("hidden must be an array of layer widths");
    o.hidden.forEach((w, i) => checkInt(`hidden[${i}]`, w, 1));
    return [...o.hidden];
  }
  const depth = checkInt("depth", o.depth ?? 0, 0);
  const width = depth > 0 ? checkInt("width", o.width, 1) : 0;
  return Array.from({ length: depth }, () => width);
}

/** A multi-layer perceptron inputSize → hidden… → outputSize with activation κ on hidden layers (eq. 2.8). */
export function createMlp(options: MlpOptions): Network {
  const inputSize = checkInt("inputSize", options.inputSize, 1);
  const outputSize = checkInt("outputSize", options.outputSize, 1);
  const hidden = resolveHidden(options);
  const activation = checkOneOf("activation", options.activation ?? "relu", ACTIVATIONS);
  const seed = options.seed ?? 0;
  const mg = options.matmulGradient ?? defaultMatmulGradient(currentBackend());
  checkOneOf("matmulGradient", mg, ["stock", "explicit-transpose"] as const);
  return new Mlp([inputSize, ...hidden, outputSize], activation, options.bias ?? true, createRng(seed), mg);
}

export interface CnnOptions {
  /** [height, width, channels], e.g. [32, 32, 3]. */
  inputShape: [number, number, number];
  outputSize: number;
  /** Filters of the two convolutions (default [32, 64]). */
  filters?: [number, number];
  /** Square kernel size (default 5). */
  kernelSize?: number;
  /** Stride of both convolutions (default 2), 'same' padding. */
  stride?: number;
  activation?: Activation;
  seed?: number;
  matmulGradient?: MatmulGradient;
}

class Cnn extends BaseNetwork implements Network {
  readonly kind = "cnn" as const;
  readonly layers: LayerParams[] = [];
  readonly siteShapes: number[][];
  constructor(
    readonly inputShape: [number, number, number],
    readonly outputSize: number,
    filters: [number, number],
    k: number,
    private readonly stride: number,
    readonly activation: Activation,
    rng: Rng,
    readonly matmulGradient: MatmulGradient,
  ) {
    super();
    const [h, w, c] = inputShape;
    const h1 = Math.ceil(h / stride);
    const w1 = Math.ceil(w / stride);
    const h2 = Math.ceil(h1 / stride);
    const w2 = Math.ceil(w1 / stride);
    this.siteShapes = [[h, w, c], [h1, w1, filters[0]], [h2, w2, filters[1]]];
    const conv = (name: string, cin: number, cout: number): LayerParams => ({
      name,
      weight: makeVar(glorot(rng, [k, k, cin, cout], k * k * cin, k * k * cout), [k, k, cin, cout]),
      bias: makeVar(new Float32Array(cout), [cout]),
    });
    this.layers.push(conv("conv1", c, filters[0]), conv("conv2", filters[0], filters[1]));
    const flat = h2 * w2 * filters[1];
    this.layers.push({
      name: "dense3",
      weight: makeVar(glorot(rng, [flat, outputSize], flat, outputSize), [flat, outputSize]),
      bias: makeVar(new Float32Array(outputSize), [outputSize]),
    });
  }
  stage(i: number, h: tf.Tensor): tf.Tensor {
    const l = this.layers[i]!;
    if (i < 2) {
      const z = tf.add(tf.conv2d(h as tf.Tensor4D, l.weight as tf.Tensor4D, this.stride, "same"), l.bias!);
      return applyActivation(z, this.activation);
    }
    const flat = tf.reshape(h, [h.shape[0]!, -1]) as tf.Tensor2D;
    return dense(flat, l.weight as tf.Tensor2D, l.bias as tf.Tensor1D, this.matmulGradient);
  }
}

/** The small convolutional network of Fig. 7: two strided convolutions with activation κ, then a dense output layer. */
export function createCnn(options: CnnOptions): Network {
  if (!Array.isArray(options.inputShape) || options.inputShape.length !== 3) {
    throw rangeError("inputShape", options.inputShape, "[height, width, channels]");
  }
  options.inputShape.forEach((d, i) => checkInt(`inputShape[${i}]`, d, 1));
  const outputSize = checkInt("outputSize", options.outputSize, 1);
  const filters = options.filters ?? [32, 64];
  filters.forEach((f, i) => checkInt(`filters[${i}]`, f, 1));
  const k = checkInt("kernelSize", options.kernelSize ?? 5, 1);
  const stride = checkInt("stride", options.stride ?? 2, 1);
  const activation = checkOneOf("activation", options.activation ?? "relu", ACTIVATIONS);
  const mg = options.matmulGradient ?? defaultMatmulGradient(currentBackend());
  return new Cnn([...options.inputShape], outputSize, [filters[0], filters[1]], k, stride, activation, createRng(options.seed ?? 0), mg);
}
