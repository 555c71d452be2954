/**
 * Benchmarks of @heavytails/stable, run by apps/bench (`pnpm bench`; `pnpm bench --quick --only stable.pdf`).
 *
 * The object shapes follow the contract documented in apps/bench/src/suite.ts.
 * It is structural: this file does not import from apps (packages never do).
 *
 * Every case prepares its inputs outside the timed region, warms up, reports the
 * median of several timed repetitions (process.hrtime.bigint) and checks every
 * result against an independent reference, throwing when it is wrong.
 *
 * The library functions are loaded with a dynamic import, so a case whose
 * function is not exported yet reports itself as skipped instead of breaking
 * the module; the `Fits` guard below still makes typecheck fail if an exported
 * function's signature drifts from the calls made here.
 */
import type { StableParams } from "../src/index.js";

// ---------------------------------------------------------------------------
// Contract shapes (structural copy of apps/bench/src/suite.ts, the fields used here).

type RunResult =
  | { value: number; details?: Record<string, unknown> }
  | { skipped: string; details?: Record<string, unknown> };
interface Case {
  id: string;
  description: string;
  unit: string;
  higherIsBetter: boolean;
  run(opts: { quick: boolean }): Promise<RunResult>;
  peer?: {
    name: string;
    command: string[];
    quickCommand?: string[];
    timeoutSeconds: number;
    quickTimeoutSeconds?: number;
    valueKey?: string;
  };
  target?: { text: string; ratio?: number; value?: number };
}

// ---------------------------------------------------------------------------
// The API under test (signatures agreed with the package lead).

interface FitResult {
  alpha: number;
  beta: number;
  scale: number;
  loc: number;
  logLikelihood: number;
  warmStart: boolean;
  iterations: number;
  tablesBuilt: number;
}
interface StableApi {
  pdf(x: Float64Array, params: StableParams): Float64Array;
  sample(n: number, params: StableParams, options: { seed: number }): Float64Array;
  fit(data: Float64Array, options: { fix?: { loc?: number }; start?: { alpha: number; beta: number; scale: number; loc: number } }): FitResult;
}
type StableModule = typeof import("../src/index.js");
/** true when `K` is not exported yet, or is exported with a signature the calls below accept. */
type Fits<K extends keyof StableApi> = K extends keyof StableModule
  ? StableModule[K] extends StableApi[K]
    ? true
    : false
  : true;
const signaturesFit: [Fits<"pdf">, Fits<"sample">, Fits<"fit">] = [true, true, true];
void signaturesFit;

async function load<K extends keyof StableApi>(name: K): Promise<StableApi[K] | null> {
  const mod = (await import("../src/index.js")) as unknown as Record<string, unknown>;
  const f = mod[name];
  return typeof f === "function" ? (f as StableApi[K]) : null;
}

const notYet = (name: string): RunResult => ({
  skipped: `not available yet: ${name}() is not exported by @heavytails/stable`,
});

// ---------------------------------------------------------------------------
// Timing.

interface Timing {
  medianSeconds: number;
  repetitionSeconds: number[];
  /** Median CPU time (user + system) of the timed repetitions: less sensitive than wall time to other load. */
  medianCpuSeconds: number;
}

/**
 * Call `fn` `warmup` times, then `reps` timed times; `check` runs on every
 * result, outside the timed region. Returns the median wall time.
 */
function timeMedian<T>(fn: (rep: number) => T, check: (r: T) => void, warmup: number, reps: number): Timing {
  for (let i = 0; i < warmup; i++) check(fn(-1 - i));
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = fn(i);
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    times.push(Number(t1 - t0) / 1e9);
    cpu.push((c.user + c.system) / 1e6);
    check(r);
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const m = sorted.length >> 1;
    return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  };
  return { medianSeconds: median(times), repetitionSeconds: times, medianCpuSeconds: median(cpu) };
}

function fail(caseId: string, what: string): never {
  throw new Error(`${caseId}: wrong result: ${what}`);
}

// ---------------------------------------------------------------------------
// References (S1, σ = 1, μ = 0), all from scipy 1.17.1 levy_stable (default
// 'piecewise' method) and confirmed to ≤ 4e-14 relative by direct inversion of
// the S1 characteristic function, (1/π)∫₀^∞ e^{−t^α} cos(−xt + t^α β tan(πα/2)) dt
// with scipy.integrate.quad.

