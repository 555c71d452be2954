/**
 * Writes fixtures/sample-golden.json: SHA-256 digests (of the little-endian bytes) and first
 * values of seeded draws `sample(100003, params, { seed: 20261128 })` for eight laws, from the
 * package source in the folder given as argument (default: this package's src/).
 *
 * The committed file was made from the source of commit 1f0178d, the pure-JS sampler before the
 * WebAssembly SIMD kernels (`git archive 1f0178d packages/stable/src | tar -x -C /tmp/orig`, then
 * `tsx scripts/make-sample-golden.ts /tmp/orig/packages/stable/src`), so test/sample-simd.test.ts
 * checks that seeded draws are unchanged from that release, with either backend.
 * Run: pnpm --filter @heavytails/stable exec tsx scripts/make-sample-golden.ts [src folder]
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const GOLDEN_LAWS = [
  { alpha: 1.5, beta: 0.5 },
  { alpha: 0.3, beta: 1 },
  { alpha: 0.05, beta: 0.3 },
  { alpha: 1.999, beta: -1 },
  { alpha: 0.7, beta: -0.8, scale: 1.3, loc: 0.4, parameterization: "S0" as const },
  { alpha: 1, beta: 0.5 },
  { alpha: 1, beta: 0, scale: 3, loc: -1 },
  { alpha: 2, beta: 0.3 },
];
export const GOLDEN_N = 100_003;
export const GOLDEN_SEED = 20261128;

/** SHA-256 of the values as little-endian IEEE-754 doubles (the same on every platform). */
export function digestDraws(x: Float64Array): string {
  const bytes = new Uint8Array(8 * x.length);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < x.length; i++) dv.setFloat64(8 * i, x[i], true);
  return createHash("sha256").update(bytes).digest("hex");
}

async function main(): Promise<void> {
  const src = resolve(process.argv[2] ?? fileURLToPath(new URL("../src", import.meta.url)));
  const { sample } = (await import(pathToFileURL(`${src}/index.ts`).href)) as typeof import("../src/index.js");
  const cases = GOLDEN_LAWS.map((params) => {
    const x = sample(GOLDEN_N, params, { seed: GOLDEN_SEED });
    return { params, sha256: digestDraws(x), first: Array.from(x.subarray(0, 3)) };
  });
  const note =
    "sample(n, params, { seed }) digests (SHA-256 of the little-endian doubles) and first values, made by " +
    "scripts/make-sample-golden.ts from the source of commit 1f0178d (the pure-JS sampler before the WebAssembly SIMD kernels)";
  writeFileSync(fileURLToPath(new URL("../fixtures/sample-golden.json", import.meta.url)), `${JSON.stringify({ note, n: GOLDEN_N, seed: GOLDEN_SEED, cases }, null, 1)}\n`);
  console.log(`wrote fixtures/sample-golden.json from ${src}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
