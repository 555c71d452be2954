import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The test run that `pnpm mutate stable` (StrykerJS) uses: the quick suite with a longer per-test
 * timeout (the instrumented quadrature runs many times slower) and without the S1 "in bulk
 * (tables)" reference checks. Those check the Chebyshev tables (stable-table.ts, not mutated);
 * the Zolotarev integrals and the pdf/cdf/sf entry points they are built from are checked against
 * the same mpmath reference by the pointwise tests, which stay in.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      testTimeout: 600_000,
      testNamePattern: /^(?!.*in bulk \(tables\)).*/,
    },
  }),
);
