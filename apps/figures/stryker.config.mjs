// Mutation testing of the claim checks of the figures (`pnpm mutate figures`): the pure functions
// that decide whether a figure's claim holds (checkT41, checkT42, checkFig4Panel … checkFig8Block,
// and the rank/slope/grouping helpers inside them), judged by their unit tests
// (vitest.mutation.config.ts). The rest of each figure file (running, plotting) is not mutated.
// Not yet included: the gradient-noise predicates (decideFits, decideLayer, withinBand, …), whose
// tests load TensorFlow.js and make every mutant cost seconds more. The functions are found by
// name when the run starts, so the line ranges follow edits to the files.
import { readFileSync, readdirSync } from "node:fs";
import { strykerConfig } from "../../stryker.base.conf.mjs";

const CHECK_FUNCTION = /^(?:export )?function (check[A-Z]\w*|groupValues|ranks|spearman|slope)\b/;

/** The statistics in src/stats.ts that the checks decide with (paired t, monotonicity, L1 of counts). */
const DECISION_STATISTIC = /^export function (strictlyMonotone|tCritical95|pairedChange|effectiveDraws|countsL1)\b/;

/** `file:start-end` of every function whose first line matches `re` (a function ends at the first `}` in column 0). */
function functionRanges(file, re) {
  const lines = readFileSync(new URL(file, import.meta.url), "utf8").split("\n");
  const ranges = [];
  for (let i = 0; i < lines.length; i++) {
    if (!re.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== "}") end++;
    ranges.push(`${file}:${i + 1}-${end + 1}`);
  }
  return ranges;
}

const figures = readdirSync(new URL("./src/figures/", import.meta.url)).filter((n) => n.endsWith(".ts")).sort();
const mutate = [...figures.flatMap((n) => functionRanges(`src/figures/${n}`, CHECK_FUNCTION)), ...functionRanges("src/stats.ts", DECISION_STATISTIC)];

export default strykerConfig("figures", mutate, {
  vitest: { configFile: "vitest.mutation.config.ts" },
  dryRunTimeoutMinutes: 20,
});
