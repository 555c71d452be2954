/**
 * The suites the harness runs, in order. Adding a package is one line here
 * (plus `"@heavytails/<name>": "workspace:*"` in apps/bench/package.json and a
 * `"./bench"` entry in that package's `exports`; see README.md).
 *
 * The annotation makes typecheck confirm that each suite fits the contract in
 * suite.ts; main.ts also checks the shape at run time (checkSuite).
 */
import { suite as stable } from "@heavytails/stable/bench";
import { suite as fractional } from "@heavytails/fractional/bench";
import { suite as sde } from "@heavytails/sde/bench";
import { suite as gni } from "@heavytails/gni/bench";
import type { BenchSuite } from "./suite.js";

export const suites: BenchSuite[] = [
  stable,
  fractional,
  sde,
  gni,
];
