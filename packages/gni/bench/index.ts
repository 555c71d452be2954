/**
 * Benchmarks of @heavytails/gni, run by apps/bench (`pnpm bench --only gni`).
 * Shapes follow the contract of apps/bench/src/suite.ts (structural copy; packages never import apps).
 *
 * Each case times one full-batch training step (createTrainer(...).step(): noise draw,
 * forward, loss, backward, SGD update, objective read back) on the best available
 * backend, with either the stock tfjs matmul gradient or the explicit-transpose one,
 * side by side with the same step in single-threaded numpy (peers/numpy_step.py).
 * Checked: the objective is finite at every step and no tensor leaks across steps.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createCnn, createMlp, createTrainer, loadMnist, selectBackend, sinusoids, sliceDataset, type Dataset, type MatmulGradient, type NoiseConfig, type LossName, type Activation } from "../src/index.js";
import { CONV_LAYER, checkInputGradient, convTensors, inputGradientReference, medianSeconds } from "./conv-gradient.js";

type RunResult = { value: number; details?: Record<string, unknown> } | { skipped: string; details?: Record<string, unknown> };
interface Case {
  id: string;
  description: string;
  unit: string;
  higherIsBetter: boolean;
  run(opts: { quick: boolean }): Promise<RunResult>;
  peer?: { name: string; command: string[]; quickCommand?: string[]; timeoutSeconds: number; quickTimeoutSeconds?: number; valueKey?: string };
  target?: { text: string; ratio?: number; value?: number };
}

const PEER = "packages/gni/bench/peers/numpy_step.py";

interface StepSetup {
  hidden: number[];
  inputSize: number;
  outputSize: number;
  activation: Activation;
  noise: NoiseConfig;
  M: number;
  loss: LossName;
  data: () => Dataset;
}

const REGRESSION: StepSetup = {
  inputSize: 1,
  outputSize: 1,
  hidden: [256, 256, 256, 256],
  activation: "relu",
  noise: { type: "additive", sigma: 0.1 },
  M: 16,
  loss: "mse",
  data: () => sinusoids({ n: 200 }),
};

const MNIST: StepSetup = {
  inputSize: 784,
  outputSize: 10,
  hidden: [256, 256],
  activation: "elu",
  noise: { type: "multiplicative", sigma: 0.1 },
  M: 1,
  loss: "cross-entropy",
  data: () => sliceDataset(loadMnist({ seed: 0 }), 0, 512),
};

async function timeSteps(id: string, s: StepSetup, grad: MatmulGradient | "default", reps: number): Promise<RunResult> {
  const info = await selectBackend();
  const net = createMlp({ inputSize: s.inputSize, outputSize: s.outputSize, hidden: s.hidden, activation: s.activation, seed: 1, ...(grad === "default" ? {} : { matmulGradient: grad }) });
  const data = s.data();
  const trainer = createTrainer(net, data, { noise: s.noise, M: s.M, loss: s.loss, learningRate: 1e-3, seed: 2 });
  try {
    trainer.step();
    trainer.step();
    const before = tf.memory().numTensors;
    const times: number[] = [];
    let last = NaN;
    for (let i = 0; i < reps; i++) {
      const t0 = process.hrtime.bigint();
      last = trainer.step().objective;
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      if (!Number.isFinite(last)) throw new Error(`${id}: wrong result: objective ${last} at step ${i}`);
    }
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`${id}: wrong result: ${leaked} tensors leaked over ${reps} steps`);
    const sorted = [...times].sort((a, b) => a - b);
    return {
      value: sorted[sorted.length >> 1]!,
      details: { backend: info.backend, matmulGradient: net.matmulGradient, rows: data.n * s.M, repetitionSeconds: times, lastObjective: last },
    };
  } finally {
    trainer.dispose();
    net.dispose();
  }
}

function stepCase(name: "regression" | "mnist", grad: MatmulGradient, withPeer: boolean): Case {
  const s = name === "regression" ? REGRESSION : MNIST;
  const id = `gni.step.${name}/matmulGradient=${grad}`;
  const what =
    name === "regression"
      ? "the regression network 1 → 256×4 → 1 (ReLU, additive σ = 0.1, full batch 200 × M = 16, MSE)"
      : "the MNIST network 784 → 256 → 256 → 10 (ELU, multiplicative σ = 0.1, batch 512 of the `mnist` package's digits, cross-entropy)";
  const c: Case = {
    id,
    description: `Seconds per full-batch training step of ${what} on the best available tfjs backend with the ${grad} matmul gradient (median). Peer: the same step in single-threaded numpy float32.`,
    unit: "s",
    higherIsBetter: false,
    run: ({ quick }) => timeSteps(id, s, grad, quick ? 3 : 7),
  };
  if (withPeer) {
    c.peer = {
      name: "numpy (1 thread)",
      command: ["python3", PEER, "--net", name, "--reps", "7"],
      quickCommand: ["python3", PEER, "--net", name, "--reps", "3"],
      timeoutSeconds: 300,
      quickTimeoutSeconds: 120,
    };
    c.target = { ratio: 0.5, text: "within 2× of single-threaded numpy" };
  }
  return c;
}

/** ∂L/∂x of one convolution layer through the registered gradient (forward included), against tfjs's conv2dTranspose kernel. */
const CONV_ID = "gni.grad.conv2d-input";
const convInputGradCase: Case = {
  id: CONV_ID,
  description: `Seconds for the forward convolution and its input gradient, ${CONV_LAYER.x.join("×")} → stride ${CONV_LAYER.stride}, ${CONV_LAYER.w.join("×")} filter, 'same' (median): gni's registered gradient (sub-pixel form from stride-1 convolutions, differentiable again) via tf.grads. Checked: the gradient element by element, and every timed call's sum, against direct summation in double precision. Peer: tfjs's own conv2dTranspose kernel on the same backend.`,
  unit: "s",
  higherIsBetter: false,
  async run({ quick }) {
    const info = await selectBackend();
    const { x, w, r } = convTensors();
    const s = CONV_LAYER.stride;
    try {
      const grad = () => tf.grads((a: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, w, s, "same"), r)))([x])[0]!;
      const ref = inputGradientReference(x, w, r, s);
      const once = tf.tidy(() => grad().dataSync());
      const m = medianSeconds(grad, quick ? 5 : 20);
      const worst = checkInputGradient(once, ref, m.checksums, (what) => {
        throw new Error(`${CONV_ID}: wrong result: ${what}`);
      });
      return { value: m.median, details: { backend: info.backend, repetitionSeconds: m.times, checksums: m.checksums, maxElementErrorOverMaxAbs: worst } };
    } finally {
      tf.dispose([x, w, r]);
    }
  },
  peer: {
    name: "tfjs conv2dTranspose",
    command: ["npx", "--no-install", "tsx", "packages/gni/bench/peers/conv_transpose.ts", "--reps", "20"],
    quickCommand: ["npx", "--no-install", "tsx", "packages/gni/bench/peers/conv_transpose.ts", "--reps", "5"],
    timeoutSeconds: 120,
  },
};

