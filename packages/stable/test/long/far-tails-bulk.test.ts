/**
 * Every row of fixtures/stable-far-tails.json through the Float64Array (table) path: all α, S1 and
 * S0 (the default suite checks S1 at six α; see test/far-tails.test.ts). About a minute.
 */
import { describe, it } from "vitest";
import { bulkCheck, rows } from "../far-tails-reference.js";

describe("far tails and points next to the location in bulk, every law of the fixture", () => {
  for (const alpha of [...new Set(rows.map((r) => r.alpha))]) {
    it(`alpha = ${alpha}, S1 and S0`, () => {
      bulkCheck(rows.filter((r) => r.alpha === alpha));
    });
  }
});
