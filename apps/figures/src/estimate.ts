/**
 * Estimated compute of a run before it starts (issue 9 item 6, issue 10 item 6): for each figure, its sub-runs
 * (collected from the figure's own `run`, so the count and the configurations are exactly what it will request),
 * grouped by shape (same configuration but the seed / draw), and for each shape the measured cost of a step —
 * short probes of the same sub-run at reduced size, timed in one worker process (a probe that runs out of memory fails its shape only, reported) — times the steps of the real one.
 *
 * Cost models (probes are the real task at size k and 2k; differences cancel the fixed costs):
 * - `train` (Figs 4, 5): fixed + steps · step (+ steps / evalEvery · evaluation). Figure 4's replacement runs fit
 *   S_α to every layer inside each step, so the fits are in the step's cost.
 * - `held-out` (Figs 7, 8): fixed + steps · step + (1 + steps / evalEvery) · test evaluation
 *   + (1 + steps / every) · S_α fits.
 * - `langevin`, `t42-weak-error` (Figs 6, T4.1, T4.2): linear in the number of steps (burn-in scaled with it).
 * - `scale-mixture` (D.1): linear in the number of draws (the linear-part draws scaled with them).
 * - `gradnoise-init`, `a4-fit`, `forward-noise`, `fig3-fit`: one sub-run of each shape timed whole.
 * An estimate is an extrapolation from seconds of work: checked against real runs in the README (within 12% for
 * Figs 6 and T4.2 at quick; 4–9× too high for D.1's additive sub-runs at the paper preset, not yet understood).
 */
import { canonicalJson } from "./hash.js";
import type { FigureContext, FigureDefinition, RunOptions } from "./figure.js";
import { DiskCache } from "./cache.js";
import { PoolExecutor } from "./tasks/pool.js";

export interface SubRunRequest {
  kind: string;
  config: Record<string, unknown>;
}

export interface ShapeEstimate {
  kind: string;
  /** Sub-runs of this shape. */
  count: number;
  /** Seconds of one sub-run (extrapolated); NaN when a probe failed (`how` says why). */
  seconds: number;
  /** How it was measured, in words ("60 000 steps × 0.41 s + 2.1 s"). */
  how: string;
}

export interface FigureEstimate {
  id: string;
  /** Sub-runs the figure requests… */
  subRuns: number;
  /** …of which already computed (checkpoints): not estimated, cost nothing. */
  cached: number;
  /** CPU seconds of all sub-runs (one core each). */
  cpuSeconds: number;
  shapes: ShapeEstimate[];
  /** Probe time spent measuring, seconds. */
  probeSeconds: number;
  /** Shapes whose probe failed: not in cpuSeconds. */
  failedShapes: number;
}

/**
 * The sub-runs a figure requests for `options`: its `run` is started with a context that records every request
 * and answers none (figures request all their sub-runs before awaiting any: figure.ts). Nothing is computed.
 */
export async function collectSubRuns(fig: FigureDefinition, options: RunOptions): Promise<SubRunRequest[]> {
  const requests: SubRunRequest[] = [];
  const ctx: FigureContext = {
    cache: new DiskCache("/nonexistent-estimate-cache"),
    progress: () => {},
    subRun: (kind, config) => {
      requests.push({ kind, config: config as unknown as Record<string, unknown> });
      return new Promise<never>(() => {});
    },
  };
  let settled = false;
  void fig.run(fig.config(options), ctx).catch(() => undefined).finally(() => { settled = true; });
  // a figure awaits its backend selection (seconds the first time) and nothing else before requesting: wait for the
  // first request (or the run to end: a figure with no sub-runs), then until no more arrive
  const tick = () => new Promise((r) => setTimeout(r, 25));
  for (let waited = 0; requests.length === 0 && !settled && waited < 120_000; waited += 25) await tick();
  let before = -1;
  while (requests.length !== before) {
    before = requests.length;
    await tick();
  }
  return requests;
}

export type Timer = (config: unknown) => Promise<number>;
export type CostModel = (config: Record<string, unknown>, time: Timer) => Promise<{ seconds: number; how: string }>;

const fmt = (s: number): string => (s >= 100 ? s.toFixed(0) : s >= 1 ? s.toFixed(1) : s >= 0.01 ? s.toFixed(3) : s.toExponential(1));
const steps = (n: number): string => n.toLocaleString("en");
/** A cost that a difference of probes measured below zero (noise) counts as zero. */
const pos = (x: number): number => Math.max(0, x);

/**
 * Probes at sizes k and 2k of a sub-run of size n, whose difference is the cost of k units. The first probe warms
 * up (compiled kernels, JIT) and is repeated; k then doubles while the difference is under MIN_PROBE (timer and
 * warm-up noise) and the sub-run allows it. A first probe of LONG_PROBE or more is taken alone as k units (fixed
 * cost 0, a slight overestimate). null when n < 2: time the sub-run whole.
 */
