/**
 * Tests written to kill the mutants that survived `pnpm mutate figures` (StrykerJS) in the claim checks and
 * their decision statistics: the ways each check combines its parts (every group, every α, both measures),
 * empty inputs, boundaries, and helpers checked against values worked out by hand. Inputs are constructed; a
 * check must fail on each input that breaks one part of its claim. Equivalent survivors are listed in the README.
 */
import { describe, expect, it } from "vitest";
import { spearman, checkFig5Panel } from "../src/figures/fig5.js";
import { checkFig4Panel } from "../src/figures/fig4.js";
import { checkFig6, type Fig6Cell } from "../src/figures/fig6.js";
import { checkFig7 } from "../src/figures/fig7.js";
import { checkT41 } from "../src/figures/t41.js";
import { checkT42, type T42Orders } from "../src/figures/t42.js";
import { effectiveDraws, pairedChange, strictlyMonotone } from "../src/stats.js";

describe("strictlyMonotone", () => {
  it("every step counts, and a tie is not a step", () => {
    expect(strictlyMonotone([1, 2, 3], 1)).toBe(true);
    expect(strictlyMonotone([3, 2, 1], -1)).toBe(true);
    expect(strictlyMonotone([1, 2, 1.5], 1)).toBe(false);
    expect(strictlyMonotone([1, 1, 2], 1)).toBe(false);
    expect(strictlyMonotone([3, 2, 2.5], -1)).toBe(false);
    expect(strictlyMonotone([1, 2, 3], -1)).toBe(false);
  });
});

describe("pairedChange and effectiveDraws", () => {
  it("the critical value is t_{0.975, n−1}: n = 3 with mean/se = 3.5 is inside the noise (t₂ = 4.30), n = 5 with 3.5 beyond it (t₄ = 2.78)", () => {
    // d = m + (−a, 0, a): mean m, sd a, se a/√3
    const a = 1, m = (3.5 * a) / Math.sqrt(3);
    const three = pairedChange([m - a, m, m + a], 1);
    expect(three.t).toBe(4.3027);
    expect(three.beyondNoise).toBe(false);
    // d = m + (−b, −b/2, 0, b/2, b): sd² = (2b² + b²/2)/4 = 5b²/8, se = b √(5/8) / √5
    const b = 1, se5 = (b * Math.sqrt(5 / 8)) / Math.sqrt(5), m5 = 3.5 * se5;
    const five = pairedChange([m5 - b, m5 - b / 2, m5, m5 + b / 2, m5 + b], 1);
    expect(five.t).toBe(2.7764);
    expect(five.beyondNoise).toBe(true);
  });

  it("effectiveDraws: two replications are enough; identical replications give the draws per replication; never more than the fewest draws", () => {
    const n = effectiveDraws([[30, 70], [40, 60]]);
    // p̄ = (0.35, 0.65), s² = 0.005 per bin: Σ p̄(1 − p̄) / Σ s² = 0.455 / 0.01 = 45.5
    expect(n).toBeCloseTo(45.5, 10);
    expect(effectiveDraws([[30, 70], [30, 70]])).toBe(100);
    expect(effectiveDraws([[50, 50], [50, 50], [52, 50]])).toBe(100);
  });
});

describe("spearman and Fig. 5", () => {
  it("ρ by hand: ranks (1…5) against (2, 1, 4, 3, 5) give Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8", () => {
    expect(spearman([10, 20, 30, 40, 50], [0.2, 0.1, 0.4, 0.3, 0.5])).toBeCloseTo(0.8, 14);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 14);
  });

  it("checkFig5Panel: relative improvement is (paired mean difference) / (mean loss at the smallest M); ρ = rhoMax passes", () => {
    const loss = [[1.0, 1.2, 1.1], [0.8, 0.9, 0.85], [0.5, 0.62, 0.55]];
    const v = checkFig5Panel([1, 4, 16], loss, -1);
    expect(v.spearman).toBeCloseTo(-1, 14);
    const d = (0.5 + 0.58 + 0.55) / 3;
    expect(v.improvement.mean).toBeCloseTo(d, 14);
    expect(v.improvement.relative).toBeCloseTo(d / 1.1, 14);
    expect(v.ok).toBe(true);
  });
});

