// Mutation testing of the claim checks of the figures (`pnpm mutate figures`): the pure functions
// that decide whether a figure's claim holds (checkT41, checkT42, checkFig4Panel … checkFig8Block,
// and the rank/slope/grouping helpers inside them), judged by their unit tests
// (vitest.mutation.config.ts). The rest of each figure file (running, plotting) is not mutated.
// Not yet included: the gradient-noise predicates (decideFits, decideLayer, withinBand, …), whose
// tests load TensorFlow.js and make every mutant cost seconds more. The functions are found by
// name when the run starts, so the line ranges follow edits to the files.
import { readdirSync } from "node:fs";
import { functionRanges, rangesOf, strykerConfig } from "../../stryker.base.conf.mjs";

const CHECK_FUNCTION = /^(?:export )?function (check[A-Z]\w*|groupValues|ranks|spearman|slope)\b/;

/** The statistics in src/stats.ts that the checks decide with (paired t, monotonicity, L1 of counts). */
const DECISION_STATISTIC = /^export function (strictlyMonotone|tCritical95|pairedChange|effectiveDraws|countsL1)\b/;

const figures = readdirSync(new URL("./src/figures/", import.meta.url)).filter((n) => n.endsWith(".ts")).sort();
const mutate = [...figures.flatMap((n) => functionRanges(`src/figures/${n}`, CHECK_FUNCTION)), ...rangesOf("src/stats.ts", DECISION_STATISTIC)];

export default strykerConfig("figures", mutate, {
  vitest: { configFile: "vitest.mutation.config.ts" },
  dryRunTimeoutMinutes: 20,
});
