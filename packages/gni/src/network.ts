/**
 * Networks as plain tfjs-core code (no layers API, no model.fit), so that the
 * noise, the losses and the gradients are all exposed.
 *
 * A network with L weight layers has L noise sites before its output (eq. 2.8):
 * site 0 is the input h₀ = x, site i (1 ≤ i ≤ L−1) is the activation
 * ĥᵢ = κ(Wᵢ h̃ᵢ₋₁ + bᵢ); `siteShapes` lists those L. The output
 * f = W_L h̃_{L−1} + b_L is site L, noised only when a noise configuration selects
 * it (`NoiseConfig.sites`, see noise.ts). `stage(i, h̃ᵢ)` maps the
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

/**
 * Initial weights of a layer:
 * - `glorot-uniform` (the default, unchanged): W ~ U(−l, l), l = √(6/(fan_in + fan_out)), biases 0
 *   (Keras' default `glorot_uniform` + `zeros`).
 * - `glorot-normal`: W ~ N(0, s²) truncated to ±2s, s = √(2/(fan_in + fan_out)) / 0.87962566103423978
 *   (so Var W = 2/(fan_in + fan_out) exactly), biases 0: Keras' `glorot_normal` (TF ≥ 1.11 and TF 2,
 *   VarianceScaling(1, "fan_avg", "truncated_normal")), as exp_reg_GNIs' `make_mlp` and `make_convnet`
 *   (src_tf2/networks.py: `kernel_initializer='glorot_normal'`, `bias_initializer='zeros'`).
 * - `torch-default`: W ~ U(−b, b) and biases ~ U(−b, b), b = 1/√fan_in: PyTorch's `nn.Linear` /
 *   `nn.Conv2d` `reset_parameters` (torch 1.3.1 in the authors' requirements.txt:
 *   `kaiming_uniform_(weight, a=√5)` gives gain √(2/(1 + 5)) and bound gain·√3/√fan_in = 1/√fan_in;
 *   the bias bound is 1/√fan_in). The authors' notebooks build `nn.Linear` layers and keep that
 *   initialisation (`make_model`, cell 5 of SkewKurtosisGradients.ipynb, InjectingStableNoise.ipynb,
 *   ImplicitEffectMarginal.ipynb). For a conv kernel fan_in = k·k·c_in.
 * - `he-normal`: W ~ N(0, 2/fan_in) (He et al. 2015; PyTorch's `kaiming_normal_(mode="fan_in",
 *   nonlinearity="relu")`), biases ~ U(±1/√fan_in) as `torch-default`. Not the authors' choice: it keeps the
 *   activations' scale through deep ReLU stacks, where `torch-default` shrinks it about 6× per layer, so that a
 *   6-layer ReLU net can fit low-frequency sinusoids within a few hundred steps (the figures' "learns" variant).
 * Draws come from the seeded stream layer by layer: W (row-major [fan_in, fan_out]), then b.
 */
export type InitScheme = "glorot-uniform" | "glorot-normal" | "torch-default" | "he-normal";
export const INIT_SCHEMES: readonly InitScheme[] = ["glorot-uniform", "glorot-normal", "torch-default", "he-normal"];

/** One layer of a saved set of weights: plain numbers, JSON-serialisable. */
export interface LayerWeights {
  /** "dense1", "conv1", ... */
  name: string;
  /** Shape of W: [fan_in, fan_out] for a dense layer (x·W: note PyTorch stores the transpose), [k, k, c_in, c_out] for a convolution. */
  weightShape: number[];
  /** W, row-major in `weightShape`. */
  weight: number[];
  /** b, or null for a layer without bias. */
  bias: number[] | null;
}

/** A saved set of weights (`exportWeights`), e.g. one initialisation shared by several runs. */
export interface NetworkWeights {
  format: "heavytails-gni-weights";
  version: 1;
  kind: "mlp" | "cnn";
  inputShape: number[];
  layers: LayerWeights[];
}

/**
 * Initial weights given instead of drawn: a `NetworkWeights` object (from `exportWeights`, after a
 * JSON round trip or not) or the arrays of `net.getWeights()` (order W₁, b₁, W₂, b₂, …).
 */
export type InitialWeights = NetworkWeights | ArrayLike<number>[];