describe("Fig. 6: every part of the claim is required", () => {
  const seeds = [0.001, -0.002, 0.0015];
  /** L1 and |E w| per seed; growth with |θ| set per α and per measure, L1 larger at α = 1.1 unless `flat`. */
  const cells = (opts: { thetas?: number[]; alphas?: number[]; l1Grow?: (a: number) => number; shiftGrow?: (a: number) => number; heavier?: (theta: number) => number; cap?: number } = {}): Fig6Cell[] => {
    const { thetas = [-0.5, 0, 0.5, 0.9], alphas = [1.9, 1.1], l1Grow = () => 0.08, shiftGrow = () => 0.08, heavier = () => 0.3, cap = 1 } = opts;
    return alphas.flatMap((alpha) => thetas.map((theta) => {
      const g = Math.min(Math.abs(theta), cap);
      return {
        alpha, theta,
        l1: seeds.map((e, s) => 0.02 + (alpha < 1.5 ? heavier(theta) : 0) + l1Grow(alpha) * g + e + 0.001 * s * Math.sign(theta) * g),
        mean: seeds.map((e) => -Math.sign(theta || 1) * (shiftGrow(alpha) * g + 0.004 + e / 2)),
      };
    }));
  };

  it("the reference input passes", () => {
    expect(checkFig6(cells()).ok).toBe(true);
  });

  it("fails when only the shift grows with |θ| (L1 flat)", () => {
    const v = checkFig6(cells({ l1Grow: () => 0 }));
    expect(v.perAlpha.every((p) => !p.l1Grows && p.shiftGrows)).toBe(true);
    expect(v.ok).toBe(false);
  });

  it("fails when only L1 grows with |θ| (shift flat)", () => {
    expect(checkFig6(cells({ shiftGrow: () => 0 })).ok).toBe(false);
  });

  it("fails when the growth holds at α = 1.1 only", () => {
    const v = checkFig6(cells({ l1Grow: (a) => (a < 1.5 ? 0.08 : 0), shiftGrow: (a) => (a < 1.5 ? 0.08 : 0) }));
    expect(v.perAlpha.map((p) => p.l1Grows)).toEqual([false, true]);
    expect(v.ok).toBe(false);
  });

  it("fails when L1 is not larger at the smaller α for one θ", () => {
    // θ = 0.5 loses its α-gap, θ = −0.5 gains it back, so the |θ| = 0.5 group still grows at α = 1.1
    const v = checkFig6(cells({ heavier: (theta) => (theta === 0.5 ? -0.2 : theta === -0.5 ? 0.8 : 0.3) }));
    expect(v.perAlpha.every((p) => p.l1Grows && p.shiftGrows)).toBe(true);
    expect(v.heavierTailsFurther.filter((h) => !h.change.beyondNoise).map((h) => h.theta)).toEqual([0.5]);
    expect(v.ok).toBe(false);
  });

  it("fails when a measure grows from |θ| = 0 to 0.5 but not from 0.5 to 0.9 (every step must grow)", () => {
    const capped = checkFig6(cells({ cap: 0.5 }));
    expect(capped.perAlpha.every((p) => !p.l1Grows && !p.shiftGrows)).toBe(true);
    expect(capped.ok).toBe(false);
  });

  it("one α: no comparison across α is asked for, and the |θ| growth alone decides", () => {
    expect(checkFig6(cells({ alphas: [1.5] })).ok).toBe(true);
    expect(checkFig6(cells({ alphas: [1.5], l1Grow: () => 0 })).ok).toBe(false);
  });

  it("one |θ| group has no steps: nothing grows, fail", () => {
    const v = checkFig6(cells({ thetas: [0] }));
    expect(v.perAlpha.every((p) => p.l1Steps.length === 0 && !p.l1Grows && !p.shiftGrows)).toBe(true);
    expect(v.ok).toBe(false);
  });
});

