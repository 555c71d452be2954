/**
 * Integrators for dw = b(w)dt + ε dL^{α,θ} on an ensemble of particles:
 *
 * - `euler`: eq. (4.4), w_{k+1} = w_k − η_{k+1} ∇f(w_k) + ε η_{k+1}^{1/α} ΔL_{k+1};
 * - `fractional`: the asymmetric fractional Langevin scheme (eq. 4.6 discretised),
 *   w_{k+1} = w_k + η_{k+1} b_{h,K}(w_k) + ε η_{k+1}^{1/α} ΔL_{k+1}, with b_{h,K} of eq. (4.8)
 *   precomputed on a grid by @heavytails/fractional and interpolated linearly.
 *
 * Coordinates are independent: ΔLᵢ ~ S_α(1, θᵢ, 0) in the S1 parameterization (the one that
 * makes the fractional drift target the Gibbs measure; notes/fractional-drift.md), and the
 * potential is separable, f(w) = Σᵢ f(wᵢ). All particles live in one Float64Array; the noise
 * is drawn in blocks of several steps with @heavytails/stable's sampleInto.
 *
 * The invariant density the fractional scheme targets (Theorem 4.1) is the Gibbs density
 * ∝ e^{−f(w)/ε^α}; with α = 2 both schemes target it.
 */
import { type Rng, createRng, rangeError, sampleInto } from "@heavytails/stable";
import { type DriftGrid, type OperatorVariant, FRACTIONAL_LIMITS, driftGrid } from "@heavytails/fractional";
import { type PotentialSpec, resolvePotential } from "./potential.js";
import { type SafeguardSpec, driftSubsteps, resolveSafeguard } from "./safeguard.js";
import { type StepSizeSpec, resolveStepSize } from "./step-size.js";

export type Scheme = "euler" | "fractional";

export interface SimulateOptions {
  /** f as (f, f′) or a mathjs expression in w, applied to every coordinate. */
  potential: PotentialSpec;
  /** Stability index α: (0, 2] for Euler, (1, 2] for the fractional scheme. */
  alpha: number;
  /** Skewness θ ∈ [−1, 1], one for all coordinates or one per coordinate. */
  theta: number | ArrayLike<number>;
  /** Noise scale ε > 0. */
  epsilon: number;
  /** η_k: constant, { initial, power, offset } (decreasing) or k ↦ η_k. */
  stepSize: StepSizeSpec;
  /** Number of steps in total (burn-in included). */
  steps: number;
  /** Steps discarded before recording (default 0). */
  burnIn?: number;
  /** Record every n-th step after burn-in (default 1). */
  recordEvery?: number;
  /** Number of independent particles (default 1). */
  particles?: number;
  /** Dimension d (default: length of theta when it is an array, else 1). */
  dimension?: number;
  /** Initial state: one number for everything, d numbers (every particle) or particles·d numbers. Default 0. */
  init?: number | ArrayLike<number>;
  /** Seed of the random stream (default: random, reported in diagnostics). */
  seed?: number;
  /** Or an Rng from @heavytails/stable to draw from (advanced). */
  rng?: Rng;
  /** 'euler' (default) or 'fractional'. */
  scheme?: Scheme;
  /** Fractional scheme: Grünwald step h (default 0.01). */
  h?: number;
  /** Fractional scheme: terms per side K (default: enough that Kh covers the grid plus 4). */
  K?: number;
  /** Fractional scheme: operator variant (default 'consistent'). */
  variant?: OperatorVariant;
  /** Fractional scheme: drift grid [lo, hi] with spacing h/refine (default [−8, 8], refine 1). */
  grid?: { lo?: number; hi?: number; refine?: number };
  /** Divergence safeguard (default 'cap'; see safeguard.ts). */
  safeguard?: SafeguardSpec;
  /**
   * What to do when the run diverged under the safeguard (see `diagnostics.diverged`): 'throw'
   * (default) raises a RangeError; 'flag' returns the result with `diagnostics.diverged = true`.
   */
  onDivergence?: "throw" | "flag";
}

