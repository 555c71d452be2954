/**
 * Gradient definitions for the kernels the package differentiates.
 *
 * tfjs-core's own gradient configurations live only in its ES-module sources
 * (`dist/register_all_gradients.js`), which Node cannot load from the CommonJS
 * build that `import "@tensorflow/tfjs-core"` resolves to; the umbrella package
 * @tensorflow/tfjs bundles them but drags in layers, converter and data. So the
 * package registers the few it needs, written with public ops only (and checked
 * against finite differences in test/gradients.test.ts). A kernel that already
 * has a gradient (e.g. registered by @tensorflow/tfjs when tfjs-node is loaded)
 * is left alone.
 */
import * as tf from "@tensorflow/tfjs-core";

type Saved = tf.Tensor[];
type Attrs = Record<string, unknown>;

/** Sum `dy` over the axes along which `shape` was broadcast, then reshape to `shape`. */
function reduceTo(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  const r = axes.length > 0 ? tf.sum(dy, axes) : dy;
  return tf.reshape(r, shape);
}

function reductionAxes(attrs: Attrs, rank: number): number[] {
  const axis = attrs.axis as number | number[] | undefined | null;
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  return list.map((a) => (a < 0 ? a + rank : a));
}

/** dy of a reduction, broadcast back to x's shape. */
function unreduce(dy: tf.Tensor, x: tf.Tensor, axes: number[]): tf.Tensor {
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return tf.mul(tf.reshape(dy, shape), tf.onesLike(x));
}

type Strides = number | [number, number];

/** Explicit padding [top, bottom, left, right] of a conv2d (NHWC) as tfjs computes it, from input and output sizes. */
function convPadding(ih: number, iw: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pad: unknown): [number, number, number, number] {
  let top = 0;
  let left = 0;
  if (pad === "same") {
    top = Math.floor(Math.max((oh - 1) * sh + kh - ih, 0) / 2);
    left = Math.floor(Math.max((ow - 1) * sw + kw - iw, 0) / 2);
  } else if (typeof pad === "number") {
    top = pad;
    left = pad;
  } else if (pad !== "valid") {
    throw new Error(`conv2d gradient: padding ${JSON.stringify(pad)} is not supported`);
  }
  return [top, Math.max(0, (oh - 1) * sh + kh - ih - top), left, Math.max(0, (ow - 1) * sw + kw - iw - left)];
}

function pair(s: Strides): [number, number] {
  return typeof s === "number" ? [s, s] : s;
}

/**
 * ∂L/∂W of a 2-D convolution (NHWC, no dilation) as one convolution with dilation = stride:
 * ∂L/∂W[a, b, i, o] = Σ_{n,p,q} x̄[n, a + s·p, b + s·q, i] dy[n, p, q, o] with x̄ the padded input,
 * i.e. a correlation of x̄ (channels as batch, batch as channels) with dy as the filter.
 * Only ever evaluated to first order.
 */
function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: Strides, pad: unknown): tf.Tensor4D {
  const [kh, kw] = filterShape as [number, number, number, number];
  const [sh, sw] = pair(strides);
  const [, ih, iw] = x.shape;
  const [, oh, ow] = dy.shape;
  const [top, bottom, left, right] = convPadding(ih, iw, oh, ow, kh, kw, sh, sw, pad);
  const xp = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [ci, Hp, Wp, n]
  const ft = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, n, co]
  const out = tf.conv2d(xt, ft, 1, "valid", "NHWC", [sh, sw]); // [ci, ≥kh, ≥kw, co]
  return tf.transpose(tf.slice(out, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]) as tf.Tensor4D;
}

/**
 * ∂L/∂x of a 2-D convolution (NHWC, no dilation) with ordinary stride-1 convolutions only, so that it
 * is itself differentiable (the explicit regulariser's Jacobians are differentiated again, Fig. 7) and
 * fast on every backend (wasm's conv2dTranspose is ~10× slower than its conv2d). Sub-pixel form: output
 * row u = r + top of the padded input, written u = s·m + c, receives Σ_j dy[m − j] W[c + s·j]; the s²
 * phases (c_h, c_w) are the output channels of one correlation of dy with the reversed sub-filters,
 * then interleaved and cropped.
 */
