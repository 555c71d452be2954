/**
 * @heavytails/sde — simulators for dw = b(w)dt + ε dL^{α,θ}: the Euler scheme (4.4) and the
 * asymmetric fractional Langevin scheme (4.6) of Camuto et al. (ICML 2021), particle
 * ensembles, weighted averages ν_N(g) and invariant-density estimates.
 * Entry file: re-exports names explicitly (one concept per file).
 */
export { simulate, SIMULATE_LIMITS } from "./simulate.js";
export type { SimulateOptions, SimulationResult, SimulationDiagnostics, Scheme } from "./simulate.js";
export { resolvePotential, POTENTIAL_LIMITS } from "./potential.js";
export type { Potential, PotentialFunctions, PotentialSpec } from "./potential.js";
export { resolveStepSize } from "./step-size.js";
export type { StepSizeSpec, DecreasingStepSize } from "./step-size.js";
export { resolveSafeguard } from "./safeguard.js";
export type { SafeguardSpec, ResolvedSafeguard } from "./safeguard.js";
export { weightedAverage, weightedAverageVector, coordinateSamples } from "./weighted-average.js";
export { kde, bandwidth, KDE_LIMITS } from "./kde.js";
export type { KdeOptions, KdeResult, BandwidthRule } from "./kde.js";
export { gibbsDensity, histogramL1, GIBBS_LIMITS } from "./gibbs.js";
export type { GibbsDensity, GibbsOptions, HistogramL1Options } from "./gibbs.js";
