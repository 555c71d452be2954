/**
 * Entry point: `pnpm figures [ids…] [--preset quick|paper] [--protocol authors|paper] [--out DIR] [--data-dir DIR] [--seeds N]
 * [--jobs N | --queue URL] [--list]`, and `pnpm figures worker --queue URL [--jobs N]` (worker.ts).
 */
import { CommanderError } from "commander";
import { isWorkerCommand, parseArgs, parseWorkerArgs } from "./args.js";
import { UsageError } from "./limits.js";
import { checkDataDir, prepareOutDir } from "./paths.js";
import { listLines } from "./registry.js";
import { runFigures } from "./run.js";
import type { TaskExecutor } from "./tasks/executor.js";

/** One line: commander's messages start with "error: " and may span lines. */
const oneLine = (message: string): string =>
  message
    .replace(/^error:\s*/, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/(\/\/[^:/@\s'[\]]*:)[^@\s']*@/g, "$1***@") // never echo a Redis password (commander quotes the rejected --queue value)
    .trim();

const isHelp = (e: unknown): boolean => e instanceof CommanderError && (e.code === "commander.helpDisplayed" || e.code === "commander.help");

/** `figures worker --queue URL [--jobs N]`: bad options, a bad URL or an unreachable Redis are one line, exit 2. */
async function worker(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseWorkerArgs(argv);
  } catch (e) {
    if (isHelp(e)) {
      const { buildWorkerCommand } = await import("./args.js");
      process.stdout.write(buildWorkerCommand().helpInformation());
      return 0;
    }
    process.stderr.write(`figures worker: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  }
  const { workerCommand } = await import("./worker.js");
  try {
    return await workerCommand(opts);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`figures worker: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

async function main(): Promise<number> {
  if (isWorkerCommand(process.argv.slice(2))) return worker(process.argv.slice(2));
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (!opts.list) {
      // before any computation: a run must not compute for minutes and then fail to write, or write somewhere unexpected
      if (opts.dataDir !== undefined) checkDataDir(opts.dataDir, "--data-dir");
      prepareOutDir(opts.outDir, "--out");
    }
  } catch (e) {
    if (isHelp(e)) {
      // help goes to stdout
      const { buildCommand } = await import("./args.js");
      process.stdout.write(buildCommand().helpInformation());
      return 0;
    }
    process.stderr.write(`figures: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  }
  if (opts.list) {
    process.stdout.write(`${listLines().join("\n")}\n`);
    return 0;
  }
  if (opts.estimate || (opts.preset === "paper" && !opts.skipEstimate)) {
    const { printEstimate } = await import("./estimate-report.js");
    await printEstimate(opts, opts.estimate ? process.stdout : process.stderr);
    if (opts.estimate) return 0;
  }
  let executor: TaskExecutor | undefined;
  if (opts.queue !== undefined) {
    // before any computation: the Redis server must answer (a one-line UsageError, exit 2, otherwise)
    const { QueueExecutor } = await import("./tasks/queue.js");
    executor = await QueueExecutor.connect(opts.queue);
  }
  process.stderr.write(`figures: preset ${opts.preset}, protocol ${opts.protocol}, output ${opts.outDir}${opts.seeds ? `, ${opts.seeds} seeds` : ""}, ${executor !== undefined ? executor.description : `${opts.jobs} job${opts.jobs === 1 ? "" : "s"}`}\n`);
  let summary;
  try {
    summary = await runFigures({ ids: opts.ids, preset: opts.preset, protocol: opts.protocol, outDir: opts.outDir, seeds: opts.seeds, dataDir: opts.dataDir, jobs: opts.jobs, ...(executor !== undefined ? { executor } : {}) });
  } finally {
    await executor?.close();
  }
  for (const r of summary.records) {
    process.stdout.write(`${r.id.padEnd(5)} ${r.claimCheck.outcome.padEnd(7)} ${r.wallSeconds === null ? "" : `${r.wallSeconds.toFixed(1)} s${r.fromCache ? " (cached)" : ""}`}\n`);
  }
  process.stdout.write(`report: ${summary.reportPath}\n`);
  return summary.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`figures: ${oneLine(e.message)}\n`);
      process.exit(2);
    }
    process.stderr.write(`figures: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