/**
 * Size limits of `simulate` (documented in the README); a value beyond one raises a RangeError
 * naming the parameter, its value and the allowed range, before anything is allocated.
 */
export const SIMULATE_LIMITS = {
  steps: 1_000_000_000,
  particles: 10_000_000,
  dimension: 10_000,
  /** particles · dimension (the state: 8 bytes each, twice). */
  state: 10_000_000,
  /** records · particles · dimension (the recorded samples: 8 bytes each). */
  recorded: 100_000_000,
} as const;

export interface SimulationDiagnostics {
  scheme: Scheme;
  seed: number | null;
  steps: number;
  burnIn: number;
  recordEvery: number;
  particles: number;
  dimension: number;
  /** Number of recorded states per particle. */
  records: number;
  safeguard: "cap" | "tame" | "substep" | "none";
  /** Particle-coordinate-steps in which the safeguard changed the step. */
  safeguardFired: number;
  /** safeguardFired / (steps · particles · d). */
  safeguardFraction: number;
  /** Fractional scheme: particle-coordinate-steps that started outside the drift grid. */
  outsideGrid: number;
  /** Fractional scheme: the drift grid used (lo, hi, spacing, h, K). */
  grid: { lo: number; hi: number; spacing: number; h: number; K: number; variant: OperatorVariant } | null;
  /** Σ η_k over all steps. */
  totalTime: number;
  /** Largest |w| seen at a recorded step. */
  maxAbsRecorded: number;
  /**
   * True when the run diverged under the safeguard: some particle-coordinate had an *outward*
   * drift step (away from 0, the direction that increases |w|) larger than the safeguard's
   * limit L(w) = abs + rel·|w|, and so limited by it, on `divergenceRun` consecutive steps. The safeguard then drives the state, not the scheme: the drift points
   * away from the origin there (a repulsive potential, an outward grid end) or the step is far
   * too large. A far-out state being capped on its way back (inward) is not a divergence.
   */
  diverged: boolean;
  /** Particle-coordinates that diverged (see `diverged`). */
  divergedCoordinates: number;
  /** Consecutive outward-limited steps that count as a divergence: min(100, ⌈steps/2⌉). */
  divergenceRun: number;
  /** Wall time of the run, and of building the drift grid, in seconds. */
  wallSeconds: number;
  gridSeconds: number;
}

export interface SimulationResult {
  /** Recorded states, layout [record][particle][coordinate] (length records·particles·d). */
  samples: Float64Array;
  /** η_k of the step that produced each record (length records), for ν_N(g). */
  weights: Float64Array;
  /** Final states, layout [particle][coordinate]. */
  final: Float64Array;
  particles: number;
  dimension: number;
  records: number;
  diagnostics: SimulationDiagnostics;
}

/** Values per coordinate drawn from the stable sampler at once. */
const NOISE_BLOCK = 16384;

function checkInt(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
    throw rangeError(name, v, `{${min}, ${min + 1}, ...}${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ""}`);
  }
  return v;
}

/** Which safeguard ran, for the error messages (index = mode). */
const GUARD_NAMES = ["none", "cap", "tame", "substep"] as const;

/** The error for a state that became NaN or ±Infinity: says which part of the step did it. */
function nonFinite(k: number, p: number, i: number, before: number, value: number, drift: number, jump: number, mode: number): Error {
  const where = `state became ${value} at step ${k + 1}, particle ${p}, coordinate ${i} (from ${before}; drift displacement ${drift}, noise ${jump})`;
  if (jump - jump !== 0) {
    return new RangeError(`${where}: the noise increment ε·η^{1/α}·ΔL overflowed; use a smaller epsilon or step size`);
  }
  if (mode === 0) return new RangeError(`${where}; the scheme diverged: use safeguard 'cap', 'tame' or 'substep', or a smaller step size`);
  return new RangeError(`${where}; the state overflowed although the '${GUARD_NAMES[mode]}' safeguard limited the drift step: use a smaller step size or epsilon`);
}