interface Reference {
  alpha: number;
  beta: number;
  /** P(−20 ≤ X ≤ 20) = cdf(20) − cdf(−20). */
  massIn20: number;
  /** Spot values of the density. */
  pdfAt: Array<[x: number, pdf: number]>;
}

const REF_15_05: Reference = {
  alpha: 1.5,
  beta: 0.5,
  massIn20: 0.9954797001136352,
  pdfAt: [
    [-5, 0.004580693698152071],
    [-1, 0.2680464965544616],
    [0, 0.2541126866022295],
    [3, 0.029413663451496107],
    [15, 0.0005283447397967384],
  ],
};

const REF_08_M03: Reference = {
  alpha: 0.8,
  beta: -0.3,
  massIn20: 0.9359621035120899,
  pdfAt: [
    [-5, 0.024206607643093903],
    [-1, 0.30962467834820856],
    [0, 0.14628132801326832],
    [3, 0.013658825635456787],
    [15, 0.001229480745348636],
  ],
};

/** Relative tolerance for the pdf spot values: catches wrong answers, not last-digit differences. */
const PDF_REL_TOL = 1e-5;
/** |trapezoid mass on the grid − P(−20 ≤ X ≤ 20)|: the trapezoid error is ≤ 1e-6 at 10⁴ points. */
const MASS_TOL = 1e-3;

const PEERS = "packages/stable/bench/peers";

// ---------------------------------------------------------------------------
// 1. pdf in bulk.

/** Laws used by the cold cases so far: each cold call moves α by another 1e-12, so no two calls (of any case) share a table. */
let coldLaws = 100;

/**
 * `cold`: every timed call uses a law the table cache has not seen (α moved by
 * k·1e-12, far below anything the checks can see), so the time includes
 * building the per-(α, β) table — what a single call on new parameters costs.
 * Warm (the default): the table is cached, as in repeated use.
 */
