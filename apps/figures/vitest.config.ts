import { defineConfig } from "vitest/config";

/** Default, quick test run: `pnpm test`. Long runs (real simulations of known-wrong variants) live in `test/long/`. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/long/**"],
  },
});
