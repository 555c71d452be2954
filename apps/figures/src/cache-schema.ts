/**
 * Structural schemas of what the cache stores: one per sub-run kind (the `kind` of `ctx.subRun(kind, …)`) and one
 * for finished figures (`fig-<id>`). A schema is checked on every value read from the cache (after its checksum) and
 * on every value about to be written; a value that fails is recomputed (read) or not stored (write), with a warning.
 *
 * Hand-written, not zod/valibot: the checks are a dozen small shapes of plain JSON, and a validator of ~60 lines
 * keeps the app free of another runtime dependency (see README, "Cache integrity").
 *
 * Numbers: JSON has no NaN or ±Infinity (JSON.stringify writes them as null), so `num` accepts a number or null —
 * exactly what the figure code gets back from a cached value either way. `int` (counts, seeds, indices) must be a
 * finite integer. Objects may carry keys a schema does not name (added fields do not invalidate old entries);
 * every named key must be present unless `opt(…)`.
 *
 * When a figure changes the shape of a sub-run's value, change its schema here in the same commit (and bump the
 * sub-run's version in its key); `test/cache-integrity.test.ts` checks that every kind used in src/ has a schema, and
 * the figure tests, which write fresh values, warn on a schema that no longer fits.
 */

/** null when `value` fits, else where and why it does not ("at .runs[3].alpha: expected a number, got string"). */
export type Validator = (value: unknown) => string | null;

type Check = (value: unknown, at: string) => string | null;

