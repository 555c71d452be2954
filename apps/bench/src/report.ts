/** The report on disk: `bench-<timestamp>.json|md` plus `latest.json|md`. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cell, formatRatio, formatValue } from "./format.js";
import type { BenchReport, CaseResult } from "./runner.js";

function oursCell(r: CaseResult): string {
  switch (r.ours.status) {
    case "ok":
      return formatValue(r.ours.value, r.unit);
    case "skipped":
      return `skipped: ${r.ours.reason}`;
    case "error":
      return `**FAILED**: ${r.ours.error}`;
  }
}

function peerCell(r: CaseResult): string {
  if (r.peer === null) return "—";
  if (r.peer.status === "ok") return `${r.peer.name}: ${formatValue(r.peer.value, r.unit)}`;
  return `${r.peer.name}: skipped (${r.peer.reason})`;
}

function metCell(r: CaseResult): string {
  if (r.target === null) return "—";
  return r.met;
}

export function renderMarkdown(report: BenchReport): string {
  const env = report.environment;
  const py = env.python;
  const pyLine = py.python
    ? `python ${py.python}, numpy ${py.numpy ?? "missing"}, scipy ${py.scipy ?? "missing"}`
    : `python3 unavailable (${py.note ?? "unknown reason"})`;
  const git = env.git.commit ? `${env.git.commit}${env.git.dirty ? " (with uncommitted changes)" : ""}` : "unknown";
  const lines: string[] = [
    "# heavytails benchmarks",
    "",
    `- date: ${env.date}`,
    `- git commit: ${git}`,
    `- machine: ${env.machine.cpu}, ${env.machine.cores} cores, ${env.machine.memoryGiB} GiB memory, ${env.machine.os} ${env.machine.arch}`,
    `- node: ${env.node}`,
    `- peers: ${pyLine}${report.options.peers ? "" : " — peers not run (--no-peers)"}`,
    `- mode: ${report.options.quick ? "quick" : "full"}${report.options.only ? `, only "${report.options.only}"` : ""}; wall time ${report.wallSeconds.toFixed(1)} s`,
    "",
    "ratio = ours / peer for rates, peer / ours for durations: above 1 means ours is faster.",
    "",
  ];

  const packages = [...new Set(report.results.map((r) => r.package))];
  for (const pkg of packages) {
    const rows = report.results.filter((r) => r.package === pkg);
    lines.push(`## ${pkg}`, "", "| case | ours | peer | ratio | target | met? |", "| --- | ---: | --- | ---: | --- | :---: |");
    for (const r of rows) {
      lines.push(
        `| ${[
          `\`${r.id}\``,
          oursCell(r),
          peerCell(r),
          formatRatio(r.ratio),
          r.target?.text ?? "—",
          metCell(r),
        ]
          .map(cell)
          .join(" | ")} |`,
      );
    }
    lines.push("");
    for (const r of rows) lines.push(`- \`${r.id}\`: ${r.description.replace(/\r?\n/g, " ")}`);
    lines.push("");
  }
  if (report.results.length === 0) lines.push("No case was selected.", "");
  if (report.failed) {
    lines.push("## Failures", "");
    for (const r of report.results) {
      if (r.ours.status === "error") lines.push(`- \`${r.package} ${r.id}\`: ${cell(r.ours.error)}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** "2026-05-09T07-35-25-123Z": an ISO time that is a valid file name everywhere. */
export function fileStamp(iso: string): string {
  return iso.replace(/[:.]/g, "-");
}

export function writeReport(report: BenchReport, outDir: string): { json: string; md: string; latestJson: string; latestMd: string } {
  mkdirSync(outDir, { recursive: true });
  const stamp = fileStamp(report.environment.date);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const md = renderMarkdown(report);
  const paths = {
    json: path.join(outDir, `bench-${stamp}.json`),
    md: path.join(outDir, `bench-${stamp}.md`),
    latestJson: path.join(outDir, "latest.json"),
    latestMd: path.join(outDir, "latest.md"),
  };
  writeFileSync(paths.json, json);
  writeFileSync(paths.md, md);
  writeFileSync(paths.latestJson, json);
  writeFileSync(paths.latestMd, md);
  return paths;
}