/** The error for a potential whose derivative is not a number at a finite state (not a divergence). */
function badDerivative(k: number, p: number, i: number, x: number, v: number): Error {
  return new RangeError(
    `fPrime(${x}) = ${v} at step ${k + 1}, particle ${p}, coordinate ${i}: the potential's derivative must be a real number wherever the state goes (is the potential defined at w = ${x}?)`,
  );
}

/** Track outward safeguard firings: run[j] counts consecutive ones; returns 1 when j just reached R. */
function outwardRun(run: Int32Array, j: number, outward: boolean, R: number): number {
  if (!outward) {
    run[j] = 0;
    return 0;
  }
  return ++run[j] === R ? 1 : 0;
}

/**
 * One Euler step (4.4) for the particles of one coordinate under the 'tame' (mode 2) or
 * 'substep' (mode 3) safeguard; 'cap' and none run in `eulerCapStep`. Adds the safeguard's
 * firings and the diverged coordinates to counts[0] and counts[2].
 */
function eulerStep(
  X: Float64Array, base: number, P: number, noise: Float64Array, off: number,
  eta: number, scale: number, fPrime: (w: number) => number,
  mode: number, capAbs: number, capRel: number, k: number, coord: number,
  run: Int32Array, R: number, counts: Float64Array,
): void {
  let fired = 0, diverged = 0;
  for (let p = 0; p < P; p++) {
    const x0 = X[base + p];
    const fp = fPrime(x0);
    if (fp !== fp) throw badDerivative(k, p, coord, x0, fp);
    let d = -eta * fp;
    let out = false;
    if (mode === 2) {
      const a = (d < 0 ? -d : d) / (capAbs + capRel * (x0 < 0 ? -x0 : x0));
      if (a > 0.01) { fired++; out = a >= 1 && d * x0 > 0; }
      d = d / (1 + a);
    } else {
      const lim = capAbs + capRel * (x0 < 0 ? -x0 : x0);
      if (d > lim || d < -lim) {
        fired++;
        out = d * x0 > 0;
        d = driftSubsteps(x0, eta, (w) => -fPrime(w), capAbs, capRel) - x0;
      }
    }
    diverged += outwardRun(run, base + p, out, R);
    const jump = scale * noise[off + p];
    const x = x0 + d + jump;
    if (x - x !== 0) throw d !== d ? badDerivative(k, p, coord, x0, d) : nonFinite(k, p, coord, x0, x, d, jump, mode);
    X[base + p] = x;
  }
  counts[0] += fired;
  counts[2] += diverged;
}

/**
 * The Euler step (4.4) under the default 'cap' safeguard or none (modes 1 and 0), in a loop
 * shaped for the common case; its arithmetic, counts and errors are those of the one kernel for
 * all safeguards that it replaced, bit for bit (issue 11: 0.10 → 0.02 s per 10⁷ particle-steps).
 * - Every check that rarely fires (a NaN f′, the cap, an outward-limited step) sits behind one
 *   test !(|d| ≤ L(w)), which a NaN also fails, and runs in `capFired`.
 * - |w| is `Math.abs`, not `w < 0 ? −w : w`: the sign of w is random across particles, and that
 *   mispredicted branch cost about half of the step.
 * - Outward runs touch memory only when the cap fires: `last[j]` is k + 1 of the latest
 *   outward-limited step of particle-coordinate j, so a run goes on when `last[j] === k`;
 *   `simulate` clears, at the end, the runs that did not last to the final step.
 * In mode 0, L = ∞: nothing is clipped or outward, and a d of ±∞ reaches the state check.
 */
