// Shared StrykerJS settings for `pnpm mutate` (mutation testing, on demand only: never part of
// `pnpm test` or CI). Each target has its own `stryker.config.mjs` beside its package.json that
// calls `strykerConfig(name, mutate)`; Stryker runs with that package as its working directory.
//
// - perTest coverage: each mutant runs only the tests that execute it.
// - concurrency 1: the machines this runs on are small and shared.
// - incremental: results are reused for mutants whose code and covering tests did not change.
//   The incremental file lives under reports/mutation/ (gitignored): it is a local cache that
//   goes stale as soon as anyone edits a test, and the scores recorded in the READMEs come from
//   full runs, so committing it would only add churn.
// - reports: reports/mutation/<name>/{index.html,mutation.json} at the repository root.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * `file:start-end` of every top-level function or class in `file` (relative to the working
 * directory, the package) whose first line matches `re`; it ends at the first `}` in column 0.
 * Targets name what they mutate this way, so the ranges follow edits to the files. [] when none.
 * @param {string} file
 * @param {RegExp} re
 * @returns {string[]}
 */
export function functionRanges(file, re) {
  const lines = readFileSync(resolve(process.cwd(), file), "utf8").split("\n");
  const ranges = [];
  for (let i = 0; i < lines.length; i++) {
    if (!re.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== "}") end++;
    ranges.push(`${file}:${i + 1}-${end + 1}`);
  }
  return ranges;
}

/**
 * functionRanges(file, re), refusing a pattern that matches nothing (a renamed function must not
 * silently drop out of a target).
 * @param {string} file
 * @param {RegExp} re
 * @returns {string[]}
 */
export function rangesOf(file, re) {
  const ranges = functionRanges(file, re);
  if (ranges.length === 0) throw new Error(`stryker config: nothing in ${file} matches ${re}`);
  return ranges;
}

/**
 * @param {string} name target name (reports/mutation/<name>/)
 * @param {string[]} mutate files (optionally with :line-ranges) to mutate, relative to the package
 * @param {Record<string, unknown>} [extra] overrides
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function strykerConfig(name, mutate, extra = {}) {
  const out = `../../reports/mutation/${name}`;
  return {
    testRunner: "vitest",
    // Resolved from the repository root: under pnpm, core cannot see its sibling plugin by name.
    plugins: [import.meta.resolve("@stryker-mutator/vitest-runner")],
    vitest: { configFile: "vitest.config.ts" },
    coverageAnalysis: "perTest",
    mutate,
    concurrency: 1,
    incremental: true,
    incrementalFile: `${out}/stryker-incremental.json`,
    reporters: ["clear-text", "progress-append-only", "html", "json"],
    htmlReporter: { fileName: `${out}/index.html` },
    jsonReporter: { fileName: `${out}/mutation.json` },
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    // Numerical mutants often turn a convergent loop into an endless one; give each mutant
    // 1.5x its tests' baseline time plus 5 s before calling it a timeout (counted as detected).
    timeoutMS: 5_000,
    timeoutFactor: 1.5,
    // `i++` → `i--` in a loop header only ever gives an endless loop (a timeout, counted as
    // detected) that costs 1.5× the covering tests' time each: uninformative and the most expensive
    // mutants in numerical loops, so this mutator is left out.
    mutator: { excludedMutations: ["UpdateOperator"] },
    thresholds: { high: 90, low: 75, break: null },
    ignorePatterns: ["bench-results", "reports", "*.log"],
    cleanTempDir: true,
    ...extra,
  };
}
