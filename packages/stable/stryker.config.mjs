// Mutation testing of the numerical core of @heavytails/stable (`pnpm mutate stable`): the pdf,
// cdf and sf entry points, the standard law (α = 1 and near-1 handling, reflection, ζ offsets)
// and the likelihood with the gradient and Hessian that the MLE climbs. The Zolotarev integrals
// (zolotarev.ts) are the next target; sampling, tables, quantiles and the optimiser's step
// control are not mutated yet: the instrumented quadrature runs many times slower, and a run
// over the whole package takes hours on a 2-core machine. The vitest run is
// vitest.mutation.config.ts (see there for the tests it leaves out).
import { strykerConfig } from "../../stryker.base.conf.mjs";

export default strykerConfig(
  "stable",
  [
    "src/pdf.ts",
    "src/cdf.ts",
    "src/standard-stable.ts",
    "src/fit.ts:86-180", // class Likelihood: log-likelihood, gradient and Hessian in (s, m)
  ],
  { vitest: { configFile: "vitest.mutation.config.ts" }, dryRunTimeoutMinutes: 30 },
);