function eulerCapStep(
  X: Float64Array, base: number, P: number, noise: Float64Array, off: number,
  eta: number, scale: number, fPrime: (w: number) => number,
  mode: number, capAbs: number, capRel: number, k: number, coord: number,
  run: Int32Array, last: Int32Array, R: number, counts: Float64Array,
): void {
  const end = base + P;
  for (let j = base, n = off; j < end; j++, n++) {
    const x0 = X[j];
    const fp = fPrime(x0);
    let d = -eta * fp;
    const lim = capAbs + capRel * Math.abs(x0);
    if (!(Math.abs(d) <= lim)) d = capFired(x0, fp, d, lim, j, k, j - base, coord, run, last, R, counts);
    const jump = scale * noise[n];
    const x = x0 + d + jump;
    if (x - x !== 0) throw d !== d ? badDerivative(k, j - base, coord, x0, d) : nonFinite(k, j - base, coord, x0, x, d, jump, mode);
    X[j] = x;
  }
}

/**
 * The rare case of eulerCapStep and gridCapStep, |d| > L(w) or a NaN: the bad-derivative error
 * (Euler; the grid passes fp = 0), the cap (counted in counts[0]) and the outward run of
 * particle-coordinate j (a run reaching R counted in counts[2]). Returns the drift displacement,
 * clipped (a NaN d is returned as it is, for the state check to report).
 */
function capFired(
  x0: number, fp: number, d: number, lim: number, j: number, k: number, p: number, coord: number,
  run: Int32Array, last: Int32Array, R: number, counts: Float64Array,
): number {
  if (fp !== fp) throw badDerivative(k, p, coord, x0, fp);
  let out = false;
  if (d > lim) { d = lim; counts[0]++; out = x0 > 0; } else if (d < -lim) { d = -lim; counts[0]++; out = x0 < 0; }
  if (out) {
    const r = last[j] === k ? run[j] + 1 : 1;
    run[j] = r;
    last[j] = k + 1;
    if (r === R) counts[2]++;
  }
  return d;
}

/** The drift b_{h,K}(w) interpolated linearly on the grid (the edge value outside it), as in gridStep's loop. */
function gridDrift(values: Float64Array, lo: number, invSpacing: number, w: number): number {
  const u = (w - lo) * invSpacing;
  const last = values.length - 1;
  if (!(u >= 0 && u < last)) return u < 0 ? values[0] : values[last];
  const j = u | 0;
  return values[j] + (u - j) * (values[j + 1] - values[j]);
}

/**
 * One fractional step (4.6) with the drift interpolated on a grid, under the 'tame' (mode 2) or
 * 'substep' (mode 3) safeguard ('cap' and none: `gridCapStep`); adds fired, outside and diverged
 * to counts[0], counts[1], counts[2].
 */
function gridStep(
  X: Float64Array, base: number, P: number, noise: Float64Array, off: number,
  eta: number, scale: number, values: Float64Array, lo: number, invSpacing: number,
  mode: number, capAbs: number, capRel: number, k: number, coord: number, counts: Float64Array,
  run: Int32Array, R: number,
): void {
  let fired = 0, outside = 0, diverged = 0;
  const last = values.length - 1;
  for (let p = 0; p < P; p++) {
    const x = X[base + p];
    const u = (x - lo) * invSpacing;
    let b: number;
    if (u >= 0 && u < last) {
      const j = u | 0;
      const v0 = values[j];
      b = v0 + (u - j) * (values[j + 1] - v0);
    } else {
      outside++;
      b = u < 0 ? values[0] : values[last];
    }
    let d = eta * b;
    let out = false;
    if (mode === 2) {
      const a = (d < 0 ? -d : d) / (capAbs + capRel * (x < 0 ? -x : x));
      if (a > 0.01) { fired++; out = a >= 1 && d * x > 0; }
      d = d / (1 + a);
    } else {
      const lim = capAbs + capRel * (x < 0 ? -x : x);
      if (d > lim || d < -lim) {
        fired++;
        out = d * x > 0;
        d = driftSubsteps(x, eta, (w) => gridDrift(values, lo, invSpacing, w), capAbs, capRel) - x;
      }
    }
    diverged += outwardRun(run, base + p, out, R);
    const jump = scale * noise[off + p];
    const x1 = x + d + jump;
    if (x1 - x1 !== 0) throw nonFinite(k, p, coord, x, x1, d, jump, mode);
    X[base + p] = x1;
  }
  counts[0] += fired;
  counts[1] += outside;
  counts[2] += diverged;
}

