/**
 * Generates fixtures/fit-baseline.json: the maximum-likelihood fits (μ fixed to 0) that the fit of
 * commit 1f0178d (before issue 11's fast tables, finite differences on the interpolants and the
 * 0.3-SE stopping step) made of seeded data, cold and warm-started from a nearby law's fit. The
 * test test/fit-baseline.test.ts checks that today's fit lands on the same maxima.
 *
 * Run it against that commit's source (the data come from its sampler; the seeded draws are the
 * same today, see fixtures/sample-golden.json):
 *   git archive 1f0178d packages/stable | tar -x -C /tmp/fit-base
 *   ln -s "$PWD/node_modules" /tmp/fit-base/packages/stable/node_modules
 *   npx tsx scripts/make-fit-baseline.ts /tmp/fit-base/packages/stable "commit 1f0178d"
 * (from packages/stable). Without an argument it fits with this checkout's source, which is how
 * to see what would change.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const root = resolve(process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)));
const { fit, sample } = (await import(resolve(root, "src/index.ts"))) as typeof import("../src/index.js");

/** Laws: skewed and symmetric, α next to 0.5, 1 and 2, both one-sided bounds. */
export const FIT_BASELINE_LAWS: Array<{ alpha: number; beta: number }> = [
  { alpha: 1.5, beta: 0.5 },
  { alpha: 0.8, beta: -0.3 },
  { alpha: 1.9, beta: 0.9 },
  { alpha: 0.5, beta: 0 },
  { alpha: 0.55, beta: 0.9 },
  { alpha: 1, beta: 0.3 },
  { alpha: 1.05, beta: -0.6 },
  { alpha: 1.97, beta: 0.2 },
  { alpha: 1.3, beta: -1 },
  { alpha: 0.7, beta: 1 },
];
const N = 10_000;

const rows = [];
for (const law of FIT_BASELINE_LAWS) {
  const data = sample(N, { ...law, scale: 1, loc: 0 }, { seed: 2021 });
  const cold = fit(data, { fix: { loc: 0 } });
  // the previous step's law: α + 0.02, β − 0.05 (within [−1, 1]), σ = 1.05, other seeded data
  const near = { alpha: Math.min(2, law.alpha + 0.02), beta: Math.max(-1, Math.min(1, law.beta - 0.05)), scale: 1.05, loc: 0 };
  const previous = fit(sample(N, near, { seed: 2022 }), { fix: { loc: 0 } });
  const start = { alpha: previous.alpha, beta: previous.beta, scale: previous.scale, loc: 0 };
  const warm = fit(data, { fix: { loc: 0 }, start });
  const pick = (r: typeof cold) => ({ alpha: r.alpha, beta: r.beta, scale: r.scale, logLikelihood: r.logLikelihood, tablesBuilt: r.tablesBuilt });
  rows.push({ law, n: N, seed: 2021, cold: pick(cold), start, warm: pick(warm) });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
const out = fileURLToPath(new URL("../fixtures/fit-baseline.json", import.meta.url));
writeFileSync(
  out,
  JSON.stringify({ source: process.argv[3] ?? "this checkout", generatedBy: "scripts/make-fit-baseline.ts", fixedLoc: 0, rows }, null, 1) + "\n",
);
console.log(`wrote ${out}`);
