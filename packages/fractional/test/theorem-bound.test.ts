/** Theorem 4.2 (eq. 4.9): the terms in closed form and the constant fit on synthetic data. */
import { describe, expect, it } from "vitest";
import { expectClose } from "@heavytails/test-utils";
import { fitTheorem42Constants, theorem42Terms } from "../src/index.js";

describe("theorem42Terms", () => {
  it("matches (4.9) written out by hand", () => {
    const s = { alpha: 1.5, theta: 0.5, h: 0.1, K: 100 };
    const t = theorem42Terms(s, { cTilde: 2, c0Prime: 0.3, c0DoublePrime: 0.1 });
    // |γ| = 0.5, tan(−π/4) = −1: 2/(4π·2.5)·(0.5·0.5 + 1·0.5)·0.1
    expectClose(t.discretisation, (2 / (4 * Math.PI * 2.5)) * 0.75 * 0.1, { rel: 1e-14 });
    expectClose(t.truncation, (1.5 * 0.3 + 0.5 * 0.1) / 10, { rel: 1e-14 });
    expect(theorem42Terms({ ...s, K: 0 }, { cTilde: 1, c0Prime: 1, c0DoublePrime: 1 }).truncation).toBe(Infinity);
    expect(() => theorem42Terms(s, { cTilde: -1, c0Prime: 0, c0DoublePrime: 0 })).toThrow("cTilde = -1 is outside the allowed range [0, Infinity)");
  });

  it("the discretisation term grows with |θ| and as α decreases", () => {
    const c = { cTilde: 1, c0Prime: 0, c0DoublePrime: 0 };
    const d = (alpha: number, theta: number) => theorem42Terms({ alpha, theta, h: 0.1, K: 10 }, c).discretisation;
    expect(d(1.5, 0.9)).toBeGreaterThan(d(1.5, 0));
    expect(d(1.1, 0.5)).toBeGreaterThan(d(1.9, 0.5));
  });
});

describe("fitTheorem42Constants", () => {
  it("recovers known constants from exact synthetic errors (rel 1e-8)", () => {
    const truth = { cTilde: 3, c0Prime: 0.2, c0DoublePrime: 0.05 };
    const data = [];
    for (const alpha of [1.2, 1.6]) for (const theta of [-0.5, 0.5]) for (const h of [0.05, 0.1]) for (const K of [50, 400]) {
      data.push({ alpha, theta, h, K, error: theorem42Terms({ alpha, theta, h, K }, truth).total });
    }
    const fit = fitTheorem42Constants(data);
    expectClose(fit.cTilde, 3, { rel: 1e-8 });
    expectClose(fit.c0Prime, 0.2, { rel: 1e-8 });
    expectClose(fit.c0DoublePrime, 0.05, { rel: 1e-8 });
    expect(fit.rms).toBeLessThan(1e-12);
  });

  it("keeps constants non-negative when data pull one below zero", () => {
    const data = [
      { alpha: 1.5, theta: 0, h: 0.1, K: 10, error: 0.01 },
      { alpha: 1.5, theta: 0, h: 0.05, K: 20, error: 0.012 },
      { alpha: 1.5, theta: 0, h: 0.02, K: 50, error: 0.001 },
    ];
    const fit = fitTheorem42Constants(data);
    for (const v of [fit.cTilde, fit.c0Prime, fit.c0DoublePrime]) expect(v).toBeGreaterThanOrEqual(0);
    expect(() => fitTheorem42Constants([{ alpha: 1.5, theta: 0, h: 0.1, K: 0, error: 1 }])).toThrow("data[0].K = 0");
  });
});