/**
 * The fractional step (4.6) under 'cap' or no safeguard (modes 1 and 0), shaped as
 * `eulerCapStep` (|w| by `Math.abs`, the cap and outward runs in `capFired`, runs kept in
 * `last`); bit for bit the numbers, counts and errors of `gridStep`'s loop for these modes.
 */
function gridCapStep(
  X: Float64Array, base: number, P: number, noise: Float64Array, off: number,
  eta: number, scale: number, values: Float64Array, lo: number, invSpacing: number,
  mode: number, capAbs: number, capRel: number, k: number, coord: number, counts: Float64Array,
  run: Int32Array, last: Int32Array, R: number,
): void {
  let outside = 0;
  const top = values.length - 1;
  const end = base + P;
  for (let j = base, n = off; j < end; j++, n++) {
    const x = X[j];
    const u = (x - lo) * invSpacing;
    let b: number;
    if (u >= 0 && u < top) {
      const i = u | 0;
      const v0 = values[i];
      b = v0 + (u - i) * (values[i + 1] - v0);
    } else {
      outside++;
      b = u < 0 ? values[0] : values[top];
    }
    let d = eta * b;
    const lim = capAbs + capRel * Math.abs(x);
    if (!(Math.abs(d) <= lim)) d = capFired(x, 0, d, lim, j, k, j - base, coord, run, last, R, counts);
    const jump = scale * noise[n];
    const x1 = x + d + jump;
    if (x1 - x1 !== 0) throw nonFinite(k, j - base, coord, x, x1, d, jump, mode);
    X[j] = x1;
  }
  counts[1] += outside;
}

/** What `runSteps` needs: the state, the noise buffers, the kernels' parameters and the outputs. */
interface StepLoop {
  X: Float64Array; P: number; d: number; steps: number; burnIn: number; recordEvery: number; chunk: number;
  noise: Float64Array[]; params: { alpha: number; beta: number }[]; rng: Rng;
  eta: ReturnType<typeof resolveStepSize>; epsilon: number; invAlpha: number;
  euler: boolean; fast: boolean; grids: DriftGrid[]; fPrime: (w: number) => number;
  mode: number; capAbs: number; capRel: number;
  run: Int32Array; last: Int32Array; R: number; fc: Float64Array; counts: Float64Array;
  samples: Float64Array; weights: Float64Array;
}

/**
 * The time loop of `simulate`: noise blocks, step sizes, the kernels, recording. A function of its
 * own (not inline in `simulate`) because V8 optimises a function late in proportion to its size:
 * inside `simulate` the loop ran unoptimised for its first ~6 calls, 30% slower per Euler step.
 */