export interface MlpOptions {
  inputSize: number;
  outputSize: number;
  /** Widths of the hidden layers, e.g. [256, 256, 256, 256]; or give `depth` and `width`. */
  hidden?: number[];
  depth?: number;
  width?: number;
  activation?: Activation;
  /**
   * Biases on every layer (default true; with `weights`, default: whether the weights have biases).
   * `false`: exp_reg_GNIs' MLP (`make_mlp`, src_tf2/networks.py: `Dense(..., use_bias=False)` on every layer).
   */
  bias?: boolean;
  /** Initialisation (default "glorot-uniform", as before this option existed). Not together with `weights`. */
  init?: InitScheme;
  /** Seed of the initialisation (default 0); unused with `weights`. */
  seed?: number;
  /** Start from these weights instead of drawing them (shapes are checked against the architecture). */
  weights?: InitialWeights;
  /** Gradient of the dense products; default: the faster one on the active backend. */
  matmulGradient?: MatmulGradient;
}

interface LayerInit {
  w: Float32Array;
  b: Float32Array | null;
}

interface LayerSpec {
  name: string;
  weightShape: number[];
  fanIn: number;
  fanOut: number;
  bias: boolean;
}

/** Keras' truncated-normal constant: the s.d. of N(0, 1) truncated to [−2, 2] (scipy.stats.truncnorm.std(-2, 2)). */
const TRUNCATED_NORMAL_SD = 0.87962566103423978;

function drawLayer(scheme: InitScheme, rng: Rng, spec: LayerSpec): LayerInit {
  const n = spec.weightShape.reduce((a, b) => a * b, 1);
  const w = new Float32Array(n);
  const nb = spec.weightShape[spec.weightShape.length - 1]!;
  if (scheme === "glorot-uniform") {
    const l = Math.sqrt(6 / (spec.fanIn + spec.fanOut));
    for (let i = 0; i < n; i++) w[i] = (2 * rng.uniform() - 1) * l;
    return { w, b: spec.bias ? new Float32Array(nb) : null };
  }
  if (scheme === "glorot-normal") {
    const sd = Math.sqrt(2 / (spec.fanIn + spec.fanOut)) / TRUNCATED_NORMAL_SD;
    for (let i = 0; i < n; i++) {
      let z = rng.normal();
      while (Math.abs(z) > 2) z = rng.normal(); // dropped and re-picked, as tf.random.truncated_normal
      w[i] = z * sd;
    }
    return { w, b: spec.bias ? new Float32Array(nb) : null };
  }
  const bound = 1 / Math.sqrt(spec.fanIn);
  if (scheme === "he-normal") {
    const sd = Math.sqrt(2 / spec.fanIn);
    for (let i = 0; i < n; i++) w[i] = rng.normal() * sd;
  } else {
    for (let i = 0; i < n; i++) w[i] = (2 * rng.uniform() - 1) * bound;
  }
  if (!spec.bias) return { w, b: null };
  const b = new Float32Array(nb);
  for (let i = 0; i < nb; i++) b[i] = (2 * rng.uniform() - 1) * bound;
  return { w, b };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function toFloat32(name: string, src: ArrayLike<number>, size: number): Float32Array {
  if (src == null || typeof src.length !== "number") throw new TypeError(`${name} must be an array of numbers`);
  if (src.length !== size) throw new RangeError(`${name} has ${src.length} values; the layer needs ${size}`);
  const out = Float32Array.from(src);
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(out[i])) throw new RangeError(`${name}[${i}] = ${src[i]} is not a finite number (as float32)`);
  }
  return out;
}

