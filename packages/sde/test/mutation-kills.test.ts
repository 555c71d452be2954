/**
 * Fast, seeded checks of the step kernels (eulerStep, gridStep, gridDrift in simulate.ts and
 * driftSubsteps in safeguard.ts) against independent references: one or a few steps of
 * `simulate` are recomputed by hand from the same seeded stable draws (@heavytails/stable's
 * sampleInto on the same stream), the fractional drift is taken from @heavytails/fractional's
 * driftGrid / drift, and the 'substep' flow from the closed-form flows of b = −w³, b = −w, b = −1.
 * Written for `pnpm mutate` (StrykerJS, vitest.mutation.config.ts): each block names the mutants
 * it kills. Every run here is a handful of particles for 1–3 steps, so the file takes well
 * under a second.
 */
import { describe, expect, it } from "vitest";
import { createRng, sampleInto } from "@heavytails/stable";
import { drift as fracDrift, driftGrid } from "@heavytails/fractional";
import { type SafeguardSpec, simulate } from "../src/index.js";
import { MAX_SUBSTEPS, driftSubsteps } from "../src/safeguard.js";

/** The draws simulate() makes for `steps` steps (≤ one noise block) of P particles in d = thetas.length. */
function draws(seed: number, alpha: number, thetas: number[], P: number, steps: number): Float64Array[] {
  const rng = createRng(seed);
  return thetas.map((beta) => sampleInto(new Float64Array(P * steps), { alpha, beta }, rng));
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

function expectNear(actual: number, expected: number, tol: number, what: string): void {
  expect(rel(actual, expected), `${what}: ${actual} vs reference ${expected}`).toBeLessThanOrEqual(tol);
}

describe("Euler step (4.4) against the hand-computed update", () => {
  // Kills: any change to d = −η f′(x₀), to the jump scale·noise[off + p] (offset s·P, index p),
  // to x₀ + d + jump, to the coordinate base i·P, and to the per-coordinate θ (noise of coordinate i).
  it("d = 2, θ = (0.7, −0.4), 3 steps, 4 particles, no safeguard: every recorded state matches", () => {
    const alpha = 1.5, eps = 0.8, eta = 0.01, P = 4, steps = 3, thetas = [0.7, -0.4], seed = 11;
    const fp = (w: number) => w * w * w - w;
    const init = [0.3, -1.2, 1.7, 0.05, -0.6, 2.2, -2.5, 0.9];
    const r = simulate({ potential: { f: (w) => w ** 4 / 4 - w ** 2 / 2, fPrime: fp }, alpha, theta: thetas, epsilon: eps, stepSize: eta, steps, particles: P, init, seed, safeguard: "none" });
    const n = draws(seed, alpha, thetas, P, steps);
    const x = Float64Array.from(init);
    const scale = eps * eta ** (1 / alpha);
    for (let k = 0; k < steps; k++) {
      for (let p = 0; p < P; p++) {
        for (let i = 0; i < 2; i++) {
          const x0 = x[p * 2 + i];
          x[p * 2 + i] = x0 - eta * fp(x0) + scale * n[i][k * P + p];
          expectNear(r.samples[k * P * 2 + p * 2 + i], x[p * 2 + i], 1e-13, `step ${k + 1}, particle ${p}, coordinate ${i}`);
        }
      }
    }
    expect(r.diagnostics.safeguardFired).toBe(0);
    expect(r.diagnostics.divergedCoordinates).toBe(0);
  });

  it("a NaN derivative is reported as a bad derivative, not as an overflow", () => {
    // Kills: `fp !== fp` → false (the NaN then reaches the state check, which names the drift, not fPrime).
    expect(() => simulate({ potential: { f: (w) => w, fPrime: (w) => (w > 0.5 ? NaN : w) }, alpha: 1.5, theta: 0, epsilon: 1e-6, stepSize: 0.1, steps: 1, init: 1, seed: 1, safeguard: "none" }))
      .toThrow(/fPrime\(1\) = NaN/);
  });
});

/** One step of P particles started at `init` (d = 1); returns the states and the diagnostics. */
function oneStep(init: number[], fPrime: (w: number) => number, safeguard: SafeguardSpec, eta: number, seed = 3, alpha = 1.5, theta = 0.5, eps = 1e-3) {
  const r = simulate({ potential: { f: (w) => w, fPrime }, alpha, theta, epsilon: eps, stepSize: eta, steps: 1, particles: init.length, init, seed, safeguard, onDivergence: "flag" });
  const n = draws(seed, alpha, [theta], init.length, 1)[0];
  const jump = (p: number) => eps * eta ** (1 / alpha) * n[p];
  return { r, jump };
}

describe("safeguards at their limits (Euler), L(w) = abs + rel·|w|", () => {
  // With f′ = ±2w and η = 0.5 the drift displacement is d = ∓w exactly; abs = rel = 0.5 makes
  // |d| = L(w) exactly at |w| = 1.
  const attract = (w: number) => 2 * w, repel = (w: number) => -2 * w;

  it("cap: |d| = L is left alone, |d| > L is clipped to ±L; outward clipping counts towards divergence", () => {
    // Kills: `d > lim` → `d >= lim` and `d < −lim` → `d <= −lim` (fired count at equality), the clip
    // values (d = ±lim), `capAbs + capRel·|x₀|` (+→−, ·→/, |x₀| sign branch), `fired++` removal,
    // and `out = x₀ > 0` / `x₀ < 0` (divergence count; R = 1 for one step).
    const init = [1, -1, 3, -3, 0.2, -0.4];
    const { r, jump } = oneStep(init, attract, { kind: "cap", abs: 0.5, rel: 0.5 }, 0.5);
    const clip = (x: number) => { const d = -x, L = 0.5 + 0.5 * Math.abs(x); return Math.max(-L, Math.min(L, d)); };
    init.forEach((x, p) => expectNear(r.final[p], x + clip(x) + jump(p), 1e-14, `cap, attractive, w = ${x}`));
    expect(r.diagnostics.safeguardFired).toBe(2); // only ±3
    expect(r.diagnostics.divergedCoordinates).toBe(0); // inward
    const out = oneStep([3, -3, 1, 0.5], repel, { kind: "cap", abs: 0.5, rel: 0.5 }, 0.5);
    [3, -3, 1, 0.5].forEach((x, p) => expectNear(out.r.final[p], x + Math.sign(x) * Math.min(Math.abs(x), 0.5 + 0.5 * Math.abs(x)) + out.jump(p), 1e-14, `cap, repulsive, w = ${x}`));
    expect(out.r.diagnostics.safeguardFired).toBe(2);
    expect(out.r.diagnostics.divergedCoordinates).toBe(2);
    expect(out.r.diagnostics.diverged).toBe(true);
  });

  it("tame: d/(1 + |d|/L), fired above 1%, outward divergence from |d| = L on", () => {
    // Kills: the tamed formula (d/(1 + a) → d·(1 + a), 1 − a, …), a = |d|/L (sign branch, +/·),
    // `a > 0.01` → `a >= 0.01` (w = 0.01 with L = 1: a = 0.01 exactly), `a >= 1` → `a > 1`
    // (w = 1 with abs = rel = 0.5: a = 1 exactly), `d·x₀ > 0` → `≥ 0` / `< 0`.
    const init = [1, -1, 0.01, 4, -0.3];
    const { r, jump } = oneStep(init, repel, { kind: "tame", abs: 0.5, rel: 0.5 }, 0.5);
    init.forEach((x, p) => {
      const d = x, a = Math.abs(d) / (0.5 + 0.5 * Math.abs(x));
      expectNear(r.final[p], x + d / (1 + a) + jump(p), 1e-14, `tame, repulsive, w = ${x}`);
    });
    // a: 1, 1, ≈0.0199, 1.6, ≈0.46 → all fire; outward with a ≥ 1: w = ±1 and 4.
    expect(r.diagnostics.safeguardFired).toBe(5);
    expect(r.diagnostics.divergedCoordinates).toBe(3);
    const small = oneStep([0.01, -0.01, 0.02], repel, { kind: "tame", abs: 1, rel: 0 }, 0.5);
    [0.01, -0.01, 0.02].forEach((x, p) => expectNear(small.r.final[p], x + x / (1 + Math.abs(x)) + small.jump(p), 1e-14, `tame, w = ${x}`));
    expect(small.r.diagnostics.safeguardFired).toBe(1); // a = 0.01 exactly is not counted; 0.02 is
    expect(small.r.diagnostics.divergedCoordinates).toBe(0);
    const inward = oneStep([-1, 1, 4], attract, { kind: "tame", abs: 0.5, rel: 0.5 }, 0.5);
    expect(inward.r.diagnostics.divergedCoordinates).toBe(0);
  });

  it("substep: the drift part follows the flow of b = −w³ (closed form w/√(1 + 2w²η)) where |d| > L", () => {
    // Kills: the firing test (`d > lim || d < −lim` and its boundary), `−fPrime(w)` (sign: the
    // flow of +w³ blows up), `− x₀`, the `out` rule (d·x₀ > 0), and L's formula.
    const cube = (w: number) => w * w * w;
    const init = [4, -4, 0.1, -2.5];
    const eta = 0.05;
    const { r, jump } = oneStep(init, cube, { kind: "substep", abs: 0.05, rel: 0.01 }, eta);
    init.forEach((x, p) => {
      const exact = x / Math.sqrt(1 + 2 * x * x * eta);
      const limited = Math.abs(eta * cube(x)) > 0.05 + 0.01 * Math.abs(x);
      // Exactly the substep flow where it fires, the plain step where it does not; both near the exact flow.
      const ref = limited ? driftSubsteps(x, eta, (w) => -cube(w), 0.05, 0.01) : x - eta * cube(x);
      expectNear(r.final[p], ref + jump(p), 1e-13, `substep, w = ${x}`);
      if (limited) expect(Math.abs(r.final[p] - jump(p) - exact), `w = ${x}: flow error`).toBeLessThan(0.05);
    });
    expect(r.diagnostics.safeguardFired).toBe(3); // ±4 and −2.5, not 0.1
    expect(r.diagnostics.divergedCoordinates).toBe(0);
    // Boundary |d| = L: f′ = 2w, η = 0.5, abs = rel = 0.5, w = ±1 → the plain step (no firing).
    const eq = oneStep([1, -1], (w) => 2 * w, { kind: "substep", abs: 0.5, rel: 0.5 }, 0.5);
    expect(eq.r.diagnostics.safeguardFired).toBe(0);
    [1, -1].forEach((x, p) => expectNear(eq.r.final[p], 0 + eq.jump(p), 1e-9, `substep at the limit, w = ${x}`));
    // Outward: b = −f′ = 2w (repulsive), substeps fire and count towards divergence.
    const out = oneStep([3, -3], (w) => -2 * w, { kind: "substep", abs: 0.5, rel: 0.1 }, 0.5);
    expect(out.r.diagnostics.safeguardFired).toBe(2);
    expect(out.r.diagnostics.divergedCoordinates).toBe(2);
    // Explicit substeps of the flow of 2w from ±3 for time 0.5 undershoot the exact 3e; the plain step gives 6.
    [3, -3].forEach((x, p) => {
      const got = out.r.final[p] - out.jump(p);
      expect(Math.abs(got), `w = ${x}`).toBeGreaterThan(Math.abs(x) * 2);
      expect(Math.abs(got), `w = ${x}`).toBeLessThan(Math.abs(x) * Math.E);
    });
  });
});

describe("driftSubsteps against exact flows", () => {
  // Kills: `tau -= dt` / `x += dt·b` arithmetic, the Math.min (→ max), L's formula (+ → −, · → /),
  // the |b| branch, and `n < MAX_SUBSTEPS` → `n <= MAX_SUBSTEPS` (the last test).
  it("b = −w³: first order in L towards w/√(1 + 2w²η)", () => {
    const x = 10, eta = 1, exact = x / Math.sqrt(1 + 2 * x * x * eta);
    const e1 = Math.abs(driftSubsteps(x, eta, (w) => -w * w * w, 0.02, 0.02) - exact);
    const e2 = Math.abs(driftSubsteps(x, eta, (w) => -w * w * w, 0.01, 0.01) - exact);
    expect(e1).toBeLessThan(0.03);
    expect(e2 / e1, `errors ${e1}, ${e2}`).toBeGreaterThan(0.35);
    expect(e2 / e1, `errors ${e1}, ${e2}`).toBeLessThan(0.65);
  });

  it("b = −w: substeps of relative size rel = 0.01 give x(1 − 0.01)^{η/0.01} exactly (no abs part)", () => {
    // With abs ≈ 0 each substep has dt = min(τ, (abs + 0.01|x|)/|x|) ≈ 0.01: x·0.99^{50} for η = 0.5.
    const got = driftSubsteps(2, 0.5, (w) => -w, 1e-12, 0.01);
    expectNear(got, 2 * 0.99 ** 50, 1e-9, "linear flow");
    expectNear(driftSubsteps(-2, 0.5, (w) => -w, 1e-12, 0.01), -2 * 0.99 ** 50, 1e-9, "linear flow from −2");
    // A step shorter than one substep is the plain Euler step.
    expectNear(driftSubsteps(2, 0.004, (w) => -w, 1e-12, 0.01), 2 * (1 - 0.004), 1e-12, "one partial substep");
  });

  it("b = 0 stops at once (also where L = 0 would give 0/0)", () => {
    // Kills: `if (b === 0) break` → removed (0/0 = NaN at w = 0 with abs = 0).
    expect(driftSubsteps(0, 1, (w) => -w, 0, 0.1)).toBe(0);
    expect(driftSubsteps(0.5, 1, () => 0, 0.5, 0.1)).toBe(0.5);
  });

  it("stops after MAX_SUBSTEPS substeps: b = −1, L = 1e-3 moves exactly MAX_SUBSTEPS·1e-3", () => {
    const got = driftSubsteps(0, 100, () => -1, 1e-3, 0);
    expectNear(got, -MAX_SUBSTEPS * 1e-3, 1e-9, "capped substeps");
  });
});

describe("fractional step (grid drift) against @heavytails/fractional", () => {
  const f = (w: number) => w ** 4 / 4 - w ** 2 / 2, fp = (w: number) => w * w * w - w;
  const alpha = 1.6, eps = 1, h = 0.05, K = 200, lo = -3, hi = 3;

  it("d = 2, θ = (0.6, −0.6): x + η b_{h,K}(x) + jump, with the grid ends and outside values", () => {
    // Kills: the interpolation (u = (x − lo)/δ, j = u|0, v₀ + (u − j)(v₁ − v₀)), the grid-range test
    // (`u ≥ 0` → `> 0` at x = lo; `u < last` → `≤ last` at x = hi: reads past the end), the
    // outside branch (values[0] vs values[last]), the outside count, d = η b, the jump, and the
    // per-coordinate grid (θ of coordinate i).
    const thetas = [0.6, -0.6], P = 7, eta = 1e-3, seed = 17;
    const xs = [lo, hi, -4, 5, 0.123, -1.234, 2.987];
    const init: number[] = [];
    for (const x of xs) init.push(x, -x);
    const r = simulate({ potential: { f, fPrime: fp }, alpha, theta: thetas, epsilon: eps, stepSize: eta, steps: 1, particles: P, init, seed, scheme: "fractional", h, K, grid: { lo, hi }, safeguard: "none" });
    expect(r.diagnostics.grid?.spacing).toBe(h);
    const n = draws(seed, alpha, thetas, P, 1);
    const scale = eps * eta ** (1 / alpha);
    let outside = 0;
    for (let i = 0; i < 2; i++) {
      const g = driftGrid({ f, fPrime: fp, alpha, theta: thetas[i], epsilon: eps, h, K, lo, hi });
      for (let p = 0; p < P; p++) {
        const x = init[p * 2 + i];
        if (!(x >= lo && x < hi)) outside++;
        expectNear(r.final[p * 2 + i], x + eta * g.at(x) + scale * n[i][p], 1e-12, `coordinate ${i}, w = ${x}`);
      }
      // The grid itself is the fractional drift at its nodes (an independent check of what is interpolated).
      for (const x of [lo, -1, 0, 1.5]) expectNear(g.at(x), fracDrift(x, { f, fPrime: fp, alpha, theta: thetas[i], epsilon: eps, h, K }), 1e-9, `grid node ${x}`);
    }
    expect(r.diagnostics.outsideGrid).toBe(outside); // hi, −4, 5 in each coordinate (and −hi, 4, −5)
    expect(outside).toBe(6);
    expect(r.diagnostics.safeguardFired).toBe(0);
  });

  it.each(["cap", "tame"] as const)("%s on the grid drift: the limited step from the same rule as Euler", (kind) => {
    // Kills the cap/tame mutants of gridStep (same as the Euler block above, on b_{h,K}).
    const theta = 0.5, eta = 0.05, seed = 23;
    const init = [2.9, -2.9, 0.3, -2.2, 1.2];
    const r = simulate({ potential: { f, fPrime: fp }, alpha, theta, epsilon: eps, stepSize: eta, steps: 1, particles: init.length, init, seed, scheme: "fractional", h, K, grid: { lo, hi }, safeguard: { kind, abs: 0.5, rel: 0.1 }, onDivergence: "flag" });
    const g = driftGrid({ f, fPrime: fp, alpha, theta, epsilon: eps, h, K, lo, hi });
    const n = draws(seed, alpha, [theta], init.length, 1)[0];
    let fired = 0;
    init.forEach((x, p) => {
      let d = eta * g.at(x);
      const L = 0.5 + 0.1 * Math.abs(x);
      if (kind === "cap") { if (Math.abs(d) > L) { fired++; d = Math.sign(d) * L; } } else { const a = Math.abs(d) / L; if (a > 0.01) fired++; d /= 1 + a; }
      expectNear(r.final[p], x + d + eps * eta ** (1 / alpha) * n[p], 1e-12, `${kind}, w = ${x}`);
    });
    expect(fired).toBeGreaterThanOrEqual(2);
    expect(r.diagnostics.safeguardFired).toBe(fired);
    expect(r.diagnostics.divergedCoordinates).toBe(0);
  });

  it("substep on the grid drift: the flow of the interpolated b_{h,K}, from inside and from outside the grid", () => {
    // Kills: gridDrift's interpolation and end values (substeps from w = 3.5 > hi start on the
    // constant end value), `d > lim || d < −lim`, `out = d·x > 0`, and the drift passed to driftSubsteps.
    const theta = -0.3, eta = 0.05, seed = 29;
    const init = [3.5, -3.4, 2.8, -2.6, 0.2];
    const r = simulate({ potential: { f, fPrime: fp }, alpha, theta, epsilon: eps, stepSize: eta, steps: 1, particles: init.length, init, seed, scheme: "fractional", h, K, grid: { lo, hi }, safeguard: { kind: "substep", abs: 0.05, rel: 0.01 }, onDivergence: "flag" });
    const g = driftGrid({ f, fPrime: fp, alpha, theta, epsilon: eps, h, K, lo, hi });
    const n = draws(seed, alpha, [theta], init.length, 1)[0];
    let fired = 0;
    init.forEach((x, p) => {
      const d = eta * g.at(x);
      const limited = Math.abs(d) > 0.05 + 0.01 * Math.abs(x);
      if (limited) fired++;
      const moved = limited ? driftSubsteps(x, eta, (w) => g.at(w), 0.05, 0.01) : x + d;
      expectNear(r.final[p], moved + eps * eta ** (1 / alpha) * n[p], 1e-11, `substep, w = ${x}`);
    });
    expect(fired).toBeGreaterThanOrEqual(3);
    expect(r.diagnostics.safeguardFired).toBe(fired);
    expect(r.diagnostics.outsideGrid).toBe(2);
    expect(r.diagnostics.divergedCoordinates).toBe(0);
  });

  it("outward limited grid steps count towards divergence (repulsive potential, cap)", () => {
    // Kills `out = x > 0` / `x < 0` in gridStep's cap and `d·x > 0` in tame/substep.
    const g = { f: (w: number) => -(w * w), fPrime: (w: number) => -2 * w };
    for (const kind of ["cap", "tame", "substep"] as const) {
      const r = simulate({ potential: g, alpha: 2, theta: 0, epsilon: 1, stepSize: 2, steps: 1, particles: 2, init: [1.5, -1.5], seed: 1, scheme: "fractional", h, K, grid: { lo, hi }, safeguard: { kind, abs: 0.5, rel: 0.1 }, onDivergence: "flag" });
      expect(r.diagnostics.divergedCoordinates, kind).toBe(2);
    }
  });
});

describe("survivors of the first run (2026-11-28): the limits' edge cases", () => {
  const f = (w: number) => w ** 4 / 4 - w ** 2 / 2, fp = (w: number) => w * w * w - w;
  const alpha = 1.6, h = 0.05, K = 200, lo = -3, hi = 3;
  function gridRun(init: number[], safeguard: SafeguardSpec, theta: number, eta: number, seed = 5) {
    const r = simulate({ potential: { f, fPrime: fp }, alpha, theta, epsilon: 1, stepSize: eta, steps: 1, particles: init.length, init, seed, scheme: "fractional", h, K, grid: { lo, hi }, safeguard, onDivergence: "flag" });
    const g = driftGrid({ f, fPrime: fp, alpha, theta, epsilon: 1, h, K, lo, hi });
    const n = draws(seed, alpha, [theta], init.length, 1)[0];
    return { r, g, jump: (p: number) => eta ** (1 / alpha) * n[p] };
  }

  it("a step from exactly w = 0 is never outward (cap, tame, substep; Euler and grid)", () => {
    // Kills (Euler) `out = x₀ > 0` → `≥`, `out = x₀ < 0` → `≤`, `d·x₀ > 0` → `≥ 0` and `d/x₀` in
    // tame and substep; (grid) the same four in gridStep. From 0 the limited step has d·x₀ = 0.
    for (const kind of ["cap", "tame", "substep"] as const) {
      for (const c of [-10, 10]) {
        const r = simulate({ potential: { f: (w) => c * w, fPrime: () => c }, alpha: 1.5, theta: 0, epsilon: 1e-3, stepSize: 0.5, steps: 1, particles: 1, init: 0, seed: 2, safeguard: { kind, abs: 0.5, rel: 0.1 }, onDivergence: "flag" });
        expect(r.diagnostics.safeguardFired, `Euler ${kind}, f′ = ${c}`).toBe(1);
        expect(r.diagnostics.divergedCoordinates, `Euler ${kind}, f′ = ${c}`).toBe(0);
      }
      for (const theta of [0.5, -0.5]) { // b(0) = ±0.142: η b(0) = ±1.42 > L(0) = 0.01
        const { r } = gridRun([0], { kind, abs: 0.01, rel: 0.1 }, theta, 10);
        expect(r.diagnostics.safeguardFired, `grid ${kind}, θ = ${theta}`).toBe(1);
        expect(r.diagnostics.divergedCoordinates, `grid ${kind}, θ = ${theta}`).toBe(0);
      }
    }
  });

  it("substep fires exactly where |d| > abs + rel·|w| (a large rel decides, on both sides of 0)", () => {
    // Kills the substep limit's formula: `capRel·|x|` → `capRel/|x|` (Euler and grid), `+` → `−`,
    // the |x| branch (`x < 0` → true / false, `−x` → `+x`) in gridStep. With rel = 0.9 the limit at
    // w = ±3 is 3.2 > |d| = 3; each mutant makes it smaller than |d| at w = 3 or w = −3.
    const e = oneStep([3, -3], (w) => 2 * w, { kind: "substep", abs: 0.5, rel: 0.9 }, 0.5);
    expect(e.r.diagnostics.safeguardFired).toBe(0);
    [3, -3].forEach((x, p) => expectNear(e.r.final[p], e.jump(p), 1e-9, `Euler, w = ${x}: plain step x − x`));
    // Grid: w = ±2.5 with |η b| ≈ 1.0 and 0.35; rel such that L(±2.5) = 0.05 + 2.5 rel is just above the larger.
    const eta = 0.0035, xs = [2.5, -2.5];
    const g = driftGrid({ f, fPrime: fp, alpha, theta: 0.5, epsilon: 1, h, K, lo, hi });
    const ds = xs.map((x) => eta * g.at(x));
    const relL = (Math.max(...ds.map(Math.abs)) * 1.1 - 0.05) / 2.5;
    expect(Math.min(...ds.map(Math.abs)), "precondition: every mutated limit is below |d|").toBeGreaterThan(0.05 + relL / 2.5);
    const { r, jump } = gridRun(xs, { kind: "substep", abs: 0.05, rel: relL }, 0.5, eta);
    expect(r.diagnostics.safeguardFired).toBe(0);
    xs.forEach((x, p) => expectNear(r.final[p], x + ds[p] + jump(p), 1e-12, `grid, w = ${x}`));
  });

  it("grid cap / tame / substep at |d| = L exactly (a grid node, rel = 0): not counted as firing", () => {
    // Kills `d > lim` → `≥` and `d < −lim` → `≤` in gridStep's cap and substep, and `a > 0.01` → `≥`.
    // At the node w = ∓2 (u = 20, 100: b = values[u] exactly) d = η b(w) > 0 at −2 and < 0 at 2.
    const eta = 0.1;
    for (const x of [-2, 2]) {
      const g = driftGrid({ f, fPrime: fp, alpha, theta: 0.5, epsilon: 1, h, K, lo, hi });
      const u = (x - lo) * (1 / g.spacing);
      expect(Number.isInteger(u)).toBe(true);
      const d = eta * g.values[u];
      for (const kind of ["cap", "substep"] as const) {
        const { r, jump } = gridRun([x], { kind, abs: Math.abs(d), rel: 0 }, 0.5, eta);
        expect(r.diagnostics.safeguardFired, `${kind} at w = ${x}`).toBe(0);
        expectNear(r.final[0], x + d + jump(0), 1e-12, `${kind} at w = ${x}`);
      }
      // tame: a = |d|/abs = 0.01 exactly when abs = 100|d| (checked below), so not counted.
      const abs = 100 * Math.abs(d);
      if (Math.abs(d) / abs === 0.01) {
        const { r } = gridRun([x], { kind: "tame", abs, rel: 0 }, 0.5, eta);
        expect(r.diagnostics.safeguardFired, `tame at a = 0.01, w = ${x}`).toBe(0);
      }
    }
    // A tame step with a ≪ 0.01 is not counted (kills `a > 0.01` → true in gridStep).
    const { r } = gridRun([-2, 2, 0.5], { kind: "tame", abs: 1000, rel: 0 }, 0.5, eta);
    expect(r.diagnostics.safeguardFired).toBe(0);
  });

  it("grid tame: outward from a = 1 exactly (double well, θ = 0, between 0 and the wells: b·w > 0 at the nodes w = ±0.5)", () => {
    // Kills `a >= 1` → `a > 1` in gridStep (with abs = |d| at a node and rel = 0, a = 1 exactly).
    const eta = 0.1;
    for (const x of [0.5, -0.5]) {
      const g = driftGrid({ f, fPrime: fp, alpha, theta: 0, epsilon: 1, h, K, lo, hi });
      const u = (x - lo) * (1 / g.spacing);
      expect(Number.isInteger(u)).toBe(true);
      const d = eta * g.values[u];
      expect(d * x, "precondition: outward").toBeGreaterThan(0);
      const { r, jump } = gridRun([x], { kind: "tame", abs: Math.abs(d), rel: 0 }, 0, eta);
      expectNear(r.final[0], x + d / 2 + jump(0), 1e-12, `tamed by half at w = ${x}`);
      expect(r.diagnostics.divergedCoordinates, `w = ${x}`).toBe(1);
    }
  });

  it("substep flows that start exactly at the grid ends read the end nodes", () => {
    // Kills gridDrift's `u >= 0` → `u > 0` (at w = lo the mutant returns the right end value) and
    // `u < last` → `u <= last` (at w = hi it reads past the end: NaN).
    const eta = 0.05, xs = [lo, hi];
    const { r, g, jump } = gridRun(xs, { kind: "substep", abs: 0.05, rel: 0.01 }, 0.5, eta);
    expect(r.diagnostics.safeguardFired).toBe(2);
    xs.forEach((x, p) => expectNear(r.final[p], driftSubsteps(x, eta, (w) => g.at(w), 0.05, 0.01) + jump(p), 1e-11, `w = ${x}`));
  });

  it("an infinite derivative under tame is reported as the potential's derivative (not as an overflow)", () => {
    // Kills `d !== d ? badDerivative : nonFinite` → always nonFinite (tame turns f′ = ∞ into d = ∞/∞ = NaN).
    expect(() => simulate({ potential: { f: (w) => w, fPrime: (w) => (w > 0.5 ? Infinity : 0) }, alpha: 1.5, theta: 0, epsilon: 1e-6, stepSize: 0.1, steps: 1, init: 1, seed: 1, safeguard: "tame" }))
      .toThrow(/fPrime\(1\)/);
  });

  it("the fractional scheme stops on a state that overflows (no safeguard, huge step)", () => {
    // Kills `if (x1 − x1 !== 0) throw` → removed in gridStep (the state would become ±Infinity silently).
    expect(() => gridRun([2.9], "none", 0.5, 1e305)).toThrow(/state became -?Infinity at step 1/);
  });
});

describe("outward runs of the Euler 'cap' kernel (eulerCapStep: last[j] = k + 1 of the latest outward-limited step)", () => {
  // One particle from w = 1, noise negligible (ε = 1e-200), 10 steps: divergenceRun R = 5. f′ follows a
  // schedule of steps: −1e6 (the drift η·1e6 outward from w > 0, capped: outward-limited) or 0 (no firing).
  // Kills: a run that is not reset by an ordinary step, that restarts at 0 instead of 1, that counts a
  // coordinate twice, and a run that ended before the last step left in the error's example.
  const run = (outward: (k: number) => boolean, onDivergence: "throw" | "flag") => {
    let k = 0;
    return simulate({
      potential: { f: () => 0, fPrime: () => (outward(k++) ? -1e6 : 0) },
      alpha: 1.5, theta: 0, epsilon: 1e-200, stepSize: 0.1, steps: 10, particles: 1, init: 1, seed: 3, onDivergence,
    });
  };
  it("4 outward, 1 ordinary, 5 outward to the end: one divergence, and the example names the particle", () => {
    const sched = (k: number) => k !== 4;
    const r = run(sched, "flag");
    expect(r.diagnostics.divergenceRun).toBe(5);
    expect(r.diagnostics.safeguardFired).toBe(9);
    expect(r.diagnostics.divergedCoordinates).toBe(1);
    expect(() => run(sched, "throw")).toThrow(/on 5 consecutive steps for 1 particle-coordinate\(s\) \(e\.g\. particle 0, coordinate 0, now at w = /);
  });
  it("5 outward, then ordinary steps: one divergence, but no example (the run did not last to the end)", () => {
    const sched = (k: number) => k < 5;
    expect(run(sched, "flag").diagnostics.divergedCoordinates).toBe(1);
    expect(() => run(sched, "throw")).toThrow(/for 1 particle-coordinate\(s\)\. The drift/);
  });
  it("4 outward, 1 ordinary, 4 outward, 1 ordinary: no divergence; 10 outward: counted once", () => {
    expect(run((k) => k % 5 !== 4, "flag").diagnostics.diverged).toBe(false);
    expect(run((k) => k % 5 !== 4, "flag").diagnostics.safeguardFired).toBe(8);
    expect(run(() => true, "flag").diagnostics.divergedCoordinates).toBe(1);
  });
});
