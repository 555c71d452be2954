/** Potentials as mathjs strings: symbolic derivative against hand-written derivatives. */
import { describe, expect, it } from "vitest";
import { expectAllClose } from "@heavytails/test-utils";
import { resolvePotential } from "../src/index.js";

const WS = [-2.3, -1, -0.2, 0, 0.5, 1.7, 3];

describe("resolvePotential", () => {
  it.each([
    ["w^4/4 - w^2/2", (w: number) => w ** 4 / 4 - w ** 2 / 2, (w: number) => w ** 3 - w],
    ["w^4/4 - w^2/2 + 0.3*w", (w: number) => w ** 4 / 4 - w ** 2 / 2 + 0.3 * w, (w: number) => w ** 3 - w + 0.3],
    ["exp(-w^2) * sin(w)", (w: number) => Math.exp(-w * w) * Math.sin(w), (w: number) => Math.exp(-w * w) * (Math.cos(w) - 2 * w * Math.sin(w))],
    ["sqrt(1 + w^2) + pi", (w: number) => Math.sqrt(1 + w * w) + Math.PI, (w: number) => w / Math.sqrt(1 + w * w)],
    // log10 is not in the JavaScript translation table: f falls back to mathjs' evaluation
    ["log10(w^2 + 1)", (w: number) => Math.log10(w * w + 1), (w: number) => (2 * w) / ((w * w + 1) * Math.LN10)],
  ])("%s: f and the symbolic f′ match the hand-written ones (rel 1e-13)", (expr, f, fp) => {
    const p = resolvePotential(expr);
    expectAllClose(WS.flatMap((w) => [
      { inputs: { expr, w, what: "f" }, actual: p.f(w), expected: f(w), tol: { rel: 1e-13, abs: 1e-15 } },
      { inputs: { expr, w, what: "f'" }, actual: p.fPrime(w), expected: fp(w), tol: { rel: 1e-13, abs: 1e-15 } },
    ]));
  });

  it("passes functions through and rejects bad specs", () => {
    const f = (w: number) => w * w, fPrime = (w: number) => 2 * w;
    expect(resolvePotential({ f, fPrime }).fPrime(3)).toBe(6);
    expect(() => resolvePotential("x^2")).toThrow("uses the symbol x; only the variable w");
    expect(() => resolvePotential("w^")).toThrow(SyntaxError);
    expect(() => resolvePotential("cube(w)")).toThrow("mathjs cannot differentiate");
    expect(() => resolvePotential({ f } as never)).toThrow(TypeError);
  });
});
