/**
 * Benchmarks of @heavytails/sde, run by apps/bench (`pnpm bench --only sde`).
 *
 * The object shapes follow the contract in apps/bench/src/suite.ts (structural copy below;
 * packages never import apps). Every case prepares its inputs outside the timed region,
 * warms up, reports the median of several repetitions (process.hrtime.bigint) and checks
 * its result, throwing when it is wrong.
 *
 * Every timing follows WARMUP_RUNS untimed runs of the same size (the JIT; see `time`).
 * Workload (all cases): the double well f = w⁴/4 − w²/2, ε = 1, η = 1e-3, α = 1.5, θ = 0.5,
 * 10⁴ particles started at 0, 1000 steps (quick: 300), nothing recorded, default safeguard
 * (cap 0.5 + 0.1|w|). The numpy peer (bench/peers/langevin_numpy.py) runs the same scheme
 * vectorised over particles, with the same S1 Chambers–Mallows–Stuck noise and the same cap.
 */
import { simulate, type SimulateOptions } from "../src/index.js";

type RunResult =
  | { value: number; details?: Record<string, unknown> }
  | { skipped: string; details?: Record<string, unknown> };
interface Case {
  id: string;
  description: string;
  unit: string;
  higherIsBetter: boolean;
  run(opts: { quick: boolean }): Promise<RunResult>;
  peer?: { name: string; command: string[]; quickCommand?: string[]; timeoutSeconds: number; quickTimeoutSeconds?: number; valueKey?: string };
  target?: { text: string; ratio?: number; value?: number };
}

const PEER = "packages/sde/bench/peers/langevin_numpy.py";
const P = 10_000;
const base = (quick: boolean): SimulateOptions => ({
  potential: { f: (w) => (w * w * w * w) / 4 - (w * w) / 2, fPrime: (w) => w * w * w - w },
  alpha: 1.5,
  theta: 0.5,
  epsilon: 1,
  stepSize: 1e-3,
  steps: quick ? 300 : 1000,
  burnIn: quick ? 300 : 1000,
  particles: P,
});

function fail(id: string, what: string): never {
  throw new Error(`${id}: wrong result: ${what}`);
}

/** Check the final states: finite, and a plausible split between the wells (Euler at α = 1.5, θ = 0.5 drifts left). */
function checkRun(id: string, r: ReturnType<typeof simulate>, negLo: number, negHi: number): number {
  let neg = 0;
  for (const v of r.final) {
    if (!Number.isFinite(v)) fail(id, `final state ${v}`);
    if (v < 0) neg++;
  }
  const frac = neg / r.final.length;
  if (!(frac >= negLo && frac <= negHi)) fail(id, `fraction of particles at w < 0 is ${frac}, expected in [${negLo}, ${negHi}]`);
  if (r.diagnostics.safeguardFraction > 1e-2) fail(id, `safeguard fired in ${r.diagnostics.safeguardFraction} of the steps`);
  return frac;
}

interface Timed {
  median: number;
  reps: number[];
  /** Median CPU time of the process (process.cpuUsage, user + system) over the same repetitions. */
  cpuMedian: number;
  last: ReturnType<typeof simulate>;
}

const WARMUP_RUNS = 3;

/** Median wall time of `simulate` (the drift-grid build excluded: it is done once per run and reported separately). */
function time(opts: SimulateOptions, reps: number, seed0: number): Timed {
  // Warm-up: three runs of the full size. V8 optimises simulate's time loop (runSteps) after about
  // three calls and only then inlines the step kernels into it; before that a step costs ~2× more.
  for (let w = 1; w <= WARMUP_RUNS; w++) simulate({ ...opts, seed: seed0 - w });
  const times: number[] = [], cpu: number[] = [];
  let last!: ReturnType<typeof simulate>;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    last = simulate({ ...opts, seed: seed0 + i });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9 - last.diagnostics.gridSeconds);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6 - last.diagnostics.gridSeconds);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return { median: med(times), reps: times, cpuMedian: med(cpu), last };
}

function schemeCase(scheme: "euler" | "fractional"): Case {
  const id = `sde.${scheme}/double-well,alpha=1.5,theta=0.5`;
  return {
    id,
    description:
      `simulate({ scheme: '${scheme}' }) on the double well w⁴/4 − w²/2, α = 1.5, θ = 0.5, ε = 1, η = 1e-3, ` +
      `10⁴ particles × 1000 steps (quick: 300), particle-steps per second` +
      (scheme === "fractional" ? " (drift grid b_{h,K}, h = 0.01 on [−8, 8], built before the steps and excluded)" : "") +
      "; checked: all states finite, share at w < 0 plausible, safeguard rare. Peer: the same scheme vectorised in numpy.",
    unit: "particle-steps/s",
    higherIsBetter: true,
    peer: {
      name: `numpy ${scheme}`,
      command: ["python3", PEER, "--scheme", scheme, "--steps", "1000", "--repeats", "3"],
      quickCommand: ["python3", PEER, "--scheme", scheme, "--steps", "300", "--repeats", "3"],
      timeoutSeconds: 180,
      quickTimeoutSeconds: 90,
    },
    target: { ratio: 3, text: "≥ 3× numpy" },
    async run({ quick }) {
      const o = { ...base(quick), scheme };
      const t = time(o, quick ? 3 : 5, 100);
      const frac = checkRun(id, t.last, scheme === "euler" ? 0.5 : 0.4, scheme === "euler" ? 0.8 : 0.65);
      return {
        value: (P * o.steps) / t.median,
        details: { particles: P, steps: o.steps, medianSeconds: t.median, cpuSeconds: t.cpuMedian, cpuValue: (P * o.steps) / t.cpuMedian, repetitionSeconds: t.reps, fractionNegative: frac, gridSeconds: t.last.diagnostics.gridSeconds, safeguardFraction: t.last.diagnostics.safeguardFraction },
      };
    },
  };
}

const COST_ID = "sde.fractional-cost/double-well,alpha=1.5,theta=0.5";
const costCase: Case = {
  id: COST_ID,
  description:
    "Cost of one fractional step (precomputed drift grid, linear interpolation) relative to one Euler step on the same " +
    "workload as above, timed alternately in one process: median fractional seconds / median Euler seconds.",
  unit: "× Euler time per step",
  higherIsBetter: false,
  target: { value: 2, text: "≤ 2× Euler per step" },
  async run({ quick }) {
    const o = base(quick);
    const reps = quick ? 3 : 5;
    const e: number[] = [], f: number[] = [];
    let le!: Timed, lf!: Timed;
    for (let i = 0; i < reps; i++) {
      le = time({ ...o, scheme: "euler" }, 1, 200 + i);
      lf = time({ ...o, scheme: "fractional" }, 1, 300 + i);
      e.push(le.median);
      f.push(lf.median);
    }
    checkRun(COST_ID, le.last, 0.5, 0.8);
    checkRun(COST_ID, lf.last, 0.4, 0.65);
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
    return { value: med(f) / med(e), details: { eulerSeconds: e, fractionalSeconds: f, gridSeconds: lf.last.diagnostics.gridSeconds } };
  },
};

export const suite = {
  package: "@heavytails/sde",
  cases: [schemeCase("euler"), schemeCase("fractional"), costCase] satisfies Case[],
};
