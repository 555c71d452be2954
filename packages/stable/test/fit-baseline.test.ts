/**
 * Issue 11: the fast fit (fast tables, finite differences on the interpolants, 0.3-SE stopping step)
 * lands on the same maxima as the fit before it (fixtures/fit-baseline.json, commit 1f0178d), cold
 * and warm, on skewed and symmetric laws, α next to 0.5 and 2, β = ±1. α next to 1: test/long.
 */
import { describe, expect, it } from "vitest";
import { fit, sample } from "../src/index.js";
import { BASELINE, compareRow, differences, nearOne } from "./fit-baseline-check.js";

describe("fit: the same maxima as the fit of commit 1f0178d", () => {
  for (const row of BASELINE.filter((r) => !nearOne(r))) {
    it(`alpha=${row.law.alpha}, beta=${row.law.beta}: cold and warm`, () => {
      expect(compareRow(row)).toEqual([]);
    });
  }

  it("the comparison fails on a fit that is not at the maximum (planted: the start itself, maxIterations = 0)", () => {
    const row = BASELINE[0];
    const data = sample(row.n, { ...row.law, scale: 1, loc: 0 }, { seed: row.seed });
    const stopped = fit(data, { fix: { loc: 0 }, start: row.start, maxIterations: 0 });
    expect(differences(stopped, row.warm).length).toBeGreaterThan(0);
    // and on an α moved by 3e-3 alone
    expect(differences({ ...row.cold, alpha: row.cold.alpha + 3e-3 }, row.cold)).toHaveLength(1);
  });
});
