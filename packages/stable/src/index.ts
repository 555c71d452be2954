/**
 * @heavytails/stable — α-stable laws S_α(σ, β, μ) in the S0 and S1 parameterizations.
 * Entry file: re-exports names explicitly (one concept per file).
 */
export { resolveStableParams, convertParameterization, s0Location } from "./params.js";
export type { StableParams, ResolvedStableParams, Parameterization } from "./params.js";
export { rangeError, MAX_SAMPLE_SIZE } from "./validate.js";
export { FIT_ALPHA_MIN, MAX_FIT_ITERATIONS } from "./fit.js";
export { pdf, logpdf } from "./pdf.js";
export { cdf, sf } from "./cdf.js";
export { quantile } from "./quantile.js";
export { fit } from "./fit.js";
export type { FitOptions, FitResult } from "./fit.js";
export { mccullochEstimate } from "./mcculloch.js";
export type { QuantileEstimate } from "./mcculloch.js";
export { createRng, MAX_STREAM_INDEX } from "./rng.js";
export type { Rng } from "./rng.js";
export { sample, sampleInto } from "./sample.js";
export type { SampleOptions } from "./sample.js";
export { normalPdf, normalLogpdf, normalCdf, normalSf, normalSample, normalFit } from "./normal.js";
export type { NormalParams, NormalFit } from "./normal.js";
export { halfNormalPdf, halfNormalLogpdf, halfNormalCdf, halfNormalSf, halfNormalSample, halfNormalFit } from "./half-normal.js";
export type { HalfNormalParams, HalfNormalFit } from "./half-normal.js";
export { halfCauchyPdf, halfCauchyLogpdf, halfCauchyCdf, halfCauchySf, halfCauchySample, halfCauchyFit } from "./half-cauchy.js";
export type { HalfCauchyParams, HalfCauchyFit } from "./half-cauchy.js";
export { subWeibullPdf, subWeibullLogpdf, subWeibullCdf, subWeibullSf, subWeibullSample } from "./sub-weibull.js";
export type { SubWeibullParams } from "./sub-weibull.js";
export { skewness, kurtosis } from "./moments.js";
export { tailIndexBlockSums, tailIndexHill } from "./tail-index.js";
export type { BlockSumTailIndex, HillTailIndex } from "./tail-index.js";
export {
  ksTest,
  ksTestUniform,
  andersonDarlingTest,
  andersonDarlingTestUniform,
  kolmogorovCdf,
  kolmogorovSf,
  andersonDarlingCdf,
  andersonDarlingPValue,
} from "./goodness-of-fit.js";
export type { GoodnessOfFit } from "./goodness-of-fit.js";
export { erf, erfc, logGamma, gamma } from "./special-functions.js";
