/**
 * Command-line arguments: `figures [ids…] [--preset quick|paper] [--protocol authors|paper] [--out DIR] [--data-dir DIR]
 * [--seeds N] [--jobs N | --queue URL] [--list]`, and `figures worker --queue URL [--jobs N]`.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { MAX_SEEDS } from "./limits.js";
import { type Preset, PRESETS } from "./presets.js";
import { DEFAULT_PROTOCOL, type Protocol, PROTOCOLS } from "./protocol.js";
import { FIGURES, resolveFigureId } from "./registry.js";
import { parseQueueUrl } from "./tasks/queue.js";

export interface CliOptions {
  ids: string[];
  preset: Preset;
  protocol: Protocol;
  outDir: string;
  dataDir?: string;
  seeds?: number;
  /** Sub-runs computed at once (worker processes); 1 = in this process, one at a time. Unused with `queue`. */
  jobs: number;
  /** `--queue URL`: sub-runs go to `figures worker` processes through this Redis server (tasks/queue.ts). */
  queue?: string;
  /** `--estimate`: print the estimated compute of the run (estimate.ts) and exit, computing nothing else. */
  estimate: boolean;
  /** `--skip-estimate`: no estimate before a `--preset paper` run. */
  skipEstimate: boolean;
  list: boolean;
}

/** `figures worker --queue URL [--jobs N]`. */
export interface WorkerCliOptions {
  queue: string;
  jobs: number;
}

/** At most this many worker processes (`--jobs`): far above any machine this runs on, low enough to refuse typos. */
export const MAX_JOBS = 256;

function jobCount(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--jobs must be a positive integer, got '${v}'`);
  if (n > MAX_JOBS) throw new InvalidArgumentError(`--jobs must be at most ${MAX_JOBS}, got '${v}'`);
  return n;
}

function seedCount(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--seeds must be a positive integer, got '${v}'`);
  if (n > MAX_SEEDS) throw new InvalidArgumentError(`--seeds must be at most ${MAX_SEEDS}, got '${v}'`);
  return n;
}

