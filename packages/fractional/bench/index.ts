/**
 * Benchmarks of @heavytails/fractional, run by apps/bench (`pnpm bench --only fractional`).
 * Shapes follow apps/bench/src/suite.ts (structural copy; packages never import apps).
 *
 * 1. driftGrid: b_{h,K} of eq. (4.8) on |w| ≤ 6, h = 0.01, K = 1000 (1201 nodes), the setting of
 *    notes/fractional-drift.md (≈ 0.5 s there in numpy). Checked against the pointwise `drift`
 *    at nodes and against the exact drift (4.7) by quadrature at w = −1 (first-order error
 *    at h = 0.01 is below 1%).
 * 2. Pointwise operator Δ^{γ,−θ}_{h,K}ψ on a Gaussian derivative, K = 4800: evaluations per
 *    second (no peer; an O(K) sum per point).
 */
import { drift, driftExact, driftGrid, rieszFellerAt } from "../src/index.js";

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

function fail(id: string, what: string): never {
  throw new Error(`${id}: wrong result: ${what}`);
}

function medianTime<T>(fn: () => T, check: (r: T) => void, warmup: number, reps: number): { median: number; reps: number[] } {
  for (let i = 0; i < warmup; i++) check(fn());
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    const r = fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e9);
    check(r);
  }
  const s = [...t].sort((a, b) => a - b);
  return { median: s[s.length >> 1], reps: t };
}

const f = (w: number) => (w * w * w * w) / 4 - (w * w) / 2;
const fPrime = (w: number) => w * w * w - w;
const OPTS = { f, fPrime, alpha: 1.9, theta: 0.5, epsilon: 1, h: 0.01, K: 1000 };

const GRID_ID = "fractional.drift-grid/alpha=1.9,theta=0.5,h=0.01,K=1000";
const gridCase: Case = {
  id: GRID_ID,
  description:
    "driftGrid({ f: w⁴/4 − w²/2, α = 1.9, θ = 0.5, ε = 1, h = 0.01, K = 1000, lo = −6, hi = 6 }): seconds per grid (1201 nodes); " +
    "checked: nodes equal pointwise drift (rel 1e-11), b(−1) within 1% of the exact drift (quadrature). Peer: the same lattice sums in numpy.",
  unit: "s",
  higherIsBetter: false,
  peer: { name: "numpy drift grid", command: ["python3", "packages/fractional/bench/peers/drift_grid_numpy.py"], timeoutSeconds: 120 },
  target: { ratio: 3, text: "≥ 3× numpy" },
  async run({ quick }) {
    const exact = driftExact(-1, OPTS);
    const check = (g: ReturnType<typeof driftGrid>) => {
      for (const i of [0, 250, 500, 950, 1200]) {
        const w = g.lo + i * g.spacing;
        const p = drift(w, OPTS);
        if (!(Math.abs(g.values[i] - p) <= 1e-11 * Math.abs(p))) fail(GRID_ID, `node ${w}: grid ${g.values[i]}, pointwise ${p}`);
      }
      const b = g.at(-1);
      if (!(Math.abs(b - exact) <= 0.01 * Math.abs(exact))) fail(GRID_ID, `b(−1) = ${b}, exact ${exact}`);
    };
    const t = medianTime(() => driftGrid({ ...OPTS, lo: -6, hi: 6 }), check, 3, quick ? 5 : 9);
    return { value: t.median, details: { repetitionSeconds: t.reps, exactAtMinus1: exact } };
  },
};

const OP_ID = "fractional.operator/gamma=-0.5,theta=0.5,K=4800";
const opCase: Case = {
  id: OP_ID,
  description: "rieszFellerAt(ψ = −x e^{−x²/2}, 1000 points, γ = −0.5, θ = 0.5, h = 0.0125, K = 4800): points per second; checked: finite, odd-part identity at ±x.",
  unit: "points/s",
  higherIsBetter: true,
  async run({ quick }) {
    const n = quick ? 200 : 1000;
    const xs = Float64Array.from({ length: n }, (_, i) => -4 + (8 * i) / (n - 1));
    const psi = (x: number) => -x * Math.exp(-0.5 * x * x);
    const o = { gamma: -0.5, theta: 0.5, h: 0.0125, K: 4800 };
    const t = medianTime(
      () => rieszFellerAt(psi, xs, o),
      (v) => {
        for (const y of v) if (!Number.isFinite(y)) fail(OP_ID, `value ${y}`);
        // ψ odd: Δ^{θ}ψ(x) = −Δ^{−θ}ψ(−x) (reflection); compare one point.
        const r = rieszFellerAt(psi, [-xs[7]], { ...o, theta: -0.5 })[0];
        if (!(Math.abs(v[7] + r) <= 1e-12)) fail(OP_ID, `reflection: ${v[7]} vs ${-r}`);
      },
      1,
      quick ? 3 : 5,
    );
    return { value: n / t.median, details: { n, repetitionSeconds: t.reps } };
  },
};

export const suite = {
  package: "@heavytails/fractional",
  cases: [gridCase, opCase] satisfies Case[],
};
