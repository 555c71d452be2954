/** Student-t critical values against scipy and the paired 'beyond noise' rule of Figs 5 and 8. */
import { describe, expect, it } from "vitest";
import { pairedChange, tCritical95 } from "../src/stats.js";

describe("tCritical95", () => {
  it("matches scipy.stats.t.ppf(0.975, df)", () => {
    // python3 -c "from scipy.stats import t; print([round(float(t.ppf(0.975, d)), 4) for d in [1, 2, 5, 10, 30, 40, 60, 120, 1000]])"
    const scipy: Array<[number, number]> = [[1, 12.7062], [2, 4.3027], [5, 2.5706], [10, 2.2281], [30, 2.0423], [40, 2.0211], [60, 2.0003], [120, 1.9799], [1000, 1.9623]];
    for (const [df, v] of scipy) expect(Math.abs(tCritical95(df) - v), `df = ${df}`).toBeLessThan(1.2e-3);
    expect(tCritical95(0)).toBe(Infinity);
  });

  it("a change counts only beyond t standard errors, in the given direction", () => {
    expect(pairedChange([1], 1).beyondNoise).toBe(false); // one sample: no spread, no verdict
    expect(pairedChange([1.0, 1.1], 1).beyondNoise).toBe(true); // mean 1.05, se 0.05: 21 se > 12.7
    expect(pairedChange([0.2, 1.0], 1).beyondNoise).toBe(false); // mean 0.6, se 0.4
    expect(pairedChange([-1.0, -1.1, -0.9], -1).beyondNoise).toBe(true);
    expect(pairedChange([-1.0, -1.1, -0.9], 1).beyondNoise).toBe(false);
  });
});
