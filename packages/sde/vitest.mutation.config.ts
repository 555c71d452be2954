import { defineConfig } from "vitest/config";

/**
 * The test run that `pnpm mutate sde` (StrykerJS) uses: test/simulate.test.ts only (both schemes,
 * reproducibility, d = 2 with opposite skewness against Gibbs, decreasing step sizes, the three
 * safeguards and divergence reporting), with a longer per-test timeout. Stryker's instrumentation
 * slows the simulation loops 20–30×: the Gibbs-recovery and operator-power files (α = 1.1 alone
 * takes over 60 s per run instrumented) would make every surviving or endless mutant cost minutes.
 * Mutants only those files would kill are reported as survivors: the score is a lower bound.
 */
export default defineConfig({
  test: {
    include: ["test/simulate.test.ts"],
    testTimeout: 300_000,
  },
});
