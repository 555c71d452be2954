/**
 * The benchmark contract between packages and the harness.
 *
 * A package describes its benchmarks in `bench/index.ts` and exports
 *
 * ```ts
 * export const suite = { package: "@heavytails/<name>", cases: [ ... ] };
 * ```
 *
 * **Packages never import this file** (packages must not depend on apps). The
 * types below are purely structural: a package writes plain object literals of
 * the same shape (or declares a local copy of the few fields it needs), and the
 * harness checks them here when it imports the suite. Everything a package
 * needs to know is in this file; keep it the single place the shape is defined.
 *
 * Rules every case follows (see also DESIGN.md, "Benchmarks live beside the code"):
 * - inputs are prepared outside the timed region;
 * - time with `process.hrtime.bigint()`, warm up first, report the median of
 *   several repetitions;
 * - check the result (finite values, an identity such as ∑ pdf·Δx ≈ mass,
 *   estimates near the truth) and **throw** when it is wrong: a fast wrong
 *   answer must fail the run, never produce a number.
 */

/** Options passed to every `run`. */
export interface BenchRunOptions {
  /** Smaller inputs / fewer repetitions: the whole suite should take seconds to a minute. */
  quick: boolean;
}

/** A measured value, in the case's `unit`. `details` is copied verbatim into the JSON report. */
export interface BenchMeasurement {
  value: number;
  details?: Record<string, unknown>;
}

/**
 * A case that cannot run here (an API not exported yet, an optional dependency
 * missing). Reported as skipped with the reason; it does not fail the run.
 * Same shape as a peer's `{"skipped": "..."}` line.
 */
export interface BenchSkip {
  skipped: string;
  details?: Record<string, unknown>;
}

export type BenchRunResult = BenchMeasurement | BenchSkip;

/**
 * An external program measuring the same thing (usually python3 + numpy/scipy).
 *
 * The command runs with the repository root as working directory and must print
 * ONE JSON line on stdout (other lines are ignored; the last line that parses as a
 * JSON object wins):
 * - `{"value": number, "details": {...}}`: the measurement, in the case's unit;
 * - `{"skipped": "reason", "details": {...}}`: it could not measure (scipy
 *   missing, a fit that did not finish in its own time limit, ...).
 *
 * A command that is missing, exits non-zero, prints no such line or runs past
 * `timeoutSeconds` is reported as a skipped peer with the reason; it never fails
 * the run.
 */
export interface BenchPeer {
  /** Short name shown in the table, e.g. "scipy levy_stable.pdf". */
  name: string;
  /** argv, e.g. `['python3', 'packages/stable/bench/peers/scipy_pdf.py', '--n', '200']`. */
  command: string[];
  /** argv used with `--quick`; defaults to `command`. */
  quickCommand?: string[];
  /** Hard wall-clock limit; the whole process group is killed after it. */
  timeoutSeconds: number;
  /** Limit used with `--quick`; defaults to `timeoutSeconds`. */
  quickTimeoutSeconds?: number;
  /**
   * Key holding the value in the peer's JSON line when it is not `value`
   * (e.g. `"samplesPerSecond"` for a script written before this contract).
   */
  valueKey?: string;
}

/**
 * What "good enough" means for a case; `met?` in the table is "yes" when every
 * given condition holds.
 * - `ratio`: ours versus the peer, ratio = ours/peer when `higherIsBetter`,
 *   peer/ours otherwise (so > 1 always means ours is better); met when ratio ≥ target.
 * - `value`: an absolute threshold in the case's unit; met when ours ≥ value
 *   (`higherIsBetter`) or ours ≤ value (otherwise).
 */
export interface BenchTarget {
  /** Human wording shown in the table, e.g. "≥ 300× scipy per point" or "≤ 0.25 s". */
  text: string;
  ratio?: number;
  value?: number;
}

export interface BenchCase {
  /** Stable identifier, matched by `--only <substring>`, e.g. "stable.pdf.bulk/alpha=1.5,beta=0.5". */
  id: string;
  /** One sentence: what is measured, on what input. */
  description: string;
  /** Unit of `value`, e.g. "points/s", "samples/s", "s". */
  unit: string;
  /** true for throughputs, false for durations. */
  higherIsBetter: boolean;
  /** Prepare inputs (untimed), warm up, time, check; throw on a wrong result. */
  run(opts: BenchRunOptions): Promise<BenchRunResult>;
  peer?: BenchPeer;
  target?: BenchTarget;
}

export interface BenchSuite {
  /** npm name of the package, e.g. "@heavytails/stable". */
  package: string;
  cases: BenchCase[];
}

export function isSkip(r: BenchRunResult): r is BenchSkip {
  return typeof (r as BenchSkip).skipped === "string";
}

/** Validate an imported suite's shape, so a mistake in a package names the package and field. */
export function checkSuite(s: unknown): BenchSuite {
  const fail = (msg: string): never => {
    throw new TypeError(`invalid bench suite: ${msg}`);
  };
  if (s == null || typeof s !== "object") fail("suite must be an object { package, cases }");
  const suite = s as BenchSuite;
  if (typeof suite.package !== "string" || suite.package === "") fail("suite.package must be a non-empty string");
  if (!Array.isArray(suite.cases)) fail(`${suite.package}: suite.cases must be an array`);
  const seen = new Set<string>();
  for (const c of suite.cases) {
    const where = `${suite.package} case ${JSON.stringify(c?.id)}`;
    if (typeof c?.id !== "string" || c.id === "") fail(`${suite.package}: every case needs a string id`);
    if (seen.has(c.id)) fail(`${where}: duplicate id`);
    seen.add(c.id);
    if (typeof c.run !== "function") fail(`${where}: run must be a function`);
    if (typeof c.unit !== "string") fail(`${where}: unit must be a string`);
    if (typeof c.higherIsBetter !== "boolean") fail(`${where}: higherIsBetter must be a boolean`);
    if (c.peer !== undefined) {
      if (!Array.isArray(c.peer.command) || c.peer.command.length === 0) fail(`${where}: peer.command must be a non-empty argv array`);
      if (!(c.peer.timeoutSeconds > 0)) fail(`${where}: peer.timeoutSeconds must be > 0`);
    }
    if (c.target !== undefined && typeof c.target.text !== "string") fail(`${where}: target.text must be a string`);
  }
  return suite;
}