/** `--queue`: a redis:// or rediss:// URL (checked here; whether the server answers is checked before computing). */
function queueUrl(v: string): string {
  try {
    parseQueueUrl(v, "--queue");
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
  return v;
}

const QUEUE_HELP = "redis://[user:password@]HOST:PORT (rediss:// for TLS): a Redis server shared with `figures worker` processes";

function nonEmpty(flag: string): (v: string) => string {
  return (v) => {
    if (v.trim() === "") throw new InvalidArgumentError(`${flag} must not be empty`);
    return v;
  };
}

export function buildCommand(): Command {
  return new Command("figures")
    .description("Regenerate the figures of 'Asymmetric Heavy Tails and Implicit Bias in Gaussian Noise Injections' (ICML 2021), each with its claim measured, plus report.html. On a cluster: `figures worker --queue URL [--jobs N]` on any number of machines computes the sub-runs of `figures [ids…] --queue URL` (see the README).")
    .argument("[ids...]", `figure ids (default: all): ${FIGURES.map((f) => f.id).join(", ")}`)
    .addOption(new Option("--preset <preset>", "quick: a few minutes on 2 cores; paper: the paper's settings; tiny: test size").choices(PRESETS as string[]).default("quick"))
    .addOption(new Option("--protocol <protocol>", "authors: the network figures as the authors' published notebooks ran them; paper: as the paper's text states them (figures 3, 6, T4.1, T4.2 do not depend on it)").choices(PROTOCOLS as string[]).default(DEFAULT_PROTOCOL))
    .option("--out <dir>", "output directory (created if missing; must be writable)", nonEmpty("--out"), "figures")
    .option("--data-dir <dir>", "existing directory holding SVHN / CIFAR-10 / MNIST files (figures 7, 8)", nonEmpty("--data-dir"))
    .option("--seeds <n>", `number of seeds 0…n−1, at most ${MAX_SEEDS} (default: per preset)`, seedCount)
    .option("--jobs <n>", `sub-runs computed at once in worker processes, at most ${MAX_JOBS}; 1 = one at a time in this process (default: the number of cores, ${availableParallelism()} here)`, jobCount)
    .option("--queue <url>", `sub-runs are queued on ${QUEUE_HELP}, and this process waits for them, writes the cache and the figures (instead of --jobs)`, queueUrl)
    .option("--estimate", "print the estimated compute per figure (its sub-runs × the measured cost of a step: seconds of probes per figure) and exit; done anyway before a --preset paper run", false)
    .option("--skip-estimate", "start a --preset paper run without the estimate", false)
    .option("--list", "print the figure ids, one line each, and exit", false)
    .helpOption("-h, --help")
    .showHelpAfterError();
}

export function buildWorkerCommand(): Command {
  return new Command("figures worker")
    .description("Run the sub-runs queued by `figures [ids…] --queue URL`, in worker processes, until stopped (SIGINT / SIGTERM: finish the running ones; twice: hand them back).")
    .requiredOption("--queue <url>", QUEUE_HELP, queueUrl)
    .option("--jobs <n>", `sub-runs run at once in worker processes, at most ${MAX_JOBS} (default: the number of cores, ${availableParallelism()} here)`, jobCount)
    .helpOption("-h, --help")
    .showHelpAfterError();
}

/** Whether argv (without node and script, a leading `--` allowed) is the `worker` subcommand. */
export function isWorkerCommand(argv: string[]): boolean {
  return argv.find((a) => a !== "--") === "worker";
}

/** Parse `figures worker …` argv (the word `worker` included). Throws commander's errors, one line each. */
export function parseWorkerArgs(argv: string[]): WorkerCliOptions {
  const args = [...argv];
  while (args[0] === "--") args.shift();
  if (args[0] === "worker") args.shift();
  const cmd = buildWorkerCommand().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  cmd.parse(args, { from: "user" });
  if (cmd.args.length > 0) throw new InvalidArgumentError(`figures worker takes no figure ids (got '${cmd.args.join(" ")}'): the coordinator, \`figures [ids…] --queue URL\`, chooses the figures`);
  const o = cmd.opts<{ queue: string; jobs?: number }>();
  return { queue: o.queue, jobs: o.jobs ?? availableParallelism() };
}

/**
 * Parse argv (without node and script). A leading `--` (as `pnpm start -- …` passes it) is
 * dropped. Relative paths resolve against `cwd` (pnpm's INIT_CWD: where the user typed the command).
 * Throws on unknown ids or bad options (commander's errors, exitOverride). Checks no files: see paths.ts for
 * the checks of --out and --data-dir that the CLI makes before computing.
 */
export function parseArgs(argv: string[], cwd = process.env.INIT_CWD ?? process.cwd()): CliOptions {
  const args = [...argv];
  while (args[0] === "--") args.shift();
  const cmd = buildCommand().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  cmd.parse(args, { from: "user" });
  const o = cmd.opts<{ preset: Preset; protocol: Protocol; out: string; dataDir?: string; seeds?: number; jobs?: number; queue?: string; estimate: boolean; skipEstimate: boolean; list: boolean }>();
  if (o.queue !== undefined && o.jobs !== undefined) throw new InvalidArgumentError("--jobs and --queue exclude each other: with --queue the sub-runs run in `figures worker --queue URL --jobs N` processes");
  const ids: string[] = [];
  for (const raw of cmd.processedArgs[0] as string[]) {
    const id = resolveFigureId(raw);
    if (id === undefined) throw new InvalidArgumentError(`unknown figure id '${raw}'; known: ${FIGURES.map((f) => f.id).join(", ")}`);
    if (!ids.includes(id)) ids.push(id);
  }
  return {
    ids,
    preset: o.preset,
    protocol: o.protocol,
    outDir: resolve(cwd, o.out),
    ...(o.dataDir !== undefined ? { dataDir: resolve(cwd, o.dataDir) } : {}),
    ...(o.seeds !== undefined ? { seeds: o.seeds } : {}),
    jobs: o.jobs ?? availableParallelism(),
    ...(o.queue !== undefined ? { queue: o.queue } : {}),
    estimate: o.estimate,
    skipEstimate: o.skipEstimate,
    list: o.list,
  };
}