function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, xShape: number[], strides: Strides, pad: unknown): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const [sh, sw] = pair(strides);
  const [n, ih, iw] = xShape as [number, number, number, number];
  const [, oh, ow] = dy.shape;
  const [top, , left] = convPadding(ih, iw, oh, ow, kh, kw, sh, sw, pad);
  const jh = Math.ceil(kh / sh);
  const jw = Math.ceil(kw / sw);
  // sub-filters: W zero-padded to [s·J] taps, tap a = s·j + c, reversed in j, phases moved to the output channels
  const wp = tf.pad(filter, [[0, sh * jh - kh], [0, sw * jw - kw], [0, 0], [0, 0]]);
  const w6 = tf.reverse(tf.reshape(wp, [jh, sh, jw, sw, ci, co]), [0, 2]);
  const f = tf.reshape(tf.transpose(w6, [0, 2, 5, 1, 3, 4]), [jh, jw, co, sh * sw * ci]) as tf.Tensor4D;
  const mh = Math.ceil((ih + top) / sh);
  const mw = Math.ceil((iw + left) / sw);
  const dyp = tf.pad(dy, [[0, 0], [jh - 1, Math.max(0, mh - oh)], [jw - 1, Math.max(0, mw - ow)], [0, 0]]);
  const phases = tf.slice(tf.conv2d(dyp as tf.Tensor4D, f, 1, "valid"), [0, 0, 0, 0], [n, mh, mw, sh * sw * ci]);
  const interleaved = tf.reshape(tf.transpose(tf.reshape(phases, [n, mh, mw, sh, sw, ci]), [0, 1, 3, 2, 4, 5]), [n, mh * sh, mw * sw, ci]);
  return tf.slice(interleaved, [0, top, left, 0], [n, ih, iw, ci]) as tf.Tensor4D;
}

