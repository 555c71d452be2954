// Mutation testing of the numerical core of @heavytails/stable (`pnpm mutate stable`): the pdf,
// cdf and sf entry points and the likelihood with the gradient and Hessian that the MLE climbs.
// Not mutated yet: the standard law and the Zolotarev integrals (standard-stable.ts,
// zolotarev.ts): every fit test builds tables from them, so each of their ~650 mutants runs the
// fit tests (~1 min each, several times that instrumented), hours on a 2-core machine. Neither
// are sampling, tables, quantiles or the optimiser's step control. The vitest run is
// vitest.mutation.config.ts (see there for the tests it leaves out).
import { rangesOf, strykerConfig } from "../../stryker.base.conf.mjs";

export default strykerConfig(
  "stable",
  [
    "src/pdf.ts",
    "src/cdf.ts",
    ...rangesOf("src/fit.ts", /^class Likelihood\b/), // log-likelihood, gradient and Hessian in (s, m)
  ],
  { vitest: { configFile: "vitest.mutation.config.ts" }, dryRunTimeoutMinutes: 30 },
);
