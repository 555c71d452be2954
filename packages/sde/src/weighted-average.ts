/**
 * Weighted sample averages ν_N(g) = Σ_k η_k g(w_k) / Σ_k η_k (§4, before Theorem 4.2) over the
 * recorded states of a simulation, pooled over particles.
 */
import { rangeError } from "@heavytails/stable";
import type { SimulationResult } from "./simulate.js";

type Recorded = Pick<SimulationResult, "samples" | "weights" | "particles" | "dimension" | "records">;

function check(r: Recorded): void {
  if (r.records < 1) throw rangeError("records", r.records, "{1, 2, ...} (nothing was recorded)");
  // A run returned with onDivergence: 'flag' carries diverged states: ν_N of them means nothing.
  const diag = (r as { diagnostics?: { diverged?: boolean; divergedCoordinates?: number } }).diagnostics;
  if (diag?.diverged) {
    throw new RangeError(`the simulation diverged (${diag.divergedCoordinates} particle-coordinates pushed outward by the safeguard; diagnostics.diverged = true): its weighted averages are meaningless`);
  }
}

/** ν_N(g) for a function of one coordinate (default coordinate 0). */
export function weightedAverage(result: Recorded, g: (w: number) => number, options: { coordinate?: number } = {}): number {
  check(result);
  const { samples, weights, particles: P, dimension: d, records } = result;
  const c = options.coordinate ?? 0;
  if (!Number.isSafeInteger(c) || c < 0 || c >= d) throw rangeError("coordinate", c, `{0, …, ${d - 1}}`);
  let num = 0, den = 0;
  for (let r = 0; r < records; r++) {
    let s = 0;
    const o = r * P * d;
    for (let p = 0; p < P; p++) s += g(samples[o + p * d + c]);
    num += weights[r] * s;
    den += weights[r] * P;
  }
  const v = num / den;
  if (Number.isNaN(v)) throw new RangeError("g returned NaN on a recorded state");
  return v;
}

/** ν_N(g) for a function of the whole state w ∈ R^d (g receives a view of length d). */
export function weightedAverageVector(result: Recorded, g: (w: Float64Array) => number): number {
  check(result);
  const { samples, weights, particles: P, dimension: d, records } = result;
  let num = 0, den = 0;
  for (let r = 0; r < records; r++) {
    let s = 0;
    for (let p = 0; p < P; p++) {
      const o = (r * P + p) * d;
      s += g(samples.subarray(o, o + d));
    }
    num += weights[r] * s;
    den += weights[r] * P;
  }
  const v = num / den;
  if (Number.isNaN(v)) throw new RangeError("g returned NaN on a recorded state");
  return v;
}

/** One coordinate of the recorded states as a flat Float64Array (records·particles values). */
export function coordinateSamples(result: Recorded, coordinate = 0): Float64Array {
  const { samples, particles: P, dimension: d, records } = result;
  if (!Number.isSafeInteger(coordinate) || coordinate < 0 || coordinate >= d) throw rangeError("coordinate", coordinate, `{0, …, ${d - 1}}`);
  if (d === 1) return samples;
  const out = new Float64Array(records * P);
  for (let j = 0; j < out.length; j++) out[j] = samples[j * d + coordinate];
  return out;
}
