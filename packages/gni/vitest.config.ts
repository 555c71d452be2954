import { defineConfig } from "vitest/config";

/** Default, quick test run: `pnpm test`. Long statistical tests live in `test/long/`. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/long/**"],
    testTimeout: 60_000,
  },
});
