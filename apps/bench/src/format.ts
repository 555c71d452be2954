/** Number formatting, ratios and target checks used by the table and the progress lines. */
import type { BenchTarget } from "./suite.js";

const SI_UP: Array<[number, string]> = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
];

/** Three significant digits, no exponent for everyday magnitudes: 1234 → "1230", 0.0123 → "0.0123". */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) {
    const digits = Math.max(0, 2 - Math.floor(Math.log10(a)));
    // toFixed rounds 999.6 → "1000" correctly; strip nothing (3 s.f. is the point).
    return x.toFixed(Math.min(digits, 20));
  }
  return x.toPrecision(3);
}

/**
 * A value with its unit, readable at a glance:
 * - rates ("…/s"): SI prefix on the number, 1.23e6 points/s → "1.23 M points/s";
 * - durations ("s"): 0.0123 → "12.3 ms", 0.21 → "0.210 s", 130 → "130 s";
 * - anything else: three significant digits and the unit.
 */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${value} ${unit}`;
  if (unit === "s") {
    const a = Math.abs(value);
    if (a !== 0 && a < 1e-6) return `${sig3(value * 1e9)} ns`;
    if (a !== 0 && a < 1e-3) return `${sig3(value * 1e6)} µs`;
    if (a !== 0 && a < 0.1) return `${sig3(value * 1e3)} ms`;
    return `${sig3(value)} s`;
  }
  if (unit.endsWith("/s")) {
    // Round first so 999 960 reads "1.00 M", not "1.00e+3 k".
    const rounded = Number(value.toPrecision(3));
    const a = Math.abs(rounded);
    for (const [scale, prefix] of SI_UP) {
      if (a >= scale) return `${(rounded / scale).toPrecision(3)} ${prefix} ${unit}`;
    }
    return `${sig3(rounded)} ${unit}`;
  }
  return `${sig3(value)} ${unit}`;
}

/** ours/peer when higher is better, peer/ours otherwise: > 1 always means ours is better. */
export function computeRatio(ours: number, peer: number, higherIsBetter: boolean): number | null {
  if (!Number.isFinite(ours) || !Number.isFinite(peer)) return null;
  const r = higherIsBetter ? ours / peer : peer / ours;
  return Number.isFinite(r) && r > 0 ? r : null;
}

/** "651×", "1.25×", "0.420×", "—" when unknown. */
export function formatRatio(r: number | null): string {
  if (r === null) return "—";
  return `${r >= 1000 ? Math.round(r).toString() : r.toPrecision(3)}×`;
}

export type Met = "yes" | "no" | "n/a";

/**
 * Whether the target holds. "n/a" when it cannot be told (no target, our case
 * did not produce a value, or a ratio target whose peer was skipped).
 */
export function targetMet(
  target: BenchTarget | undefined,
  ours: number | null,
  ratio: number | null,
  higherIsBetter: boolean,
): Met {
  if (target === undefined || ours === null) return "n/a";
  const checks: Met[] = [];
  if (target.value !== undefined) {
    checks.push((higherIsBetter ? ours >= target.value : ours <= target.value) ? "yes" : "no");
  }
  if (target.ratio !== undefined) {
    checks.push(ratio === null ? "n/a" : ratio >= target.ratio ? "yes" : "no");
  }
  if (checks.length === 0) return "n/a";
  if (checks.includes("no")) return "no";
  if (checks.includes("n/a")) return "n/a";
  return "yes";
}

/** Make text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** Seconds of wall time for progress lines: "0.42 s", "12.3 s", "2 min 5 s". */
export function formatElapsed(s: number): string {
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}
