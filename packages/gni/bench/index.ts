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
import { createMlp, createTrainer, loadMnist, selectBackend, sinusoids, sliceDataset, type Dataset, type MatmulGradient, type NoiseConfig, type LossName, type Activation } from "../src/index.js";

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

export const suite = {
  package: "@heavytails/gni",
  cases: [
    stepCase("regression", "explicit-transpose", true),
    stepCase("regression", "stock", true),
    stepCase("mnist", "explicit-transpose", true),
    stepCase("mnist", "stock", true),
  ] satisfies Case[],
};