const configs: tf.GradConfig[] = [
  {
    kernelName: "Add",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as Saved;
      return { a: () => reduceTo(dy as tf.Tensor, a!.shape), b: () => reduceTo(dy as tf.Tensor, b!.shape) };
    },
  },
  {
    kernelName: "Sub",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as Saved;
      return { a: () => reduceTo(dy as tf.Tensor, a!.shape), b: () => tf.neg(reduceTo(dy as tf.Tensor, b!.shape)) };
    },
  },
  {
    kernelName: "Multiply",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as Saved;
      return {
        a: () => reduceTo(tf.mul(dy as tf.Tensor, b!), a!.shape),
        b: () => reduceTo(tf.mul(dy as tf.Tensor, a!), b!.shape),
      };
    },
  },
  {
    kernelName: "SquaredDifference",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as Saved;
      const g = () => tf.mul(dy as tf.Tensor, tf.mul(tf.sub(a!, b!), 2));
      return { a: () => reduceTo(g(), a!.shape), b: () => tf.neg(reduceTo(g(), b!.shape)) };
    },
  },
  {
    kernelName: "Mean",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Saved;
      const axes = reductionAxes(attrs as Attrs, x!.rank);
      const count = axes.reduce((p, a) => p * x!.shape[a]!, 1);
      return { x: () => tf.div(unreduce(dy as tf.Tensor, x!, axes), count) };
    },
  },
  {
    kernelName: "Sum",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Saved;
      return { x: () => unreduce(dy as tf.Tensor, x!, reductionAxes(attrs as Attrs, x!.rank)) };
    },
  },
  {
    kernelName: "AddN",
    saveAllInputs: true,
    gradFunc: (dy, saved) => Object.fromEntries((saved as Saved).map((_, i) => [i, () => tf.clone(dy as tf.Tensor)])),
  },
  // second-order terms (training on the explicit regulariser differentiates gradients)
  { kernelName: "Step", gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  { kernelName: "OnesLike", gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  { kernelName: "ZerosLike", gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  {
    kernelName: "Minimum",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as Saved;
      const takeA = () => tf.cast(tf.lessEqual(a!, b!), "float32");
      return {
        a: () => reduceTo(tf.mul(dy as tf.Tensor, takeA()), a!.shape),
        b: () => reduceTo(tf.mul(dy as tf.Tensor, tf.sub(1, takeA())), b!.shape),
      };
    },
  },
  {
    kernelName: "Softmax",
    inputsToSave: ["logits"],
    gradFunc: (dy, saved) => {
      const y = tf.softmax((saved as Saved)[0]!);
      const g = tf.mul(dy as tf.Tensor, y);
      return { logits: () => tf.sub(g, tf.mul(tf.sum(g, -1, true), y)) };
    },
  },
  {
    kernelName: "PadV2",
    inputsToSave: ["x"],
    gradFunc: (dy, _saved, attrs) => {
      const pads = (attrs as Attrs).paddings as Array<[number, number]>;
      const begin = pads.map((p) => p[0]);
      return { x: () => tf.slice(dy as tf.Tensor, begin, (_saved as Saved)[0]!.shape) };
    },
  },
  {
    kernelName: "Reverse",
    gradFunc: (dy, _saved, attrs) => {
      const dims = (attrs as Attrs).dims as number | number[];
      return { x: () => tf.reverse(dy as tf.Tensor, dims) };
    },
  },
  { kernelName: "Neg", gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  {
    // |x| (the `heteroscedastic` noise scale σ|h|): d|x|/dx = sign(x) = step(x) − step(−x), 0 at 0
    kernelName: "Abs",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const [x] = saved as Saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.sub(tf.step(x!), tf.step(tf.neg(x!)))) };
    },
  },
  { kernelName: "Cast", gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }) },
  {
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const [x] = saved as Saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.step(x!)) }; // step(x) = 1 for x > 0, else 0
    },
  },
  // Gradients are written in terms of saved *inputs*: saved outputs are detached copies, so a
  // gradient computed from them could not itself be differentiated (second order, explicit R).
  {
    kernelName: "Elu",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      // elu'(x) = 1 for x > 0 and eˣ otherwise, i.e. exp(min(x, 0))
      const [x] = saved as Saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.exp(tf.minimum(x!, 0))) };
    },
  },
  {
    kernelName: "Sigmoid",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const y = tf.sigmoid((saved as Saved)[0]!);
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y))) };
    },
  },
  {
    kernelName: "Square",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const [x] = saved as Saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(x!, 2)) };
    },
  },
  {
    kernelName: "Exp",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.exp((saved as Saved)[0]!)) }),
  },
  {
    kernelName: "Log",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => ({ x: () => tf.div(dy as tf.Tensor, (saved as Saved)[0]!) }),
  },
  {
    kernelName: "Reshape",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => ({ x: () => tf.reshape(dy as tf.Tensor, (saved as Saved)[0]!.shape) }),
  },
  {
    kernelName: "Transpose",
    gradFunc: (dy, _saved, attrs) => {
      const perm = (attrs as Attrs).perm as number[];
      const inv = new Array<number>(perm.length);
      perm.forEach((p, i) => (inv[p] = i));
      return { x: () => tf.transpose(dy as tf.Tensor, inv) };
    },
  },
  {
    kernelName: "Tile",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Saved;
      const reps = (attrs as Attrs).reps as number[];
      return {
        x: () => {
          const split = x!.shape.flatMap((d, i) => [reps[i]!, d]);
          return tf.sum(tf.reshape(dy as tf.Tensor, split), reps.map((_, i) => 2 * i));
        },
      };
    },
  },
  {
    kernelName: "Slice",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Saved;
      const a = attrs as Attrs;
      const beginRaw = a.begin as number | number[];
      const begin = typeof beginRaw === "number" ? [beginRaw, ...x!.shape.slice(1).map(() => 0)] : [...beginRaw, ...x!.shape.slice(beginRaw.length).map(() => 0)];
      const size = (dy as tf.Tensor).shape;
      const pads = x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as [number, number]);
      return { x: () => tf.pad(dy as tf.Tensor, pads) };
    },
  },
  {
    kernelName: "BatchMatMul",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved, attrs) => {
      // tfjs-core's stock rule: products with transpose flags.
      const [a, b] = saved as Saved;
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const g = dy as tf.Tensor3D;
      const A = a as tf.Tensor3D;
      const B = b as tf.Tensor3D;
      if (!transposeA && !transposeB) return { a: () => tf.matMul(g, B, false, true), b: () => tf.matMul(A, g, true, false) };
      if (!transposeA && transposeB) return { a: () => tf.matMul(g, B, false, false), b: () => tf.matMul(g, A, true, false) };
      if (transposeA && !transposeB) return { a: () => tf.matMul(B, g, false, true), b: () => tf.matMul(A, g, false, false) };
      return { a: () => tf.matMul(B, g, true, true), b: () => tf.matMul(g, A, true, true) };
    },
  },
  {
    kernelName: "Conv2D",
    inputsToSave: ["x", "filter"],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dataFormat, dilations } = attrs as { strides: number | [number, number]; pad: "same" | "valid" | number; dataFormat: string; dilations: number | [number, number] };
      const dil = typeof dilations === "number" ? [dilations, dilations] : dilations ?? [1, 1];
      if (dataFormat !== "NHWC" || dil[0] !== 1 || dil[1] !== 1) throw new Error("conv2d gradient: only NHWC without dilation is supported");
      return {
        x: () => conv2dInputGrad(dy as tf.Tensor4D, filter, x.shape, strides, pad),
        filter: () => conv2dFilterGrad(x, dy as tf.Tensor4D, filter.shape, strides, pad),
      };
    },
  },
];

let registered = false;

/** Register the gradients above for kernels that have none yet (idempotent). */
export function ensureGradients(): void {
  if (registered) return;
  for (const c of configs) {
    if (!tf.getGradient(c.kernelName)) tf.registerGradient(c);
  }
  registered = true;
}
