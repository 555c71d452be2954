/** Fixed-bin histograms that can be pooled over seeds (counts per seed, density after pooling). */
import type { HistBar } from "./plot.js";
import { sig } from "./stats.js";

export interface Bins {
  lo: number;
  hi: number;
  bins: number;
}

/** Counts of `values` (optionally transformed by `scale`: v / scale) in each bin; values outside are not counted. */
export function binCounts(values: ArrayLike<number>, b: Bins, scale = 1): number[] {
  const c = new Array<number>(b.bins).fill(0);
  const w = (b.hi - b.lo) / b.bins;
  for (let i = 0; i < values.length; i++) {
    const k = Math.floor((values[i]! / scale - b.lo) / w);
    if (k >= 0 && k < b.bins) c[k]!++;
  }
  return c;
}

/** Pool per-seed counts into density bars (density = count / (total · width)); bins below `floor` are left out. */
export function pooledBars(counts: number[][], totals: number[], b: Bins, floor = 0): HistBar[] {
  const n = totals.reduce((s, v) => s + v, 0);
  const w = (b.hi - b.lo) / b.bins;
  const bars: HistBar[] = [];
  for (let k = 0; k < b.bins; k++) {
    const c = counts.reduce((s, row) => s + (row[k] ?? 0), 0);
    const density = n > 0 ? c / (n * w) : 0;
    if (density <= floor) continue;
    bars.push({ lo: sig(b.lo + k * w), hi: sig(b.lo + (k + 1) * w), density: sig(density), count: c });
  }
  return bars;
}

/** Midpoint grid of n points on [lo, hi]. */
export function midGrid(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + ((i + 0.5) / n) * (hi - lo);
  return out;
}
