import { defineConfig } from "vitest/config";

/**
 * The test run that `pnpm mutate figures` (StrykerJS) uses: only the unit tests of the claim
 * checks (constructed inputs that must pass and inputs that must fail) and of the statistics
 * they use. The figure pipeline tests train networks and render figures; they take minutes per
 * run instrumented and are not what the mutated check functions are meant to be judged by.
 */
export default defineConfig({
  test: {
    include: ["test/claim-checks*.test.ts", "test/stats.test.ts"],
    testTimeout: 300_000,
  },
});
