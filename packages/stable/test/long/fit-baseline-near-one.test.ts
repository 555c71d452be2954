/** The fit-baseline comparison (test/fit-baseline.test.ts) for the laws next to α = 1 (seconds each). */
import { describe, expect, it } from "vitest";
import { BASELINE, compareRow, nearOne } from "../fit-baseline-check.js";

describe("fit next to alpha = 1: the same maxima as the fit of commit 1f0178d", () => {
  for (const row of BASELINE.filter(nearOne)) {
    it(`alpha=${row.law.alpha}, beta=${row.law.beta}: cold and warm`, () => {
      expect(compareRow(row)).toEqual([]);
    });
  }
});