function runSteps(c: StepLoop): { totalTime: number; maxAbsRecorded: number } {
  const { X, P, d, steps, burnIn, recordEvery, chunk, noise, params, rng, eta, epsilon, invAlpha, euler, fast, grids, fPrime, mode, capAbs, capRel, run, last, R, fc, counts, samples, weights } = c;
  let totalTime = 0;
  let rec = 0;
  let maxAbsRecorded = 0;
  for (let k0 = 0; k0 < steps; k0 += chunk) {
    const ns = Math.min(chunk, steps - k0);
    for (let i = 0; i < d; i++) sampleInto(noise[i].subarray(0, ns * P), params[i], rng);
    for (let s = 0; s < ns; s++) {
      const k = k0 + s;
      const e = eta.constant ?? eta.at(k);
      totalTime += e;
      const scale = epsilon * Math.pow(e, invAlpha);
      for (let i = 0; i < d; i++) {
        if (euler && fast) {
          eulerCapStep(X, i * P, P, noise[i], s * P, e, scale, fPrime, mode, capAbs, capRel, k, i, run, last, R, fc);
        } else if (euler) {
          eulerStep(X, i * P, P, noise[i], s * P, e, scale, fPrime, mode, capAbs, capRel, k, i, run, R, fc);
        } else {
          const g = grids[i];
          if (fast) gridCapStep(X, i * P, P, noise[i], s * P, e, scale, g.values, g.lo, 1 / g.spacing, mode, capAbs, capRel, k, i, counts, run, last, R);
          else gridStep(X, i * P, P, noise[i], s * P, e, scale, g.values, g.lo, 1 / g.spacing, mode, capAbs, capRel, k, i, counts, run, R);
        }
      }
      const after = k + 1;
      if (after > burnIn && (after - burnIn) % recordEvery === 0) {
        const o = rec * P * d;
        if (d === 1) {
          for (let p = 0; p < P; p++) {
            const v = X[p];
            samples[o + p] = v;
            const a = Math.abs(v);
            if (a > maxAbsRecorded) maxAbsRecorded = a;
          }
        } else {
          for (let p = 0; p < P; p++) {
            for (let i = 0; i < d; i++) {
              const v = X[i * P + p];
              samples[o + p * d + i] = v;
              const a = Math.abs(v);
              if (a > maxAbsRecorded) maxAbsRecorded = a;
            }
          }
        }
        weights[rec++] = e;
      }
    }
  }
  return { totalTime, maxAbsRecorded };
}

