/**
 * The command line, as a function (src/cli.ts only calls it), so tests can run
 * it end to end with their own suites and output folder.
 */
import { Command, Option } from "commander";
import path from "node:path";
import { collectEnvironment, findRepoRoot, type Environment } from "./environment.js";
import { formatElapsed } from "./format.js";
import { writeReport } from "./report.js";
import { runSuites, selectCases, type BenchReport } from "./runner.js";
import { checkSuite, type BenchSuite } from "./suite.js";

export interface CliDeps {
  /** The suites to run (default: the static list in suites.ts, loaded lazily). */
  suites?: BenchSuite[];
  log?: (line: string) => void;
  /** Override the environment probe (tests). */
  environment?: (repoRoot: string) => Environment;
  /** Directory relative `--out` paths resolve against (default: where pnpm was invoked). */
  cwd?: string;
  /** Repository root: peer commands run here; the default output folder lives here. */
  repoRoot?: string;
}

export interface CliResult {
  exitCode: number;
  report?: BenchReport;
  files?: ReturnType<typeof writeReport>;
}

/** argv without the node and script entries, e.g. ["--quick", "--only", "pdf"]. */
export async function runCli(argv: string[], deps: CliDeps = {}): Promise<CliResult> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const program = new Command()
    .name("pnpm bench")
    .description("Run the heavytails benchmarks (ours and the python peers) and write JSON + markdown reports.")
    .option("--quick", "smaller inputs and fewer repetitions (about a minute)", false)
    .option("--only <substring>", "run only cases whose 'package id' contains this (case-insensitive)")
    .option("--out <dir>", "output folder (default: bench-results/ at the repository root)")
    .addOption(new Option("--no-peers", "do not run the peer commands (python/scipy)"))
    .exitOverride()
    .configureOutput({ writeOut: (s) => log(s.trimEnd()), writeErr: (s) => log(s.trimEnd()) });
  // pnpm may forward a literal "--" before the script's arguments.
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  try {
    program.parse(args, { from: "user" });
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    return { exitCode: typeof code === "number" ? code : 2 };
  }
  const o = program.opts<{ quick: boolean; only?: string; out?: string; peers: boolean }>();

  const repoRoot = deps.repoRoot ?? findRepoRoot();
  // `pnpm bench` runs this script in apps/bench; INIT_CWD is where the user typed it.
  const cwd = deps.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const outDir = o.out ? path.resolve(cwd, o.out) : path.join(repoRoot, "bench-results");
  const suites = (deps.suites ?? (await import("./suites.js")).suites).map(checkSuite);

  const selected = selectCases(suites, o.only);
  if (selected.length === 0) {
    log(`no case matches --only ${JSON.stringify(o.only)}; cases are:`);
    for (const { suite, c } of selectCases(suites, null)) log(`  ${suite.package} ${c.id}`);
    return { exitCode: 2 };
  }

  const environment = (deps.environment ?? collectEnvironment)(repoRoot);
  const py = environment.python;
  log(
    `heavytails bench: ${selected.length} case(s), ${o.quick ? "quick" : "full"} mode, peers ${
      o.peers ? (py.python ? `on (python ${py.python}, numpy ${py.numpy ?? "missing"}, scipy ${py.scipy ?? "missing"})` : `on, but ${py.note}`) : "off"
    }`,
  );
  log(`results → ${outDir}`);

  const report = await runSuites(suites, environment, {
    quick: o.quick,
    only: o.only ?? null,
    peers: o.peers,
    repoRoot,
    log,
  });
  const files = writeReport(report, outDir);
  log("");
  log(`done in ${formatElapsed(report.wallSeconds)}: ${files.md}`);
  log(`                  ${files.json}`);
  const failures = report.results.filter((r) => r.ours.status === "error");
  for (const f of failures) log(`FAILED ${f.package} ${f.id}: ${f.ours.status === "error" ? f.ours.error : ""}`);
  return { exitCode: report.failed ? 1 : 0, report, files };
}
