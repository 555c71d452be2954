import { defineConfig } from "vitest/config";

/** Long runs: `pnpm test:long` (small real simulations: the claim checks must fail on known-wrong variants). */
export default defineConfig({
  test: {
    include: ["test/long/**/*.test.ts"],
    testTimeout: 600_000,
  },
});