/** Simulate the Euler (4.4) or fractional Langevin (4.6) scheme; see the file comment. */
export function simulate(options: SimulateOptions): SimulationResult {
  const t0 = process.hrtime.bigint();
  if (options == null || typeof options !== "object") throw new TypeError("simulate needs an options object");
  const scheme = options.scheme ?? "euler";
  if (scheme !== "euler" && scheme !== "fractional") throw rangeError("scheme", scheme, "{'euler', 'fractional'}");
  const alpha = options.alpha;
  if (scheme === "euler" ? !(alpha > 0 && alpha <= 2) : !(alpha > 1 && alpha <= 2)) {
    throw rangeError("alpha", alpha, scheme === "euler" ? "(0, 2]" : "(1, 2] (the fractional scheme)");
  }
  const epsilon = options.epsilon;
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw rangeError("epsilon", epsilon, "(0, Infinity)");
  const thetaIn = options.theta;
  const d = checkInt("dimension", options.dimension ?? (typeof thetaIn === "number" ? 1 : thetaIn?.length), 1, SIMULATE_LIMITS.dimension);
  const thetas = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const t = typeof thetaIn === "number" ? thetaIn : thetaIn?.[i];
    if (typeof t !== "number" || !(t >= -1 && t <= 1)) throw rangeError(typeof thetaIn === "number" ? "theta" : `theta[${i}]`, t, "[-1, 1]");
    thetas[i] = t;
  }
  if (typeof thetaIn !== "number" && thetaIn.length !== d) throw rangeError("theta.length", thetaIn.length, `{${d}} (the dimension)`);
  const steps = checkInt("steps", options.steps, 0, SIMULATE_LIMITS.steps);
  const burnIn = checkInt("burnIn", options.burnIn ?? 0, 0);
  if (burnIn > steps) throw rangeError("burnIn", burnIn, `[0, ${steps}] (at most steps)`);
  const recordEvery = checkInt("recordEvery", options.recordEvery ?? 1, 1);
  const P = checkInt("particles", options.particles ?? 1, 1, SIMULATE_LIMITS.particles);
  if (P * d > SIMULATE_LIMITS.state) throw rangeError("particles · dimension", P * d, `{1, 2, ...} up to ${SIMULATE_LIMITS.state}`);
  const records = Math.floor((steps - burnIn) / recordEvery);
  if (records * P * d > SIMULATE_LIMITS.recorded) {
    throw rangeError("records · particles · dimension", records * P * d, `{0, 1, ...} up to ${SIMULATE_LIMITS.recorded} (records = (steps − burnIn)/recordEvery = ${records}; raise recordEvery or burnIn)`);
  }
  const onDivergence = options.onDivergence ?? "throw";
  if (onDivergence !== "throw" && onDivergence !== "flag") throw rangeError("onDivergence", onDivergence, "{'throw', 'flag'}");
  const potential = resolvePotential(options.potential);
  const eta = resolveStepSize(options.stepSize);
  const guard = resolveSafeguard(options.safeguard);
  let seed: number | null = null;
  let rng: Rng;
  if (options.rng !== undefined) {
    const r = options.rng as Partial<Rng> | null;
    if (r === null || typeof r !== "object" || typeof r.uniform !== "function" || typeof r.normal !== "function" || !(r.state instanceof Int32Array)) {
      throw new TypeError("rng must be an Rng from @heavytails/stable (createRng(seed)); got an object without its methods and state, which would lose reproducibility (pass seed instead)");
    }
    if (options.seed !== undefined) throw new TypeError("pass either seed or rng, not both: with an rng the seed would be ignored");
    rng = options.rng;
  } else {
    seed = options.seed ?? Math.floor(Math.random() * 2 ** 52);
    if (!Number.isSafeInteger(seed)) throw rangeError("seed", seed, "safe integers");
    rng = createRng(seed);
  }

  // State, coordinate-major: X[i·P + p].
  const X = new Float64Array(d * P);
  const init = options.init ?? 0;
  if (typeof init === "number") {
    if (!Number.isFinite(init)) throw rangeError("init", init, "(-Infinity, Infinity)");
    X.fill(init);
  } else {
    if (init.length !== d && init.length !== d * P) throw rangeError("init.length", init.length, `{${d}, ${d * P}} (d or particles·d)`);
    for (let p = 0; p < P; p++) {
      for (let i = 0; i < d; i++) {
        const v = init.length === d ? init[i] : init[p * d + i];
        if (!Number.isFinite(v)) throw rangeError(`init[${init.length === d ? i : p * d + i}]`, v, "(-Infinity, Infinity)");
        X[i * P + p] = v;
      }
    }
  }

  // Drift grids for the fractional scheme, one per distinct θ.
  let gridInfo: SimulationDiagnostics["grid"] = null;
  const grids: DriftGrid[] = [];
  let gridSeconds = 0;
  if (scheme === "fractional") {
    const tg = process.hrtime.bigint();
    const lo = options.grid?.lo ?? -8, hi = options.grid?.hi ?? 8;
    if (typeof lo !== "number" || !Number.isFinite(lo)) throw rangeError("grid.lo", lo, "(-Infinity, Infinity)");
    if (typeof hi !== "number" || !(hi > lo) || !Number.isFinite(hi)) throw rangeError("grid.hi", hi, `(${lo}, Infinity) (greater than grid.lo)`);
    const h = options.h ?? 0.01;
    if (!(h > 0) || !Number.isFinite(h)) throw rangeError("h", h, "(0, Infinity)");
    const maxK = FRACTIONAL_LIMITS.K;
    const K = options.K ?? Math.ceil((Math.max(Math.abs(lo), Math.abs(hi)) + 4) / h);
    if (options.K === undefined && K > maxK) {
      throw rangeError("K (default ⌈(max(|grid.lo|, |grid.hi|) + 4)/h⌉)", K, `{0, 1, ..., ${maxK}}: h = ${h} is too small for the grid [${lo}, ${hi}]; pass a larger h, a narrower grid or K`);
    }
    const variant = options.variant ?? "consistent";
    const cache = new Map<number, DriftGrid>();
    for (let i = 0; i < d; i++) {
      let g = cache.get(thetas[i]);
      if (!g) {
        g = driftGrid({ f: potential.f, fPrime: potential.fPrime, alpha, theta: thetas[i], epsilon, h, K, variant, lo, hi, refine: options.grid?.refine });
        cache.set(thetas[i], g);
      }
      grids.push(g);
    }
    gridInfo = { lo: grids[0].lo, hi: grids[0].hi, spacing: grids[0].spacing, h, K, variant };
    gridSeconds = Number(process.hrtime.bigint() - tg) / 1e9;
  }

  const samples = new Float64Array(records * P * d);
  const weights = new Float64Array(records);
  const chunk = Math.max(1, Math.floor(NOISE_BLOCK / P));
  const noise: Float64Array[] = [];
  for (let i = 0; i < d; i++) noise.push(new Float64Array(Math.min(chunk, Math.max(steps, 1)) * P));
  const params = Array.from(thetas, (beta) => ({ alpha, beta }));
  const invAlpha = 1 / alpha;
  const counts = new Float64Array(3); // fired (fractional), outside the grid, diverged coordinates
  const fc = new Float64Array(3); // fired (Euler), unused, diverged coordinates
  const R = Math.min(100, Math.max(1, Math.ceil(steps / 2)));
  const run = new Int32Array(guard.mode === 0 ? 0 : d * P);
  // 'cap' (eulerCapStep, gridCapStep): k + 1 of each particle-coordinate's latest outward-limited step.
  const fast = guard.mode === 0 || guard.mode === 1;
  const last = new Int32Array(guard.mode === 1 ? d * P : 0);
  let fired = 0;
  const { totalTime, maxAbsRecorded } = runSteps({
    X, P, d, steps, burnIn, recordEvery, chunk, noise, params, rng, eta, epsilon, invAlpha, euler: scheme === "euler", fast, grids,
    fPrime: potential.fPrime, mode: guard.mode, capAbs: guard.abs, capRel: guard.rel, run, last, R, fc, counts, samples, weights,
  });
  // The cap kernels leave a run's count in place when it ends; a run still going ended at the last step.
  for (let j = 0; j < last.length; j++) if (last[j] !== steps) run[j] = 0;
  fired += counts[0] + fc[0];
  const divergedCoordinates = counts[2] + fc[2];
  if (divergedCoordinates > 0 && onDivergence === "throw") {
    let first = 0;
    while (first < run.length && run[first] < R) first++;
    const where = first < run.length ? ` (e.g. particle ${first % P}, coordinate ${Math.floor(first / P)}, now at w = ${X[first]})` : "";
    throw new RangeError(
      `the run diverged: the '${guard.kind}' safeguard limited the drift step outward (away from 0) on ${R} consecutive steps for ` +
        `${divergedCoordinates} particle-coordinate(s)${where}. The drift points away from the origin there or the step size is far too large, ` +
        "so the safeguard, not the scheme, drives the state. Use a confining potential or a smaller step size; pass onDivergence: 'flag' to get the result anyway.",
    );
  }

  const final = new Float64Array(P * d);
  for (let p = 0; p < P; p++) for (let i = 0; i < d; i++) final[p * d + i] = X[i * P + p];
  const total = steps * P * d;
  return {
    samples,
    weights,
    final,
    particles: P,
    dimension: d,
    records,
    diagnostics: {
      scheme,
      seed,
      steps,
      burnIn,
      recordEvery,
      particles: P,
      dimension: d,
      records,
      safeguard: guard.kind,
      safeguardFired: fired,
      safeguardFraction: total > 0 ? fired / total : 0,
      outsideGrid: counts[1],
      grid: gridInfo,
      totalTime,
      maxAbsRecorded,
      diverged: divergedCoordinates > 0,
      divergedCoordinates,
      divergenceRun: R,
      wallSeconds: Number(process.hrtime.bigint() - t0) / 1e9,
      gridSeconds,
    },
  };
}
