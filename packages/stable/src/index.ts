/**
 * @heavytails/stable — α-stable laws S_α(σ, β, μ) in the S0 and S1 parameterizations.
 * Entry file: re-exports names explicitly (one concept per file).
 */
export { resolveStableParams, convertParameterization, s0Location } from "./params.js";
export type { StableParams, ResolvedStableParams, Parameterization } from "./params.js";
export { rangeError } from "./validate.js";
