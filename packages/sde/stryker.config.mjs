// Mutation testing of the step kernels of @heavytails/sde (`pnpm mutate sde`): the Euler and
// fractional (grid-drift) steps with their three safeguards, and the 'substep' drift flow.
// The time loop, step-size schedules, option validation and diagnostics in simulate() are left
// out for now: the instrumented simulation loops run 20–30× slower, and a run over them does not
// fit the time a run should take on a 2-core machine. The vitest run is
// vitest.mutation.config.ts (test/mutation-kills.test.ts and test/hostile-input.test.ts; see there
// for why the statistical files stay out).
import { rangesOf, strykerConfig } from "../../stryker.base.conf.mjs";

export default strykerConfig(
  "sde",
  [
    ...rangesOf("src/simulate.ts", /^function (eulerStep|eulerCapStep|capFired|gridDrift|gridStep|gridCapStep)\b/),
    ...rangesOf("src/safeguard.ts", /^export function driftSubsteps\b/),
  ],
  { vitest: { configFile: "vitest.mutation.config.ts" }, dryRunTimeoutMinutes: 20 },
);