function pdfBulkCase(ref: Reference, cold = false, points?: number): Case {
  const id = `stable.pdf.bulk${cold ? "-cold" : ""}${points ? `-${points === 10_000 ? "1e4" : points}` : ""}/alpha=${ref.alpha},beta=${ref.beta}`;
  const params: StableParams = { alpha: ref.alpha, beta: ref.beta };
  const peerArgs = ["--alpha", String(ref.alpha), "--beta", String(ref.beta), "--lo", "-20", "--hi", "20"];
  return {
    id,
    description:
      `pdf(x: Float64Array) of S1(α=${ref.alpha}, β=${ref.beta}, σ=1, μ=0) on an even grid of x ∈ [−20, 20], ` +
      (points ? `${points} points (also quick)` : "10⁵ points (quick: 10⁴)") +
      "; checked: finite, ≥ 0, trapezoid mass = P(|X| ≤ 20), spot values. " +
      (cold ? "Cold: every call on a law not yet tabulated, so the table build is timed too. " : "Warm: the per-(α, β) table is cached. ") +
      "Peer: scipy.stats.levy_stable.pdf (default method) on 200 points (quick: 50) of the same grid.",
    unit: "points/s",
    higherIsBetter: true,
    peer: {
      name: "scipy levy_stable.pdf",
      command: ["python3", `${PEERS}/scipy_pdf.py`, "--n", "200", ...peerArgs],
      quickCommand: ["python3", `${PEERS}/scipy_pdf.py`, "--n", "50", ...peerArgs],
      timeoutSeconds: 180,
      quickTimeoutSeconds: 60,
    },
    target: { ratio: 300, text: "≥ 300× scipy per point" },
    async run({ quick }) {
      const pdf = await load("pdf");
      if (!pdf) return notYet("pdf");
      const n = points ?? (quick ? 10_000 : 100_000);
      const x = new Float64Array(n);
      const h = 40 / (n - 1);
      for (let i = 0; i < n; i++) x[i] = -20 + i * h;
      x[n - 1] = 20;

      const spotX = Float64Array.from(ref.pdfAt.map(([xi]) => xi));
      const spot = pdf(spotX, params);
      ref.pdfAt.forEach(([xi, want], i) => {
        const got = spot[i]!;
        const rel = Math.abs(got - want) / want;
        if (!(rel <= PDF_REL_TOL)) fail(id, `pdf(${xi}) = ${got}, reference ${want}, relative difference ${rel.toExponential(2)} > ${PDF_REL_TOL}`);
      });

      let mass = NaN;
      const check = (p: Float64Array) => {
        if (p.length !== n) fail(id, `pdf returned ${p.length} values for ${n} points`);
        let s = 0;
        for (let i = 0; i < n; i++) {
          const v = p[i]!;
          if (!(v >= 0) || !Number.isFinite(v)) fail(id, `pdf(${x[i]}) = ${v}`);
          s += v;
        }
        mass = h * (s - 0.5 * (p[0]! + p[n - 1]!));
        if (!(Math.abs(mass - ref.massIn20) <= MASS_TOL)) {
          fail(id, `trapezoid mass on [−20, 20] = ${mass}, reference P(|X| ≤ 20) = ${ref.massIn20}, difference ${(mass - ref.massIn20).toExponential(2)}`);
        }
      };
      const t = cold
        ? timeMedian(() => pdf(x, { ...params, alpha: ref.alpha - ++coldLaws * 1e-12 }), check, 1, quick ? 3 : 5)
        : timeMedian(() => pdf(x, params), check, 2, quick ? 7 : 9);
      return {
        value: n / t.medianSeconds,
        details: { n, medianSeconds: t.medianSeconds, repetitionSeconds: t.repetitionSeconds, mass, massReference: ref.massIn20 },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// 2. Sampling.

/** P(X > 0) for S1 with μ = 0, α ≠ 1 (strictly stable): ρ = ½ + arctan(β tan(πα/2))/(πα). */
function positivity(alpha: number, beta: number): number {
  return 0.5 + Math.atan(beta * Math.tan((Math.PI * alpha) / 2)) / (Math.PI * alpha);
}

const SAMPLE_ID = "stable.sample/alpha=1.5,beta=0.5";
const sampleCase: Case = {
  id: SAMPLE_ID,
  description:
    "sample(n, S1(α=1.5, β=0.5, σ=1, μ=0), { seed }) with n = 10⁷ (quick: 10⁶), a new seed each repetition; " +
    "checked: all finite, P(X > 0) = ½ + arctan(β tan(πα/2))/(πα) and P(|X| > 20) within 6 standard errors. " +
    "Peer: the same Chambers–Mallows–Stuck formula vectorised in numpy (cms_numpy.py, n / median wall time of its repetitions, as ours).",
  unit: "samples/s",
  higherIsBetter: true,
  peer: {
    name: "numpy CMS",
    command: ["python3", `${PEERS}/cms_numpy.py`, "10000000", "1.5", "0.5", "5"],
    quickCommand: ["python3", `${PEERS}/cms_numpy.py`, "1000000", "1.5", "0.5", "7"],
    timeoutSeconds: 300,
    quickTimeoutSeconds: 60,
  },
  target: { ratio: 3, text: "≥ 3× numpy CMS (issue 11)" },
  async run({ quick }) {
    const id = SAMPLE_ID;
    const sample = await load("sample");
    if (!sample) return notYet("sample");
    const n = quick ? 1_000_000 : 10_000_000;
    const params: StableParams = { alpha: 1.5, beta: 0.5 };
    const rho = positivity(1.5, 0.5);
    const tail = 1 - REF_15_05.massIn20;
    const stats = { fractionPositive: NaN, fractionBeyond20: NaN };
    const check = (s: Float64Array) => {
      if (s.length !== n) fail(id, `sample returned ${s.length} values, asked for ${n}`);
      let pos = 0;
      let far = 0;
      for (let i = 0; i < n; i++) {
        const v = s[i]!;
        if (!Number.isFinite(v)) fail(id, `sample[${i}] = ${v}`);
        if (v > 0) pos++;
        if (v > 20 || v < -20) far++;
      }
      stats.fractionPositive = pos / n;
      stats.fractionBeyond20 = far / n;
      const sePos = Math.sqrt((rho * (1 - rho)) / n);
      if (Math.abs(pos / n - rho) > 6 * sePos) fail(id, `P(X > 0) ≈ ${pos / n}, expected ${rho} ± ${6 * sePos}`);
      const seFar = Math.sqrt((tail * (1 - tail)) / n);
      if (Math.abs(far / n - tail) > 6 * seFar) fail(id, `P(|X| > 20) ≈ ${far / n}, expected ${tail} ± ${6 * seFar}`);
    };
    const t = timeMedian((rep) => sample(n, params, { seed: 1000 + rep }), check, 1, quick ? 7 : 5);
    return {
      value: n / t.medianSeconds,
      details: {
        n,
        medianSeconds: t.medianSeconds,
        repetitionSeconds: t.repetitionSeconds,
        // compare with the numpy peer's details.cpuSamplesPerSecond when the machine is loaded
        cpuSamplesPerSecond: n / t.medianCpuSeconds,
        ...stats,
        expectedFractionPositive: rho,
        backend: await backend(),
      },
    };
  },
};

/** Which implementation sample() runs here ("wasm-simd" or the "js" fallback). */
async function backend(): Promise<string> {
  const mod = (await import("../src/sample.js")) as unknown as Record<string, unknown>;
  return typeof mod.sampleBackend === "function" ? String((mod.sampleBackend as () => string)()) : "js";
}

/**
 * sampleInto on one reused array, as packages/sde draws its noise: the same work as `sample`
 * without allocating (and first touching) a new 80 MB array per call. No peer: numpy's
 * vectorised CMS allocates its temporaries either way.
 */
const SAMPLE_INTO_ID = "stable.sampleInto/alpha=1.5,beta=0.5";
const sampleIntoCase: Case = {
  id: SAMPLE_INTO_ID,
  description:
    "sampleInto(out, S1(α=1.5, β=0.5, σ=1, μ=0), rng) on one reused Float64Array of 10⁷ (quick: 10⁶), the stream continued " +
    "between repetitions; checked as the sample case (finite, P(X > 0), P(|X| > 20)).",
  unit: "samples/s",
  higherIsBetter: true,
  async run({ quick }) {
    const id = SAMPLE_INTO_ID;
    const mod = (await import("../src/index.js")) as unknown as Record<string, unknown>;
    if (typeof mod.sampleInto !== "function" || typeof mod.createRng !== "function") return notYet("sampleInto");
    const sampleInto = mod.sampleInto as (out: Float64Array, p: StableParams, rng: unknown) => Float64Array;
    const rng = (mod.createRng as (seed: number) => unknown)(4242);
    const n = quick ? 1_000_000 : 10_000_000;
    const out = new Float64Array(n);
    const rho = positivity(1.5, 0.5);
    const tail = 1 - REF_15_05.massIn20;
    const check = (s: Float64Array) => {
      let pos = 0;
      let far = 0;
      for (let i = 0; i < n; i++) {
        const v = s[i]!;
        if (!Number.isFinite(v)) fail(id, `out[${i}] = ${v}`);
        if (v > 0) pos++;
        if (v > 20 || v < -20) far++;
      }
      const sePos = Math.sqrt((rho * (1 - rho)) / n);
      if (Math.abs(pos / n - rho) > 6 * sePos) fail(id, `P(X > 0) ≈ ${pos / n}, expected ${rho} ± ${6 * sePos}`);
      const seFar = Math.sqrt((tail * (1 - tail)) / n);
      if (Math.abs(far / n - tail) > 6 * seFar) fail(id, `P(|X| > 20) ≈ ${far / n}, expected ${tail} ± ${6 * seFar}`);
    };
    const t = timeMedian(() => sampleInto(out, { alpha: 1.5, beta: 0.5 }, rng), check, 1, quick ? 7 : 5);
    return {
      value: n / t.medianSeconds,
      details: { n, medianSeconds: t.medianSeconds, repetitionSeconds: t.repetitionSeconds, cpuSamplesPerSecond: n / t.medianCpuSeconds, backend: await backend() },
    };
  },
};

// ---------------------------------------------------------------------------
// 3. Maximum-likelihood fit.

const FIT_N = 10_000;
/** About 5 standard errors of the MLE at n = 10⁴ (σ_α ≈ 0.015, σ_β ≈ 0.03, σ_σ ≈ 0.01). */
const FIT_TOL = { alpha: 0.08, beta: 0.15, scale: 0.06 };

/**
 * A fit case at (α, β): seeded S1 data, loc fixed to 0, estimates checked against the
 * truth within `tol` (about 5 standard errors at n = 10⁴). The scipy peer runs for the
 * first case only: it does not finish anyway, and each attempt costs minutes.
 */
function fitCaseAt(truth: { alpha: number; beta: number; scale: number; loc: number }, tol: { alpha: number; beta: number; scale: number }, withPeer: boolean): Case {
  const id = `stable.fit/n=1e4,alpha=${truth.alpha},beta=${truth.beta}`;
  return {
    id,
    description:
      `fit(data, { fix: { loc: 0 } }) on 10⁴ seeded samples of S1(α=${truth.alpha}, β=${truth.beta}, σ=1, μ=0); seconds per fit (median), ` +
      "checked: estimates within ~5 standard errors of the truth, loc = 0, finite log-likelihood." +
      (withPeer ? " Peer: scipy.stats.levy_stable.fit(data, floc=0) on 10⁴ levy_stable.rvs draws, with its own time limit." : ""),
    unit: "s",
    higherIsBetter: false,
    ...(withPeer
      ? {
          peer: {
            name: "scipy levy_stable.fit",
            command: ["python3", `${PEERS}/scipy_fit.py`, "--n", String(FIT_N), "--timeout", "120"],
            quickCommand: ["python3", `${PEERS}/scipy_fit.py`, "--n", String(FIT_N), "--timeout", "30"],
            // The script's own fit limit, plus imports, data and one timed likelihood (several seconds).
            timeoutSeconds: 120 + 120,
            quickTimeoutSeconds: 30 + 90,
          },
        }
      : {}),
    target: { value: 0.025, text: "≤ 25 ms (issue 11)" },
    async run({ quick }) {
      const sample = await load("sample");
      const fit = await load("fit");
      if (!fit) return notYet("fit");
      if (!sample) return notYet("sample");
      const data = sample(FIT_N, truth, { seed: 2021 });
      let last: FitResult | null = null;
      const check = (r: FitResult) => {
        last = r;
        if (!Number.isFinite(r.logLikelihood)) fail(id, `logLikelihood = ${r.logLikelihood}`);
        if (r.loc !== 0) fail(id, `loc = ${r.loc} although it was fixed to 0`);
        for (const k of ["alpha", "beta", "scale"] as const) {
          if (!(Math.abs(r[k] - truth[k]) <= tol[k])) {
            fail(id, `${k} = ${r[k]}, truth ${truth[k]}, allowed ±${tol[k]}`);
          }
        }
      };
      const t = timeMedian(() => fit(data, { fix: { loc: 0 } }), check, 1, quick ? 3 : 5);
      return {
        value: t.medianSeconds,
        details: { n: FIT_N, repetitionSeconds: t.repetitionSeconds, estimate: last, truth },
      };
    },
  };
}

/**
 * A warm-started fit: the same data as the cold case at `truth`, started from the cold fit of other
 * seeded data from a nearby law (`near`: one training step to the next), or with `near` omitted from
 * the cold fit of these data themselves (the least a warm fit can do: one round of derivatives and
 * the final log-likelihood). The starting fits are made before the timed loop; each timed warm fit is
 * checked against the cold fit's maximum (|Δα| ≤ 2e-3, ℓ within 5e-3) and against the truth.
 */
function warmFitCase(
  truth: { alpha: number; beta: number; scale: number; loc: number },
  tol: { alpha: number; beta: number; scale: number },
  near?: { alpha: number; beta: number; scale: number; loc: number },
): Case {
  const id = `stable.fit/n=1e4,alpha=${truth.alpha},beta=${truth.beta},${near ? "warm" : "warm-at-estimate"}`;
  return {
    id,
    description:
      `fit(data, { fix: { loc: 0 }, start }) on the 10⁴ samples of the (α=${truth.alpha}, β=${truth.beta}) cold case, start = ` +
      (near
        ? `the cold fit of 10⁴ other seeded samples of S1(α=${near.alpha}, β=${near.beta}, σ=${near.scale})`
        : "the cold fit of the same data (the cheapest warm fit: one round of derivatives, then the final log-likelihood)") +
      "; seconds per fit (median). Checked: warm start used, same maximum as the cold fit of the same data " +
      "(|Δα| ≤ 2e-3, log-likelihood within 5e-3), estimates within ~5 standard errors of the truth.",
    unit: "s",
    higherIsBetter: false,
    target: { value: 0.005, text: "≤ 5 ms (issue 11)" },
    async run({ quick }) {
      const sample = await load("sample");
      const fit = await load("fit");
      if (!fit) return notYet("fit");
      if (!sample) return notYet("sample");
      const data = sample(FIT_N, truth, { seed: 2021 });
      const cold = fit(data, { fix: { loc: 0 } });
      const previous = near ? fit(sample(FIT_N, near, { seed: 2022 }), { fix: { loc: 0 } }) : cold;
      const start = { alpha: previous.alpha, beta: previous.beta, scale: previous.scale, loc: 0 };
      let last: FitResult | null = null;
      const check = (r: FitResult) => {
        last = r;
        if (!r.warmStart) fail(id, "the start was not used");
        if (r.loc !== 0) fail(id, `loc = ${r.loc} although it was fixed to 0`);
        if (!(Math.abs(r.alpha - cold.alpha) <= 2e-3)) fail(id, `alpha = ${r.alpha}, cold fit ${cold.alpha}, allowed ±2e-3`);
        if (!(Math.abs(r.logLikelihood - cold.logLikelihood) <= 5e-3)) {
          fail(id, `logLikelihood = ${r.logLikelihood}, cold fit ${cold.logLikelihood}, allowed ±5e-3`);
        }
        for (const k of ["alpha", "beta", "scale"] as const) {
          if (!(Math.abs(r[k] - truth[k]) <= tol[k])) fail(id, `${k} = ${r[k]}, truth ${truth[k]}, allowed ±${tol[k]}`);
        }
      };
      const t = timeMedian(() => fit(data, { fix: { loc: 0 }, start }), check, 1, quick ? 3 : 7);
      return {
        value: t.medianSeconds,
        details: { n: FIT_N, repetitionSeconds: t.repetitionSeconds, estimate: last, cold, start, truth },
      };
    },
  };
}

const TOL_08 = { alpha: 0.06, beta: 0.12, scale: 0.08 };
const TOL_19 = { alpha: 0.06, beta: 0.6, scale: 0.05 };
const FIT_CASES = [
  fitCaseAt({ alpha: 1.5, beta: 0.5, scale: 1, loc: 0 }, FIT_TOL, true),
  fitCaseAt({ alpha: 0.8, beta: -0.3, scale: 1, loc: 0 }, TOL_08, false),
  fitCaseAt({ alpha: 1.9, beta: 0.9, scale: 1, loc: 0 }, TOL_19, false),
  warmFitCase({ alpha: 1.5, beta: 0.5, scale: 1, loc: 0 }, FIT_TOL, { alpha: 1.52, beta: 0.45, scale: 1.05, loc: 0 }),
  warmFitCase({ alpha: 0.8, beta: -0.3, scale: 1, loc: 0 }, TOL_08, { alpha: 0.82, beta: -0.25, scale: 1.05, loc: 0 }),
  warmFitCase({ alpha: 1.9, beta: 0.9, scale: 1, loc: 0 }, TOL_19, { alpha: 1.92, beta: 0.85, scale: 1.05, loc: 0 }),
  warmFitCase({ alpha: 1.5, beta: 0.5, scale: 1, loc: 0 }, FIT_TOL),
];

export const suite = {
  package: "@heavytails/stable",
  cases: [
    pdfBulkCase(REF_15_05),
    pdfBulkCase(REF_15_05, true),
    pdfBulkCase(REF_15_05, true, 10_000),
    pdfBulkCase(REF_08_M03, true, 10_000),
    pdfBulkCase(REF_08_M03),
    sampleCase,
    sampleIntoCase,
    ...FIT_CASES,
  ] satisfies Case[],
};
