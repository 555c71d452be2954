/**
 * The toy regression data of Figs 2, 4 and 5: λ(x) = Σᵢ sin(2π qᵢ x + φᵢ) with
 * qᵢ ∈ {5, 10, …, 50} and phases φᵢ ~ U[0, 2π), at N points of [0, 1).
 */
import { createRng } from "@heavytails/stable";
import type { Dataset } from "./dataset.js";
import { checkInt, checkOneOf, rangeError } from "./validate.js";

export interface SinusoidOptions {
  /** Number of points N (default 200). */
  n?: number;
  /** Frequencies qᵢ (default 5, 10, …, 50). */
  frequencies?: number[];
  /** 'grid': x = k/N, k = 0…N−1 (default); 'uniform': N seeded U[0, 1) draws, sorted. */
  points?: "grid" | "uniform";
  /** Seed of the phases (and of the points when 'uniform'); default 0. */
  seed?: number;
}

export interface SinusoidData extends Dataset {
  frequencies: number[];
  phases: number[];
}

export const SINUSOID_FREQUENCIES: readonly number[] = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50];

/** λ(x) = Σᵢ sin(2π qᵢ x + φᵢ) at N points of [0, 1), as a Dataset with inputShape [1] and targetSize 1. */
export function sinusoids(options: SinusoidOptions = {}): SinusoidData {
  const n = checkInt("n", options.n ?? 200, 1);
  const frequencies = options.frequencies ?? [...SINUSOID_FREQUENCIES];
  frequencies.forEach((q, i) => {
    if (!Number.isFinite(q)) throw rangeError(`frequencies[${i}]`, q, "(-Infinity, Infinity)");
  });
  const points = checkOneOf("points", options.points ?? "grid", ["grid", "uniform"] as const);
  const rng = createRng(options.seed ?? 0);
  const phases = frequencies.map(() => 2 * Math.PI * rng.uniform());
  const xs = new Float64Array(n);
  for (let k = 0; k < n; k++) xs[k] = points === "grid" ? k / n : rng.uniform();
  if (points === "uniform") xs.sort();
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < frequencies.length; i++) s += Math.sin(2 * Math.PI * frequencies[i]! * xs[k]! + phases[i]!);
    x[k] = xs[k]!;
    y[k] = s;
  }
  return { x, y, n, inputShape: [1], targetSize: 1, frequencies: [...frequencies], phases };
}
