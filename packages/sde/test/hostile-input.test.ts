/**
 * Hostile input (issue 12): each block is one class of defect the adversarial run found in
 * @heavytails/sde. Every test here failed on the code before the fix.
 */
import { describe, expect, it } from "vitest";
import { evaluate as globalEvaluate } from "mathjs";
import { createRng, sample } from "@heavytails/stable";
import { gibbsDensity, histogramL1, kde, resolvePotential, simulate, weightedAverage } from "../src/index.js";

const POT = "w^4/4 - w^2/2";

describe("mathjs potentials (issue 12, medium 7)", () => {
  it.each([
    ["", /potential "" /],
    ['"w"', /potential "\\"w\\""/],
    ["3", /potential "3" does not depend on w/],
    ['import({ w: 1 }, { override: true })', /potential "import\(.*disabled|not allowed/],
    ['evaluate("w = 2") + w', /potential "evaluate\(.*(disabled|not allowed)/],
    ['createUnit("hostileunit") + w', /potential "createUnit\(.*(disabled|not allowed)/],
    ["w; w", /potential "w; w"/],
    ["f(x) = x^2", /potential "f\(x\) = x\^2"/],
    ["w == 1", /potential "w == 1"/],
    ["[w, w]", /potential "\[w, w\]"/],
  ])("refuses %j with an error naming the potential", (spec, message) => {
    expect(() => resolvePotential(spec)).toThrow(message);
  });

  it("an expression cannot change the process-wide mathjs instance", () => {
    try {
      gibbsDensity('createUnit("zorkunit") + w', { alpha: 2, epsilon: 1 });
    } catch {
      // refused (after the fix) or failed after running createUnit (before it)
    }
    expect(() => globalEvaluate("2 zorkunit")).toThrow();
  });

  it("refuses expressions over the size limits with a RangeError naming the limit", () => {
    expect(() => resolvePotential("w" + " + w".repeat(400))).toThrow(/potential .* (characters|nodes)/);
    expect(() => resolvePotential("(".repeat(400) + "w" + ")".repeat(400))).toThrow(RangeError);
    expect(() => resolvePotential("sin(".repeat(60) + "w" + ")".repeat(60))).toThrow(/depth/);
  });

  it("differentiates a product of ten sines (80 characters) quickly and correctly (was about 10 s, exponential in size)", () => {
    const spec = Array.from({ length: 10 }, (_, i) => `sin(${i + 1}w)`).join("*");
    const p = resolvePotential(spec);
    const f = (w: number) => { let v = 1; for (let k = 1; k <= 10; k++) v *= Math.sin(k * w); return v; };
    for (const w of [-1.3, 0.2, 0.7, 2.1]) {
      expect(p.f(w)).toBeCloseTo(f(w), 12);
      const fd = (f(w + 1e-6) - f(w - 1e-6)) / 2e-6;
      expect(Math.abs(p.fPrime(w) - fd)).toBeLessThan(1e-6);
    }
  }, 4_000);

  it("keeps the usual potentials working and translated to plain JavaScript", () => {
    const p = resolvePotential("w^4/4 - w^2/2 + 0.3*w");
    expect(p.fPrime(2)).toBeCloseTo(8 - 2 + 0.3, 13);
    expect(resolvePotential("log(w^2 + 1, 10) + sech(w) + asinh(w)").fPrime(0)).toBeCloseTo(1, 13);
  });
});

describe("silent NaN and false success (issue 12, medium 9)", () => {
  it("gibbsDensity with an ε whose ε^{-α} overflows is refused, not NaN", () => {
    expect(() => gibbsDensity(POT, { alpha: 2, epsilon: 1e-200 })).toThrow(/epsilon = 1e-200/);
    const g = gibbsDensity(POT, { alpha: 2, epsilon: 1e-100 });
    for (const w of [-1, -0.5, 0, 1]) expect(Number.isNaN(g.pdf(w))).toBe(false);
  });

  it("a run where the safeguard fires (outward) on every step is reported as diverged, not success", () => {
    const o = { potential: "-w^2", alpha: 2, theta: 0, epsilon: 0.1, stepSize: 1, steps: 250, particles: 3, seed: 4, init: 1 };
    expect(() => simulate(o)).toThrow(/diverged/);
    const r = simulate({ ...o, onDivergence: "flag" });
    expect(r.diagnostics.diverged).toBe(true);
    expect(r.diagnostics.divergedCoordinates).toBe(3);
    expect(() => weightedAverage(r, (w) => w)).toThrow(/diverged/);
    for (const safeguard of ["tame", "substep"] as const) expect(simulate({ ...o, safeguard, onDivergence: "flag" }).diagnostics.diverged, safeguard).toBe(true);
    // an ordinary run is not flagged
    const ok = simulate({ potential: POT, alpha: 1.5, theta: 0.5, epsilon: 1, stepSize: 1e-2, steps: 300, particles: 20, seed: 4 });
    expect(ok.diagnostics.diverged).toBe(false);
  });

  it("the capped return of a far-out start is not a divergence", () => {
    const r = simulate({ potential: POT, alpha: 2, theta: 0, epsilon: 0.1, stepSize: 1e-2, steps: 200, init: 1e6, seed: 1 });
    expect(r.diagnostics.diverged).toBe(false);
  });

  it("rng must be an Rng: {} is refused instead of silently dropping reproducibility", () => {
    const o = { potential: POT, alpha: 1.5, theta: 0, epsilon: 1, stepSize: 1e-2, steps: 10 };
    expect(() => simulate({ ...o, rng: {} as never })).toThrow(/rng/);
    expect(() => simulate({ ...o, rng: createRng(1), seed: 2 })).toThrow(/rng.*seed|seed.*rng/);
    const r = simulate({ ...o, rng: createRng(1) });
    expect(r.diagnostics.seed).toBeNull();
  });
});

describe("resource bounds (issue 12, medium 10)", () => {
  const o = { potential: POT, alpha: 1.5, theta: 0, epsilon: 1, stepSize: 1e-2, steps: 0 };
  it("particles, dimension and the recorded values have documented maxima", () => {
    expect(() => simulate({ ...o, particles: 20_000_000 })).toThrow(/particles = 20000000 is outside the allowed range/);
    expect(() => simulate({ ...o, particles: 1e4, steps: 20_000 })).toThrow(/records · particles · dimension = 200000000 is outside the allowed range/);
    expect(() => simulate({ ...o, steps: 2e9 })).toThrow(/steps = 2000000000 is outside the allowed range/);
  });
  it("the fractional scheme bounds K (explicit or from a tiny h) and the grid", () => {
    expect(() => simulate({ ...o, alpha: 1.5, scheme: "fractional", K: 5_000_000 })).toThrow(/K = 5000000 is outside the allowed range/);
    expect(() => simulate({ ...o, alpha: 1.5, scheme: "fractional", h: 1e-6 })).toThrow(/K .*h = 0.000001|K .*h = 1e-6/);
  });
  it("kde of α = 0.2 samples refuses a grid of billions of bins instead of allocating it", () => {
    const x = sample(2000, { alpha: 0.2, beta: 0 }, { seed: 3 });
    expect(() => kde(x)).toThrow(/kde .*bins = .* is outside the allowed range/);
    expect(() => kde(x, { points: 5_000_000 })).toThrow(/points = 5000000 is outside the allowed range/);
  });
  it("histogramL1 and gibbsDensity bound their sizes", () => {
    const g = gibbsDensity(POT, { alpha: 2, epsilon: 1 });
    expect(() => histogramL1([0, 1], g, { bins: 1e9 })).toThrow(/bins = 1000000000 is outside the allowed range/);
    expect(() => gibbsDensity(POT, { alpha: 2, epsilon: 1, panels: 1e9 })).toThrow(/panels = 1000000000 is outside the allowed range/);
  });
});

describe("clear, correct errors (issue 12, low 11)", () => {
  const o = { potential: POT, alpha: 1.5, theta: 0, epsilon: 1, stepSize: 1e-2, steps: 50, seed: 1 };
  it("a potential returning NaN is named as such, not blamed on divergence", () => {
    const bad = { f: (w: number) => w * w, fPrime: (w: number) => (w > 0.05 ? NaN : 2 * w) };
    let msg = "";
    try {
      simulate({ ...o, potential: bad, particles: 10 });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/fPrime\(.*\) = NaN/);
    expect(msg).not.toMatch(/diverged/);
  });
  it("a bad grid.lo is named, not reported as K = NaN", () => {
    expect(() => simulate({ ...o, scheme: "fractional", grid: { lo: NaN } })).toThrow(/grid\.lo = NaN/);
    expect(() => simulate({ ...o, scheme: "fractional", grid: { hi: -9 } })).toThrow(/grid\.hi = -9/);
  });
  it("an overflow under the cap does not suggest turning the cap on", () => {
    let msg = "";
    try {
      simulate({ ...o, alpha: 0.3, epsilon: 1e300, stepSize: 1, particles: 50, steps: 200 });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/state became/);
    expect(msg).not.toMatch(/use safeguard 'cap'/);
  });
  it("all-zero KDE weights and empty data get their own error", () => {
    expect(() => kde([1, 2, 3], { weights: [0, 0, 0] })).toThrow(/weights .*zero/);
    expect(() => kde([], { bandwidth: 1, lo: 0, hi: 1 })).toThrow(/samples.length = 0/);
  });
});