const describe = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`);
const fail = (at: string, expected: string, v: unknown) => `at ${at || "the top level"}: expected ${expected}, got ${describe(v)}`;

const OPTIONAL = Symbol("optional");
type Optional = Check & { [OPTIONAL]: true };

/** A number, or null (a NaN or ±Infinity as JSON.stringify writes it). */
export const num: Check = (v, at) => (v === null || typeof v === "number" ? null : fail(at, "a number (or null)", v));
/** A finite integer. */
export const int: Check = (v, at) => (typeof v === "number" && Number.isInteger(v) ? null : fail(at, "an integer", v));
export const str: Check = (v, at) => (typeof v === "string" ? null : fail(at, "a string", v));
export const bool: Check = (v, at) => (typeof v === "boolean" ? null : fail(at, "a boolean", v));
export const oneOf = (...values: readonly (string | number | boolean | null)[]): Check => (v, at) => (values.includes(v as never) ? null : fail(at, `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`, v));
export const nullable = (c: Check): Check => (v, at) => (v === null ? null : c(v, at));
export const opt = (c: Check): Optional => Object.assign((v: unknown, at: string) => (v === undefined ? null : c(v, at)), { [OPTIONAL]: true as const });

export const arr = (item: Check, length?: number): Check => (v, at) => {
  if (!Array.isArray(v)) return fail(at, "an array", v);
  if (length !== undefined && v.length !== length) return `at ${at || "the top level"}: expected ${length} elements, got ${v.length}`;
  for (let i = 0; i < v.length; i++) {
    const e = item(v[i], `${at}[${i}]`);
    if (e !== null) return e;
  }
  return null;
};

/** An object with (at least) these keys. */
export const obj = (shape: Record<string, Check>): Check => (v, at) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return fail(at, "an object", v);
  const o = v as Record<string, unknown>;
  for (const [k, c] of Object.entries(shape)) {
    if (!(k in o) && !(OPTIONAL in c)) return `at ${at}.${k}: missing`;
    const e = c(o[k], `${at}.${k}`);
    if (e !== null) return e;
  }
  return null;
};

/** Any JSON object (the per-figure data, whose shapes live with the figures; the checksum covers them). */
export const anyObject: Check = (v, at) => (v !== null && typeof v === "object" && !Array.isArray(v) ? null : fail(at, "an object", v));

const validator = (c: Check): Validator => (v) => c(v, "");

// ---- shared pieces ---------------------------------------------------------------------------------------------

const series = arr(arr(num, 2)); // [step, value] pairs
const layerHistStats = obj({
  layer: str, n: int, skewness: num, kurtosis: num, positives: int,
  halfNormal: obj({ scale: num, logLikelihood: num }), halfCauchy: obj({ scale: num, logLikelihood: num }),
  logLikPerSample: num, counts: arr(num),
});
const groupedEstimate = obj({ estimate: num, se: num, t: num, groups: int });

// ---- one schema per sub-run kind -------------------------------------------------------------------------------

/** Sub-run kind → schema of its value. Kinds: grep `subRun("` in src/. */
export const SUBRUN_SCHEMAS: Readonly<Record<string, Validator>> = {
  /** stationary.ts / langevin.ts (Figs 6, T4.1): LangevinRun. */
  langevin: validator(obj({
    scheme: str, alpha: num, theta: num, seed: int, l1: num, counts: arr(num), groupCounts: arr(arr(num)),
    mean: num, mode: num, kde: obj({ x: arr(num), density: arr(num), bandwidth: num }),
    safeguardFraction: num, outsideGrid: num, maxAbsRecorded: num, wallSeconds: num,
  })),
  /** fig3.ts: one (r, seed) fit. */
  "fig3-fit": validator(obj({
    r: num, seed: int, counts: arr(arr(num)),
    stable: obj({ alpha: num, beta: num, scale: num, loc: num, logLikelihood: num, converged: bool, method: str }),
    normal: obj({ loc: num, scale: num, logLikelihood: num }),
    tailLogError: arr(obj({ lo: num, hi: num, stable: num, normal: num })),
    tailSampleLogRatio: num, tailSamples: num, tailShapeKl: obj({ stable: num, normal: num }),
  })),
  /** t42.ts: one (h, K, seed) weak-error run. */
  "t42-weak-error": validator(obj({ h: num, K: int, seed: int, nu: num, nu2: num, safeguardFraction: num, wallSeconds: num })),
  /** training.ts (Figs 4, 5): TrainRun. */
  train: validator(obj({
    panel: str, M: int, seed: int, backend: str, seconds: num, loss: series, finalLoss: num,
    divergedAt: opt(nullable(num)), divergence: opt(str), fits: opt(arr(obj({ layer: str, alpha: num, absBeta: num }))),
  })),
  /** held-out.ts (Figs 7, 8): HeldOutRun. */
  "held-out": validator(obj({
    seed: int, backend: str, seconds: num, testLoss: series, finalTestLoss: num, divergedAt: nullable(num),
    divergence: opt(str), initSha256: opt(str),
    fits: opt(arr(obj({ layer: str, step: num, alpha: num, beta: num, scale: num, samples: num }))),
  })),
  /** gradient-noise.ts (Figs 2, A.3): one ∇E_L draw on one network. */
  "gradnoise-init": validator(obj({ seed: int, draw: int, backend: str, objective: num, layers: arr(layerHistStats), theirs: opt(arr(layerHistStats)) })),
  /** a4.ts: the per-layer fits of one (noise, seed). */
  "a4-fit": validator(arr(obj({
    noise: str, seed: int, layer: str, alpha: num, beta: num, scale: num, converged: bool, method: str, entries: num, samples: num, zeros: num,
  }))),
  /** forward-noise.ts (Figs A.1, A.2): one seed's per-site statistics. */
  "forward-noise": validator(obj({
    seed: int, backend: str,
    sites: arr(obj({ site: num, n: num, skewness: num, kurtosis: num, rawKurtosis: num, zeroColumns: num, counts: arr(num) })),
  })),
  /** d1.ts (D.1): one (noise, seed) scale-mixture run. */
  "scale-mixture": validator(obj({
    noise: str, sigma: num, seed: int, backend: str, seconds: num,
    layers: arr(obj({
      layer: str, weights: num,
      rawSkewness: arr(num), rawKurtosis: arr(num), linSkewness: arr(num), linKurtosis: arr(num),
      standardisedSkewness: groupedEstimate,
      standardisedKurtosis: obj({ estimate: num, se: num, t: num, groups: int, used: num, excluded: num }),
      linStandardisedKurtosis: obj({ estimate: num, se: num, t: num, groups: int, used: num, excluded: num }),
      perWeightCounts: arr(num), perWeightMedian: num, perWeightP99: num, perWeightAbove: num, perWeightBelow: num, perWeightUsed: num,
    })),
  })),
};

/** A finished figure (`fig-<id>` entries, run.ts's CachedFigure); its data's shape is the figure's own. */
export const FIGURE_SCHEMA: Validator = validator(obj({
  output: obj({
    data: anyObject,
    claim: obj({ claim: str, measured: anyObject, outcome: oneOf("pass", "fail", "not run"), details: str, scope: opt(str) }),
  }),
  wallSeconds: num,
  computedAt: str,
  subRuns: obj({ computed: int, fromCheckpoint: int }),
}));