async function probePair(n: number, start: number, run: (k: number) => Promise<number>): Promise<{ k: number; t1: number; t2: number } | null> {
  if (n < 2) return null;
  let k = Math.max(1, Math.min(Math.floor(n / 2), start));
  let t1 = await run(k);
  if (t1 >= LONG_PROBE) return { k, t1, t2: 2 * t1 };
  t1 = await run(k);
  let t2 = await run(2 * k);
  while (t2 - t1 < MIN_PROBE && 4 * k <= n && t2 < LONG_PROBE) {
    k *= 2;
    t1 = t2;
    t2 = await run(2 * k);
  }
  return { k, t1, t2 };
}

/** Linear in one size parameter: fixed + n · (cost of one unit), from probes at k and 2k. */
function linearIn(unit: string, size: (c: Record<string, unknown>) => number, at: (c: Record<string, unknown>, n: number) => Record<string, unknown>, start: (n: number) => number): CostModel {
  return async (c, time) => {
    const n = size(c);
    const p = await probePair(n, start(n), (k) => time(at(c, k)));
    if (p === null) return { seconds: await time(c), how: `timed whole (${steps(n)} ${unit})` };
    const per = pos((p.t2 - p.t1) / p.k);
    const fixed = pos(p.t1 - p.k * per);
    return { seconds: fixed + n * per, how: `${steps(n)} ${unit} × ${fmt(per)} s + ${fmt(fixed)} s` };
  };
}

const NEVER = 1e9;
/** Seconds a probe should last at least, where the sub-run is long enough (probePair). */
const MIN_PROBE = 0.25;
/**
 * A probe still running after this many seconds (wall) is stopped and its shape reported as not measured (Fig. 4's
 * authors' protocol at the paper preset: one step's S_α fits of every layer ran over 15 minutes here).
 */
export const PROBE_TIMEOUT_S = 300;
/** A first probe at least this long (seconds) is not repeated at 2k, and no evaluation probe follows it. */
const LONG_PROBE = 5;

export const COST_MODELS: Record<string, CostModel> = {
  train: async (c, time) => {
    const p = c.panel as { steps: number; evalEvery: number };
    const at = (n: number, evalEvery: number) => ({ ...c, panel: { ...p, steps: n, evalEvery } });
    const pr = await probePair(p.steps, 1, (k) => time(at(k, 0)));
    if (pr === null) return { seconds: await time(c), how: `timed whole (${p.steps} steps)` };
    const step = pos((pr.t2 - pr.t1) / pr.k);
    const fixed = pos(pr.t1 - pr.k * step);
    const evaluation = p.evalEvery > 0 && pr.t1 < LONG_PROBE ? pos(((await time(at(pr.k, 1))) - pr.t1) / pr.k) : 0;
    const evals = p.evalEvery > 0 ? Math.floor(p.steps / p.evalEvery) : 0;
    return { seconds: fixed + p.steps * step + evals * evaluation, how: `${steps(p.steps)} steps × ${fmt(step)} s + ${evals} loss evaluations × ${fmt(evaluation)} s + ${fmt(fixed)} s` };
  },
  "held-out": async (c, time) => {
    const r = c.run as { steps: number; evalEvery: number; fits?: { every: number } };
    const { fits, ...noFits } = r;
    const at = (n: number, evalEvery: number, withFits: boolean) => ({ ...c, run: { ...noFits, steps: n, evalEvery, ...(withFits && fits ? { fits: { ...fits, every: 1 } } : {}) } });
    const pr = await probePair(r.steps, 1, (k) => time(at(k, NEVER, false)));
    if (pr === null) return { seconds: await time(c), how: `timed whole (${r.steps} steps)` };
    const { k, t1, t2 } = pr;
    const step = pos((t2 - t1) / k);
    const fixed = pos(t1 - k * step);
    const evaluation = pos(((await time(at(k, 1, false))) - t1) / k);
    const fit = fits ? pos(((await time(at(k, NEVER, true))) - t1) / (k + 1)) : 0;
    const evals = Math.floor(r.steps / r.evalEvery);
    const fitCount = fits ? 1 + Math.floor(r.steps / fits.every) : 0;
    return {
      seconds: fixed + r.steps * step + evals * evaluation + fitCount * fit,
      how: `${steps(r.steps)} steps × ${fmt(step)} s + ${evals} test evaluations × ${fmt(evaluation)} s${fits ? ` + ${fitCount} fit rounds × ${fmt(fit)} s` : ""} + ${fmt(fixed)} s`,
    };
  },
  langevin: linearIn(
    "steps",
    (c) => (c.setting as { steps: number }).steps,
    (c, n) => {
      const s = c.setting as { steps: number; burnIn: number; recordEvery: number };
      return { ...c, setting: { ...s, steps: n, burnIn: Math.floor((s.burnIn * n) / s.steps) } };
    },
    () => 100,
  ),
  "t42-weak-error": linearIn(
    "steps",
    (c) => c.steps as number,
    (c, n) => ({ ...c, steps: n, burnIn: Math.floor(((c.burnIn as number) * n) / (c.steps as number)) }),
    () => 100,
  ),
  "scale-mixture": linearIn(
    "draws",
    (c) => c.draws as number,
    (c, n) => {
      const groups = Math.min(c.groups as number, n);
      const draws = Math.max(groups, n - (n % groups));
      return { ...c, draws, groups, linearDraws: Math.max(1, Math.round(((c.linearDraws as number) * draws) / (c.draws as number))) };
    },
    () => 8,
  ),
};