describe("T4.2: every observable and every hK", () => {
  const hs = [0.4, 0.2, 0.1, 0.05];
  const offsets = [0.004, -0.003, 0.001];
  const series = (): T42Orders["series"] => [
    { name: "w", exact: 0, h: hs, perSeed: hs.map((h) => offsets.map((o) => -0.05 * h + o)) },
    { name: "w²", exact: 0.8, h: hs, perSeed: hs.map((h) => offsets.map((o) => 0.8 + 0.1 * h + o)) },
  ];

  it("the reference passes; the raw order is the slope of log |mean − exact| against log h", () => {
    const v = checkT42({ series: series(), byHK: [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }, { hK: 3, error: 0.03 }] });
    expect(v.ok).toBe(true);
    // w²: mean − exact = 0.1 h + (mean offset 0.000667): slope between 0.9 and 1 by construction
    const raw = v.observables[1]!.rawOrder;
    const lx = hs.map(Math.log), ly = hs.map((h) => Math.log(0.1 * h + 0.002 / 3));
    const mx = lx.reduce((a, b) => a + b) / 4, my = ly.reduce((a, b) => a + b) / 4;
    const expected = lx.reduce((a, x, i) => a + (x - mx) * (ly[i]! - my), 0) / lx.reduce((a, x) => a + (x - mx) ** 2, 0);
    expect(raw).toBeCloseTo(expected, 10);
  });

  it("every smaller hK must be worse than the largest (one 16× worse is not enough)", () => {
    expect(checkT42({ series: series(), byHK: [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }, { hK: 3, error: 0.009 }] }).growsOk).toBe(false);
    expect(checkT42({ series: series(), byHK: [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }, { hK: 3, error: 0.01 }] }).growsOk).toBe(false);
  });

  it("one at least 5× worse: exactly 5× is not more than 5×", () => {
    expect(checkT42({ series: series(), byHK: [{ hK: 12, error: 0.25 }, { hK: 1.5, error: 1.25 }, { hK: 3, error: 0.3 }] }).growsOk).toBe(false);
    expect(checkT42({ series: series(), byHK: [{ hK: 12, error: 0.25 }, { hK: 1.5, error: 1.26 }, { hK: 3, error: 0.3 }] }).growsOk).toBe(true);
  });

  it("every successive difference must be beyond noise (the last one here is pure seed noise)", () => {
    const noise = [0.004, -0.005, 0.0012];
    const ser = series();
    ser[1] = { ...ser[1]!, perSeed: hs.map((h, j) => offsets.map((o, s) => 0.8 + 0.1 * Math.max(h, 0.1) + o + (j === 3 ? noise[s]! : 0))) };
    const v = checkT42({ series: ser, byHK: [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }] });
    expect(v.observables[1]!.differences.map((d) => d.beyondNoise)).toEqual([true, true, false]);
    expect(v.observables[1]!.firstOrder).toBe(false);
    expect(v.ok).toBe(false);
  });

  it("three step sizes (two differences) are enough; two (one difference) are not", () => {
    const cut = (k: number) => series().map((x) => ({ ...x, h: x.h.slice(0, k), perSeed: x.perSeed.slice(0, k) }));
    const byHK = [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }];
    expect(checkT42({ series: cut(3), byHK }).ok).toBe(true);
    expect(checkT42({ series: cut(2), byHK }).ok).toBe(false);
  });

  it("the reference hK is the largest, wherever it is in the list", () => {
    expect(checkT42({ series: series(), byHK: [{ hK: 1.5, error: 0.16 }, { hK: 12, error: 0.01 }, { hK: 3, error: 0.03 }] }).growsOk).toBe(true);
    expect(checkT42({ series: series(), byHK: [{ hK: 3, error: 0.03 }, { hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }] }).growsOk).toBe(true);
    expect(checkT42({ series: series(), byHK: [{ hK: 3, error: 0.03 }, { hK: 1.5, error: 0.16 }, { hK: 12, error: 0.031 }] }).growsOk).toBe(false);
  });
});

describe("Fig. 4", () => {
  it("'stable closer to M1' is the paired mean of |log st − log M16| − |log st − log M1| (values by hand)", () => {
    const M1 = [2, 2.2, 2.1], M16 = [1, 1.1, 1.05], st = [1.9, 2.1, 2.0], ga = [1.05, 1.1, 1.0];
    const v = checkFig4Panel({ M1, M16, "M16+stable": st, "M16+gaussian": ga });
    const d = st.map((x, i) => Math.abs(Math.log(x) - Math.log(M16[i]!)) - Math.abs(Math.log(x) - Math.log(M1[i]!)));
    expect(v.stableCloserToM1.mean).toBeCloseTo((d[0]! + d[1]! + d[2]!) / 3, 14);
    expect(v.stableTracksM1).toBe(true);
  });
});

describe("empty inputs never pass", () => {
  it("Fig. 7, T4.1, T4.2 with nothing to judge", () => {
    expect(checkFig7([]).ok).toBe(false);
    const t41 = checkT41([]);
    expect(t41.ok).toBe(false);
    expect(t41.recovered).toBe(false);
    expect(checkT42({ series: [], byHK: [{ hK: 12, error: 0.01 }, { hK: 1.5, error: 0.16 }] }).ok).toBe(false);
  });
});
