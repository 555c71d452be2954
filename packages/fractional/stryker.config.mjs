// Mutation testing of the numerical core of @heavytails/fractional (`pnpm mutate fractional`).
import { strykerConfig } from "../../stryker.base.conf.mjs";

export default strykerConfig("fractional", [
  "src/grunwald-weights.ts",
  "src/riesz-feller.ts",
  "src/drift.ts",
  "src/drift-grid.ts",
]);