const whole: CostModel = async (c, time) => ({ seconds: await time(c), how: "one sub-run timed whole" });

/** Groups of requests that cost the same: equal configurations apart from `seed` and `draw`. */
export function shapesOf(requests: readonly SubRunRequest[]): Array<{ kind: string; count: number; config: Record<string, unknown> }> {
  const groups = new Map<string, { kind: string; count: number; config: Record<string, unknown> }>();
  for (const r of requests) {
    const { seed: _s, draw: _d, ...rest } = r.config;
    const key = `${r.kind}|${canonicalJson(rest)}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { kind: r.kind, count: 1, config: r.config });
  }
  return [...groups.values()];
}

/** Measure and extrapolate the sub-runs of one figure (probes run here, one at a time). */
export async function estimateFigure(
  fig: FigureDefinition, options: RunOptions,
  onShape?: (s: ShapeEstimate, done: number, total: number) => void,
  isCached: (r: SubRunRequest) => boolean = () => false,
  probeTimeoutS = PROBE_TIMEOUT_S,
): Promise<FigureEstimate> {
  const t0 = performance.now();
  const requests = await collectSubRuns(fig, options);
  const missing = requests.filter((r) => !isCached(r));
  const shapes: ShapeEstimate[] = [];
  const all = shapesOf(missing);
  // probes run in one worker process (CPU seconds of that process): one that runs out of memory fails its shape only
  const pool = new PoolExecutor(1);
  try {
    for (const s of all) {
      const time: Timer = (config) => pool.cpuSeconds(s.kind, config, probeTimeoutS * 1000);
      const model = COST_MODELS[s.kind] ?? whole;
      const m = await model(s.config, time).catch((e: unknown) => ({ seconds: Number.NaN, how: `probe failed: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 200)}` }));
      shapes.push({ kind: s.kind, count: s.count, seconds: m.seconds, how: m.how });
      onShape?.(shapes.at(-1)!, shapes.length, all.length);
    }
  } finally {
    await pool.close();
  }
  return {
    id: fig.id,
    subRuns: requests.length,
    cached: requests.length - missing.length,
    cpuSeconds: shapes.reduce((a, s) => a + s.count * (Number.isNaN(s.seconds) ? 0 : s.seconds), 0),
    failedShapes: shapes.filter((s) => Number.isNaN(s.seconds)).length,
    shapes,
    probeSeconds: (performance.now() - t0) / 1000,
  };
}

/** "2.3 CPU-hours", "14 CPU-min", "40 CPU-s". */
export function cpuTime(seconds: number): string {
  if (seconds >= 2 * 3600) return `${(seconds / 3600).toFixed(seconds >= 100 * 3600 ? 0 : 1)} CPU-hours`;
  if (seconds >= 120) return `${(seconds / 60).toFixed(0)} CPU-min`;
  return `${fmt(seconds)} CPU-s`;
}

/** Lines for the log: one per figure and one per shape. */
export function estimateLines(e: FigureEstimate, jobs: number): string[] {
  return [
    `figure ${e.id}: ${e.subRuns} sub-runs${e.cached > 0 ? ` (${e.cached} already computed)` : ""}, ≈ ${e.failedShapes > 0 ? `(at least, ${e.failedShapes} shape${e.failedShapes === 1 ? "" : "s"} not measured: a probe failed) ` : ""}${cpuTime(e.cpuSeconds)} (≈ ${cpuTime(e.cpuSeconds / jobs).replace("CPU-", "")} of wall time on ${jobs} job${jobs === 1 ? "" : "s"}); measured in ${e.probeSeconds.toFixed(1)} s`,
    ...e.shapes.map((s) => `  ${s.count} × ${s.kind}: ${Number.isNaN(s.seconds) ? "not measured" : `${cpuTime(s.seconds)} each`} (${s.how})`),
  ];
}
