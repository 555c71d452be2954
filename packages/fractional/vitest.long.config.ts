import { defineConfig } from "vitest/config";

/** Long statistical tests: `pnpm test:long`. */
export default defineConfig({
  test: {
    include: ["test/long/**/*.test.ts"],
    testTimeout: 600_000,
  },
});