/** One mini-batch SGD step of Fig. 7's quick CONV network trained on L + R, and plain. */
function cnnStepCase(mode: "noise" | "explicit"): Case {
  const id = `gni.step.cnn/mode=${mode}`;
  return {
    id,
    description: `Seconds per SGD step (median) of a CONV 16/32 network (5×5, stride 2, ReLU) on a batch of 64 of the mnist package's digits (28×28), additive σ² = 0.1, cross-entropy, ${mode === "explicit" ? "trained on L + R (the explicit regulariser, double back-propagation through the convolutions)" : "with the noise injected (M = 1)"}. No peer: the value is tracked across runs.`,
    unit: "s",
    higherIsBetter: false,
    async run({ quick }) {
      const info = await selectBackend();
      const data = loadMnist({ limit: 512, seed: 0, shape: "image" });
      const net = createCnn({ inputShape: [28, 28, 1], outputSize: 10, filters: [16, 32], kernelSize: 5, stride: 2, activation: "relu", seed: 1 });
      const trainer = createTrainer(net, data, { noise: { type: "additive", sigma: Math.sqrt(0.1) }, loss: "cross-entropy", learningRate: 0.05, batchSize: 64, seed: 2, mode });
      try {
        trainer.step();
        const before = tf.memory().numTensors;
        const times: number[] = [];
        for (let i = 0; i < (quick ? 3 : mode === "explicit" ? 5 : 15); i++) {
          const t0 = process.hrtime.bigint();
          const o = trainer.step().objective;
          times.push(Number(process.hrtime.bigint() - t0) / 1e9);
          if (!Number.isFinite(o)) throw new Error(`${id}: wrong result: objective ${o}`);
        }
        const leaked = tf.memory().numTensors - before;
        if (leaked !== 0) throw new Error(`${id}: wrong result: ${leaked} tensors leaked`);
        return { value: [...times].sort((a, b) => a - b)[times.length >> 1]!, details: { backend: info.backend, repetitionSeconds: times } };
      } finally {
        trainer.dispose();
        net.dispose();
      }
    },
  };
}

export const suite = {
  package: "@heavytails/gni",
  cases: [
    stepCase("regression", "explicit-transpose", true),
    stepCase("regression", "stock", true),
    stepCase("mnist", "explicit-transpose", true),
    stepCase("mnist", "stock", true),
    convInputGradCase,
    cnnStepCase("noise"),
    cnnStepCase("explicit"),
  ] satisfies Case[],
};
