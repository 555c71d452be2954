/**
 * Results are a pure function of the arguments: the fast table nodes (a per-law grid and
 * tail-series record, built per table), the table cache and the fit's reuse of the center table's
 * pieces must never make a returned digit depend on what was computed earlier in the process
 * (apps/figures compares --jobs N against --jobs 1 number for number). Each check runs law B in a
 * fresh module instance and again after other, nearby laws, and compares every bit.
 */
import { describe, expect, it, vi } from "vitest";

type Stable = typeof import("../src/index.js");

async function fresh(): Promise<Stable> {
  vi.resetModules();
  return (await import("../src/index.js")) as Stable;
}

const xs = Float64Array.from({ length: 400 }, (_, i) => -30 + i * 0.15 + 1e-3);
const LAW_B = { alpha: 1.43, beta: 0.37 };

function bWork(S: Stable): number[] {
  const data = S.sample(3000, { ...LAW_B, scale: 1.3, loc: 0 }, { seed: 77 });
  const r = S.fit(data, { fix: { loc: 0 } });
  const w = S.fit(data, { fix: { loc: 0 }, start: { alpha: 1.47, beta: 0.3, scale: 1.2, loc: 0 } });
  return [
    r.alpha,
    r.beta,
    r.scale,
    r.logLikelihood,
    w.alpha,
    w.beta,
    w.scale,
    w.logLikelihood,
    ...S.pdf(xs, LAW_B),
    ...S.logpdf(xs, { ...LAW_B, parameterization: "S0" }),
  ];
}

function sameBits(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  const differ = a.map((v, i) => (Object.is(v, b[i]) ? -1 : i)).filter((i) => i >= 0);
  expect(differ.slice(0, 5).map((i) => [i, a[i], b[i]])).toEqual([]);
}

describe("results do not depend on what was computed before (bit for bit)", () => {
  it("law B alone in a fresh module, and after nearby and far laws (fits, bulk pdf/logpdf)", async () => {
    const alone = bWork(await fresh());
    const S = await fresh();
    // nearby laws (within the finite-difference steps and 0.01), the same law's tables, far laws
    for (const law of [
      { alpha: 1.431, beta: 0.371 },
      { alpha: 1.425, beta: 0.365 },
      { alpha: 0.7, beta: -0.9 },
      { alpha: 1.9, beta: 1 },
    ]) {
      const d = S.sample(2000, { ...law, scale: 1, loc: 0 }, { seed: 5 });
      S.fit(d, { fix: { loc: 0 } });
      S.pdf(xs, law);
      S.logpdf(xs, law);
    }
    S.pdf(xs, LAW_B);
    const after = bWork(S);
    sameBits(after, alone);
    // and once more, with every table of B cached
    sameBits(bWork(S), alone);
  }, 120_000);
});
