#!/usr/bin/env node
/** Entry point of `pnpm bench`; all logic is in main.ts. */
import { runCli } from "./main.js";

runCli(process.argv.slice(2)).then(
  (r) => {
    process.exitCode = r.exitCode;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
