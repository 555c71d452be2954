/**
 * Timing of the Euler bench workload (10⁴ particles × 1000 steps, double well, α = 1.5, θ = 0.5)
 * split into its parts: the full `simulate`, the noise alone (`sampleInto` of 10⁴ per step on one
 * array), and so the step. CPU time (process.cpuUsage), best of REPS. `npx tsx scripts/euler-speed.ts`
 */
import { createRng, sampleInto } from "@heavytails/stable";
import { simulate } from "../src/index.js";

const P = 10_000, STEPS = 1000, REPS = Number(process.env.REPS ?? 7);
const opts = {
  potential: { f: (w: number) => (w * w * w * w) / 4 - (w * w) / 2, fPrime: (w: number) => w * w * w - w },
  alpha: 1.5, theta: 0.5, epsilon: 1, stepSize: 1e-3, steps: STEPS, burnIn: STEPS, particles: P,
};
function cpu(f: () => void): number {
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1e6;
}
function best(f: () => void): number {
  f();
  let b = Infinity;
  for (let r = 0; r < REPS; r++) b = Math.min(b, cpu(f));
  return b;
}
const buf = new Float64Array(P);
const tNoise = best(() => { const rng = createRng(5); for (let k = 0; k < STEPS; k++) sampleInto(buf, { alpha: 1.5, beta: 0.5 }, rng); });
const big = new Float64Array(P * STEPS);
const tNoiseBig = best(() => { const rng = createRng(5); sampleInto(big, { alpha: 1.5, beta: 0.5 }, rng); });
let seed = 1;
const tSim = best(() => { simulate({ ...opts, seed: seed++ }); });
const ps = P * STEPS;
console.log(`simulate: ${tSim.toFixed(4)} s = ${(ps / tSim / 1e6).toFixed(1)} M particle-steps/s`);
console.log(`noise 10^4 × 1000 calls: ${tNoise.toFixed(4)} s (${(ps / tNoise / 1e6).toFixed(1)} M/s); one call of 10^7: ${tNoiseBig.toFixed(4)} s`);
console.log(`step (simulate − noise): ${(tSim - tNoise).toFixed(4)} s per 10^7 particle-steps`);
