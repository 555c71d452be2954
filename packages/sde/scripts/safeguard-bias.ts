/**
 * How much the divergence safeguard moves a stationary mean (README, "Safeguard"): the fractional
 * scheme (4.6) on the double well, α = 1.5, θ = 0.5, η = 10⁻³, h = 0.05, K = 240, E w (Gibbs value 0),
 * with common random numbers: every variant of a seed uses the same stream.
 *
 *   npx tsx scripts/safeguard-bias.ts [variant …]      (SEEDS=30 for 30 seeds; default 6)
 *
 * Prints, per seed, ν̃_N(w) and the fraction of steps the safeguard changed, then mean ± standard error.
 */
import { simulate, weightedAverage, type SafeguardSpec } from "../src/index.js";

const base = { potential: "w^4/4 - w^2/2", alpha: 1.5, theta: 0.5, epsilon: 1, stepSize: 1e-3, steps: 12000, burnIn: 4000, recordEvery: 8, particles: 2000, scheme: "fractional" as const, h: 0.05, K: 240 };
const variants: Record<string, SafeguardSpec> = {
  cap: "cap",
  capWide: { kind: "cap", abs: 1, rel: 0.3 },
  capTight: { kind: "cap", abs: 0.25, rel: 0.05 },
  cap01: { kind: "cap", abs: 0.1, rel: 0.02 },
  cap005: { kind: "cap", abs: 0.05, rel: 0.01 },
  substep: "substep",
  substepHalf: { kind: "substep", abs: 0.25, rel: 0.05 },
  substepFifth: { kind: "substep", abs: 0.1, rel: 0.02 },
};
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(variants);
for (const c of chosen) if (!(c in variants)) throw new RangeError(`unknown variant ${c}; one of ${Object.keys(variants).join(", ")}`);
const seeds = Number(process.env.SEEDS ?? 6);
const values: Record<string, number[]> = Object.fromEntries(chosen.map((c) => [c, []]));
for (let seed = 1; seed <= seeds; seed++) {
  const row = chosen.map((name) => {
    const r = simulate({ ...base, safeguard: variants[name]!, seed });
    const nu = weightedAverage(r, (w) => w);
    values[name]!.push(nu);
    return `${name} ${nu.toFixed(5)} (fired ${r.diagnostics.safeguardFraction.toExponential(2)})`;
  });
  console.log(`seed ${seed}: ${row.join(" | ")}`);
}
for (const name of chosen) {
  const v = values[name]!;
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
  console.log(`${name}: mean ${m.toFixed(5)} ± ${(sd / Math.sqrt(v.length)).toFixed(5)} (standard error, ${v.length} seeds)`);
}
