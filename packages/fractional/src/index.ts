/**
 * @heavytails/fractional — Grünwald–Letnikov weights, the Riesz–Feller-type operator
 * Δ^{γ,−θ}_{h,K} and the fractional Langevin drift b_{h,K} of Camuto et al. (ICML 2021,
 * eqs. 4.6–4.8), exact reference operators, and the Theorem 4.2 bound (4.9).
 * Entry file: re-exports names explicitly (one concept per file).
 */
export { grunwaldWeights, wsgdWeights } from "./grunwald-weights.js";
export { rieszFeller, rieszFellerAt, cGamma } from "./riesz-feller.js";
export type { OperatorOptions, OperatorVariant } from "./riesz-feller.js";
export { drift, driftAt } from "./drift.js";
export type { DriftOptions } from "./drift.js";
export { driftGrid } from "./drift-grid.js";
export type { DriftGrid, DriftGridOptions } from "./drift-grid.js";
export { h0 } from "./h0.js";
export { rieszFellerExact, rieszFellerGaussianFourier, driftExact } from "./reference.js";
export type { ExactOperatorOptions } from "./reference.js";
export { integrate } from "./quadrature.js";
export type { QuadratureOptions } from "./quadrature.js";
export { theorem42Terms, fitTheorem42Constants, discretisationShape } from "./theorem-bound.js";
export type { BoundSetting, BoundConstants, BoundTerms, MeasuredWeakError, FittedConstants } from "./theorem-bound.js";
export { LIMITS as FRACTIONAL_LIMITS } from "./validate.js";
