// Mutation testing of the step kernels of @heavytails/sde (`pnpm mutate sde`): the Euler and
// fractional (grid-drift) steps with their safeguards, the time loop that draws the noise and
// records samples, the 'substep' drift flow and the step-size schedules. Option validation and
// diagnostics bookkeeping in simulate() are left out on purpose (error-message mutants only).
import { strykerConfig } from "../../stryker.base.conf.mjs";

export default strykerConfig("sde", [
  "src/simulate.ts:122-204", // eulerStep, gridDrift, gridStep
  "src/simulate.ts:284-331", // noise blocks, time loop, recording
  "src/safeguard.ts:55-69", // driftSubsteps
  "src/step-size.ts:19-42", // resolveStepSize
]);