/** The layers' initial values from `weights`, checked against the architecture `specs`. */
function layersFromWeights(specs: LayerSpec[], weights: InitialWeights, kind: "mlp" | "cnn"): LayerInit[] {
  if (Array.isArray(weights)) {
    const count = specs.reduce((a, s) => a + (s.bias ? 2 : 1), 0);
    if (weights.length !== count) throw new RangeError(`weights has ${weights.length} arrays; the network has ${count} variables (${specs.map((s) => (s.bias ? `W and b of ${s.name}` : `W of ${s.name}`)).join(", ")})`);
    let k = 0;
    return specs.map((s) => {
      const w = toFloat32(`weights[${k}] (W of ${s.name})`, weights[k++]!, s.weightShape.reduce((a, b) => a * b, 1));
      const b = s.bias ? toFloat32(`weights[${k}] (b of ${s.name})`, weights[k++]!, s.weightShape[s.weightShape.length - 1]!) : null;
      return { w, b };
    });
  }
  const saved = weights as NetworkWeights;
  if (saved == null || typeof saved !== "object" || saved.format !== "heavytails-gni-weights" || !Array.isArray(saved.layers)) {
    throw new TypeError('weights must be the arrays of net.getWeights() or an object from exportWeights() ({ format: "heavytails-gni-weights", layers, ... })');
  }
  if (saved.version !== 1) throw new RangeError(`weights.version = ${saved.version}: only version 1 is known`);
  if (saved.kind !== kind) throw new RangeError(`weights are of a ${saved.kind} network; this is a ${kind}`);
  if (saved.layers.length !== specs.length) throw new RangeError(`weights has ${saved.layers.length} layers; the network has ${specs.length}`);
  return specs.map((s, i) => {
    const l = saved.layers[i]!;
    if (!Array.isArray(l.weightShape) || !sameShape(l.weightShape, s.weightShape)) {
      throw new RangeError(`weights.layers[${i}].weightShape = ${JSON.stringify(l.weightShape)}; layer ${s.name} has W of shape ${JSON.stringify(s.weightShape)}`);
    }
    if ((l.bias !== null) !== s.bias) throw new RangeError(`weights.layers[${i}] ${l.bias === null ? "has no bias" : "has a bias"}; layer ${s.name} ${s.bias ? "has one" : "has none"}`);
    const w = toFloat32(`weights.layers[${i}].weight`, l.weight, s.weightShape.reduce((a, b) => a * b, 1));
    const b = s.bias ? toFloat32(`weights.layers[${i}].bias`, l.bias!, s.weightShape[s.weightShape.length - 1]!) : null;
    return { w, b };
  });
}

/** Initial values of every layer: from `weights`, or drawn by `init` from a stream seeded by `seed`. */
function initialLayers(specs: LayerSpec[], o: { init?: InitScheme; seed?: number; weights?: InitialWeights }, kind: "mlp" | "cnn"): LayerInit[] {
  if (o.weights !== undefined) {
    if (o.init !== undefined) throw new RangeError(`init = ${JSON.stringify(o.init)} was given together with weights: give one of them`);
    return layersFromWeights(specs, o.weights, kind);
  }
  const scheme = checkOneOf("init", o.init ?? "glorot-uniform", INIT_SCHEMES);
  const rng = createRng(o.seed ?? 0);
  return specs.map((s) => drawLayer(scheme, rng, s));
}

/** Whether saved weights carry biases (undefined: cannot tell, or none given). */
function weightsHaveBias(weights: InitialWeights | undefined, layers: number): boolean | undefined {
  if (weights === undefined) return undefined;
  if (Array.isArray(weights)) return weights.length === 2 * layers ? true : weights.length === layers ? false : undefined;
  const saved = weights as NetworkWeights;
  return Array.isArray(saved?.layers) && saved.layers.length > 0 ? saved.layers.every((l) => l.bias !== null) : undefined;
}

