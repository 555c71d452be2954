/** Small summaries over seeds. */
export function mean(xs: readonly number[]): number {
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  std: number;
  n: number;
}

export function spread(xs: readonly number[]): Spread {
  return { mean: mean(xs), min: Math.min(...xs), max: Math.max(...xs), std: std(xs), n: xs.length };
}

/** Round to `digits` significant digits for JSON (the plotted numbers keep this precision). */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
