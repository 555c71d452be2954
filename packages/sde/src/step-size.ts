/**
 * Step sizes η_k of the recursions (4.4) and (4.6): constant, decreasing
 * η_k = η₀ (1 + k/k₀)^{−p} with p ∈ (0, 1] (Σ η_k = ∞, η_k → 0, as Theorem 4.2 assumes),
 * or any function k ↦ η_k > 0 (k = 0, 1, … counts steps).
 */
import { rangeError } from "@heavytails/stable";

export interface DecreasingStepSize {
  /** η₀ > 0. */
  initial: number;
  /** Decay exponent p ∈ (0, 1]. */
  power: number;
  /** k₀ > 0 (default 1): the step count over which η starts to decay. */
  offset?: number;
}

export type StepSizeSpec = number | DecreasingStepSize | ((k: number) => number);

/** η as a function of the step index, plus whether it is constant. */
export function resolveStepSize(spec: StepSizeSpec): { at: (k: number) => number; constant: number | null } {
  if (typeof spec === "number") {
    if (!(spec > 0) || !Number.isFinite(spec)) throw rangeError("stepSize", spec, "(0, Infinity)");
    return { at: () => spec, constant: spec };
  }
  if (typeof spec === "function") {
    return {
      at: (k: number) => {
        const v = spec(k);
        if (!(v > 0) || !Number.isFinite(v)) throw rangeError(`stepSize(${k})`, v, "(0, Infinity)");
        return v;
      },
      constant: null,
    };
  }
  if (spec == null || typeof spec !== "object") throw new TypeError("stepSize must be a number, { initial, power, offset } or a function");
  const { initial, power } = spec;
  const offset = spec.offset ?? 1;
  if (!(initial > 0) || !Number.isFinite(initial)) throw rangeError("stepSize.initial", initial, "(0, Infinity)");
  if (!(power > 0 && power <= 1)) throw rangeError("stepSize.power", power, "(0, 1]");
  if (!(offset > 0) || !Number.isFinite(offset)) throw rangeError("stepSize.offset", offset, "(0, Infinity)");
  return { at: (k: number) => initial * Math.pow(1 + k / offset, -power), constant: null };
}
