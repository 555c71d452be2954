/**
 * Runs the cases of each suite, one at a time (ours, then its peer, so they
 * never compete for cores), and collects the results into a report.
 */
import type { Environment } from "./environment.js";
import { computeRatio, formatElapsed, formatRatio, formatValue, targetMet, type Met } from "./format.js";
import { runPeer, type PeerOutcome } from "./peer.js";
import { isSkip, type BenchSuite, type BenchTarget } from "./suite.js";

export type OursOutcome =
  | { status: "ok"; value: number; details?: Record<string, unknown>; seconds: number }
  | { status: "skipped"; reason: string; details?: Record<string, unknown>; seconds: number }
  | { status: "error"; error: string; stack?: string; seconds: number };

export interface CaseResult {
  package: string;
  id: string;
  description: string;
  unit: string;
  higherIsBetter: boolean;
  ours: OursOutcome;
  /** null when the case has no peer; a skipped outcome with reason "--no-peers" when peers were off. */
  peer: (PeerOutcome & { name: string; command: string[] }) | null;
  /** ours/peer (higher is better) or peer/ours (lower is better); null when unknown. */
  ratio: number | null;
  target: BenchTarget | null;
  met: Met;
}

export interface BenchReport {
  environment: Environment;
  options: { quick: boolean; only: string | null; peers: boolean };
  wallSeconds: number;
  results: CaseResult[];
  /** True when one of our cases threw: the CLI then exits non-zero. */
  failed: boolean;
}

export interface RunOptions {
  quick: boolean;
  only?: string | null;
  peers: boolean;
  /** Working directory for peer commands: the repository root. */
  repoRoot: string;
  log?: (line: string) => void;
}

/** Case-insensitive substring match on "package id". */
export function selectCases(suites: BenchSuite[], only: string | null | undefined) {
  const needle = only?.toLowerCase() ?? "";
  return suites.flatMap((suite) =>
    suite.cases
      .filter((c) => needle === "" || `${suite.package} ${c.id}`.toLowerCase().includes(needle))
      .map((c) => ({ suite, c })),
  );
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

export async function runSuites(
  suites: BenchSuite[],
  environment: Environment,
  opts: RunOptions,
): Promise<BenchReport> {
  const log = opts.log ?? (() => {});
  const selected = selectCases(suites, opts.only);
  const tAll = process.hrtime.bigint();
  const results: CaseResult[] = [];

  for (const [i, { suite, c }] of selected.entries()) {
    log(`[${i + 1}/${selected.length}] ${suite.package} › ${c.id}  (${formatElapsed(seconds(tAll))} elapsed)`);

    let ours: OursOutcome;
    const t0 = process.hrtime.bigint();
    try {
      const r = await c.run({ quick: opts.quick });
      if (isSkip(r)) {
        ours = { status: "skipped", reason: r.skipped, ...(r.details ? { details: r.details } : {}), seconds: seconds(t0) };
      } else if (typeof r?.value !== "number" || !Number.isFinite(r.value)) {
        throw new Error(`run() returned a non-finite value: ${JSON.stringify(r?.value)}`);
      } else {
        ours = { status: "ok", value: r.value, ...(r.details ? { details: r.details } : {}), seconds: seconds(t0) };
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      ours = { status: "error", error: err.message, ...(err.stack ? { stack: err.stack } : {}), seconds: seconds(t0) };
    }
    log(
      `      ours  ${
        ours.status === "ok"
          ? formatValue(ours.value, c.unit)
          : ours.status === "skipped"
            ? `skipped: ${ours.reason}`
            : `FAILED: ${ours.error}`
      }  (${formatElapsed(ours.seconds)})`,
    );

    let peer: CaseResult["peer"] = null;
    if (c.peer) {
      const command = opts.quick && c.peer.quickCommand ? c.peer.quickCommand : c.peer.command;
      if (!opts.peers) {
        peer = { name: c.peer.name, command, status: "skipped", reason: "--no-peers", seconds: 0 };
      } else {
        log(`      peer  ${c.peer.name}: ${command.join(" ")}`);
        peer = { name: c.peer.name, command, ...(await runPeer(c.peer, { quick: opts.quick, cwd: opts.repoRoot })) };
        log(
          `      peer  ${peer.status === "ok" ? formatValue(peer.value, c.unit) : `skipped: ${peer.reason}`}  (${formatElapsed(peer.seconds)})`,
        );
      }
    }

    const oursValue = ours.status === "ok" ? ours.value : null;
    const ratio =
      oursValue !== null && peer?.status === "ok" ? computeRatio(oursValue, peer.value, c.higherIsBetter) : null;
    const met = targetMet(c.target, oursValue, ratio, c.higherIsBetter);
    if (ratio !== null || c.target) {
      log(`      ratio ${formatRatio(ratio)}${c.target ? `  target ${c.target.text}: ${met}` : ""}`);
    }

    results.push({
      package: suite.package,
      id: c.id,
      description: c.description,
      unit: c.unit,
      higherIsBetter: c.higherIsBetter,
      ours,
      peer,
      ratio,
      target: c.target ?? null,
      met,
    });
  }

  return {
    environment,
    options: { quick: opts.quick, only: opts.only ?? null, peers: opts.peers },
    wallSeconds: seconds(tAll),
    results,
    failed: results.some((r) => r.ours.status === "error"),
  };
}
