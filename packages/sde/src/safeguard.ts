/**
 * The safeguard against divergence. With a superlinear drift and heavy-tailed jumps the
 * plain Euler step w + η b(w) overshoots after a jump lands far out (|η b(w)| ≫ |w|),
 * and the next step overshoots further until the state overflows (notes/fractional-drift.md).
 * The fractional drift b_{h,K} is steeper still: it grows like e^{f(w)/ε^α} in the tails.
 *
 * Both safeguards limit the drift displacement d = η b(w) of one step by L(w) = abs + rel·|w|
 * (in units of w):
 * - `cap` (default; abs = 0.5, rel = 0.1): d is clipped to [−L(w), L(w)]. It fires only where
 *   |η b| is large, i.e. in the far tails; a far-out state returns geometrically (factor
 *   0.9 per step, so from |w| = 10⁶ in about 130 steps) and, since rel < 1, never past the origin.
 * - `tame` (abs = 1, rel = 0.1): the tamed step d/(1 + |d|/L(w)) (Hutzenthaler, Jentzen &
 *   Kloeden 2012 for rel = 0); it changes every step a little and is counted as firing when
 *   it changes d by more than 1%.
 * - `none`: the plain scheme.
 *
 * The limit matters for the fractional scheme at small α: on the double well at α = 1.1,
 * θ = 0.5, η = 1e-3, a cap of 1 + 0.5|w| throws particles that land near |w| ≈ 3 (where
 * b ≈ ∓4·10⁶) back across the well and leaves an L1 error of 0.17 to the Gibbs density that
 * does not shrink with η; 0.5 + 0.1|w| gives 0.024, about the sampling noise.
 *
 * In every mode a state that becomes NaN or ±Infinity stops the run with an error naming
 * the step, particle and coordinate; nothing returns NaN silently.
 */
import { rangeError } from "@heavytails/stable";

export type SafeguardSpec =
  | "cap"
  | "tame"
  | "none"
  | { kind: "cap" | "tame"; abs?: number; rel?: number };

export interface ResolvedSafeguard {
  kind: "cap" | "tame" | "none";
  /** 0 none, 1 cap, 2 tame (the integrator's switch). */
  mode: 0 | 1 | 2;
  /** L(w) = abs + rel·|w|. */
  abs: number;
  rel: number;
}

const DEFAULTS = { cap: { abs: 0.5, rel: 0.1 }, tame: { abs: 1, rel: 0.1 } } as const;

export function resolveSafeguard(spec: SafeguardSpec | undefined): ResolvedSafeguard {
  const s = spec ?? "cap";
  if (s === "none") return { kind: "none", mode: 0, abs: Infinity, rel: 0 };
  if (s === "cap" || s === "tame") return { kind: s, mode: s === "cap" ? 1 : 2, ...DEFAULTS[s] };
  if (typeof s === "object" && s !== null && (s.kind === "cap" || s.kind === "tame")) {
    const abs = s.abs ?? DEFAULTS[s.kind].abs, rel = s.rel ?? DEFAULTS[s.kind].rel;
    if (!(abs > 0) || !Number.isFinite(abs)) throw rangeError("safeguard.abs", abs, "(0, Infinity)");
    if (!(rel >= 0) || !Number.isFinite(rel)) throw rangeError("safeguard.rel", rel, "[0, Infinity)");
    return { kind: s.kind, mode: s.kind === "cap" ? 1 : 2, abs, rel };
  }
  throw rangeError("safeguard", typeof s === "object" ? JSON.stringify(s) : s, "{'cap', 'tame', 'none', { kind: 'cap' | 'tame', abs, rel }}");
}