/** A network's weights as plain arrays (JSON-serialisable): save them, and start other networks from them (`weights`). */
export function exportWeights(net: Network): NetworkWeights {
  const values = net.getWeights();
  let k = 0;
  return {
    format: "heavytails-gni-weights",
    version: 1,
    kind: net.kind,
    inputShape: [...net.inputShape],
    layers: net.layers.map((l) => ({
      name: l.name,
      weightShape: [...l.weight.shape],
      weight: Array.from(values[k++]!),
      bias: l.bias ? Array.from(values[k++]!) : null,
    })),
  };
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
    init: LayerInit[],
    readonly matmulGradient: MatmulGradient,
  ) {
    super();
    this.inputShape = [sizes[0]!];
    this.siteShapes = sizes.slice(0, -1).map((n) => [n]);
    for (let i = 1; i < sizes.length; i++) {
      const fi = sizes[i - 1]!;
      const fo = sizes[i]!;
      const p = init[i - 1]!;
      this.layers.push({
        name: `dense${i}`,
        weight: makeVar(p.w, [fi, fo]),
        bias: p.b ? makeVar(p.b, [fo]) : null,
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

function mlpSpecs(sizes: number[], bias: boolean): LayerSpec[] {
  return sizes.slice(1).map((fo, i) => ({ name: `dense${i + 1}`, weightShape: [sizes[i]!, fo], fanIn: sizes[i]!, fanOut: fo, bias }));
}

/**
 * A multi-layer perceptron inputSize → hidden… → outputSize with activation κ on hidden layers (eq. 2.8),
 * initialised by `init` (default Glorot-uniform weights, zero biases) or started from saved `weights`.
 */
export function createMlp(options: MlpOptions): Network {
  const inputSize = checkInt("inputSize", options.inputSize, 1);
  const outputSize = checkInt("outputSize", options.outputSize, 1);
  const hidden = resolveHidden(options);
  const activation = checkOneOf("activation", options.activation ?? "relu", ACTIVATIONS);
  const mg = options.matmulGradient ?? defaultMatmulGradient(currentBackend());
  checkOneOf("matmulGradient", mg, ["stock", "explicit-transpose"] as const);
  const sizes = [inputSize, ...hidden, outputSize];
  const bias = options.bias ?? weightsHaveBias(options.weights, sizes.length - 1) ?? true;
  if (typeof bias !== "boolean") throw new TypeError("bias must be true or false");
  const init = initialLayers(mlpSpecs(sizes, bias), options, "mlp");
  return new Mlp(sizes, activation, init, mg);
}

/**
 * An MLP whose architecture is read off saved weights (`exportWeights` of an MLP): the layer widths
 * and biases come from `weights`; activation (default ReLU) and matmul gradient from `options`.
 */
export function mlpFromWeights(weights: NetworkWeights, options: { activation?: Activation; matmulGradient?: MatmulGradient } = {}): Network {
  if (weights == null || typeof weights !== "object" || !Array.isArray(weights.layers) || weights.layers.length === 0) {
    throw new TypeError("mlpFromWeights: weights must be an object from exportWeights() of an MLP");
  }
  if (weights.kind !== "mlp") throw new RangeError(`mlpFromWeights: weights are of a ${weights.kind} network`);
  const shapes = weights.layers.map((l, i) => {
    if (!Array.isArray(l.weightShape) || l.weightShape.length !== 2) throw new RangeError(`weights.layers[${i}].weightShape = ${JSON.stringify(l.weightShape)}: a dense layer's W is [fan_in, fan_out]`);
    return l.weightShape;
  });
  return createMlp({
    inputSize: shapes[0]![0]!,
    outputSize: shapes[shapes.length - 1]![1]!,
    hidden: shapes.slice(0, -1).map((s) => s[1]!),
    ...options,
    weights,
  });
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
  /** Initialisation (default "glorot-uniform", zero biases); see `InitScheme`. Not together with `weights`. */
  init?: InitScheme;
  /** Seed of the initialisation (default 0); unused with `weights`. */
  seed?: number;
  /** Start from these weights instead of drawing them (shapes are checked). */
  weights?: InitialWeights;
  matmulGradient?: MatmulGradient;
}

/** Sizes after each strided 'same' convolution: [h1, w1, h2, w2]. */
function cnnSizes(h: number, w: number, stride: number): [number, number, number, number] {
  const h1 = Math.ceil(h / stride);
  const w1 = Math.ceil(w / stride);
  return [h1, w1, Math.ceil(h1 / stride), Math.ceil(w1 / stride)];
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
    init: LayerInit[],
    readonly matmulGradient: MatmulGradient,
  ) {
    super();
    const [h, w, c] = inputShape;
    const [h1, w1, h2, w2] = cnnSizes(h, w, stride);
    this.siteShapes = [[h, w, c], [h1, w1, filters[0]], [h2, w2, filters[1]]];
    const flat = h2 * w2 * filters[1];
    const shapes = [[k, k, c, filters[0]], [k, k, filters[0], filters[1]], [flat, outputSize]];
    ["conv1", "conv2", "dense3"].forEach((name, i) => {
      const shape = shapes[i]!;
      const cout = shape[shape.length - 1]!;
      this.layers.push({ name, weight: makeVar(init[i]!.w, shape), bias: makeVar(init[i]!.b ?? new Float32Array(cout), [cout]) });
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
  const [h, w, c] = options.inputShape;
  const [, , h2, w2] = cnnSizes(h, w, stride);
  const flat = h2 * w2 * filters[1];
  const specs: LayerSpec[] = [
    { name: "conv1", weightShape: [k, k, c, filters[0]], fanIn: k * k * c, fanOut: k * k * filters[0], bias: true },
    { name: "conv2", weightShape: [k, k, filters[0], filters[1]], fanIn: k * k * filters[0], fanOut: k * k * filters[1], bias: true },
    { name: "dense3", weightShape: [flat, outputSize], fanIn: flat, fanOut: outputSize, bias: true },
  ];
  const init = initialLayers(specs, options, "cnn");
  return new Cnn([...options.inputShape], outputSize, [filters[0], filters[1]], k, stride, activation, init, mg);
}
