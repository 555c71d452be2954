import { simulate, weightedAverage } from "./src/index.js";
const base = { potential: "w^4/4 - w^2/2", alpha: 1.5, theta: 0.5, epsilon: 1, recordEvery: 8, particles: 2000, scheme: "fractional" as const, h: 0.05, K: 240 };
const variants: Record<string, Partial<Parameters<typeof simulate>[0]>> = {
  base: { stepSize: 1e-3, steps: 12000, burnIn: 4000 },
  noSafeguard: { stepSize: 1e-3, steps: 12000, burnIn: 4000, safeguard: "none" },
  longBurn: { stepSize: 1e-3, steps: 20000, burnIn: 12000 },
  halfEta: { stepSize: 5e-4, steps: 24000, burnIn: 8000, recordEvery: 16 },
};
const which = process.argv.slice(2);
for (const seed of [1, 2, 3, 4, 5, 6]) {
  const row: string[] = [];
  for (const [name, v] of Object.entries(variants)) {
    if (which.length && !which.includes(name)) continue;
    const r = simulate({ ...base, ...v, seed } as Parameters<typeof simulate>[0]);
    row.push(`${name} ${weightedAverage(r, (w) => w).toFixed(5)} sg ${r.diagnostics.safeguardFraction.toExponential(2)}`);
  }
  console.log(seed, row.join(" | "));
}
