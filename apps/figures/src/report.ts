/**
 * report.html: every registered figure with the paper's caption, what we ran (and how it differs
 * from the paper's scale) and the claim check. Built from the data.json files in the output
 * directory, so a run of a few figures still reports the others (as last run, or 'not run').
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "./cache.js";
import { AUDITED, paperFigureManipulations } from "./authors-manipulations.js";
import type { Outcome } from "./figure.js";
import type { FigureRecord } from "./record.js";
import { FIGURES } from "./registry.js";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function loadRecord(outDir: string, id: string): FigureRecord | undefined {
  const p = join(outDir, id, "data.json");
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, "utf8")) as FigureRecord;
  } catch {
    return undefined;
  }
}

const badge = (o: Outcome) => `<span class="badge ${o === "pass" ? "pass" : o === "fail" ? "fail" : "notrun"}">${escapeHtml(o)}</span>`;
const seconds = (s: number | null) => (s === null ? "—" : `${s.toFixed(1)} s`);

export function renderReport(outDir: string): string {
  const rows: string[] = [];
  const sections: string[] = [];
  for (const fig of FIGURES) {
    const rec = loadRecord(outDir, fig.id);
    const outcome: Outcome = rec?.claimCheck.outcome ?? "not run";
    const scope = rec?.claimCheck.scope ? ` <small>(${escapeHtml(rec.claimCheck.scope)})</small>` : "";
    const anchor = `fig-${fig.id.replace(/[^A-Za-z0-9]/g, "-")}`;
    rows.push(`<tr><td><a href="#${anchor}">${escapeHtml(fig.id)}</a></td><td>${escapeHtml(fig.title)}</td><td>${badge(outcome)}${scope}</td><td>${escapeHtml(rec?.preset ?? "—")}</td><td>${escapeHtml(rec?.protocol ?? "—")}</td><td>${seconds(rec?.wallSeconds ?? null)}${rec?.fromCache ? " (cached)" : ""}</td></tr>`);
    const parts: string[] = [`<section class="figure" id="${anchor}"><h2>Figure ${escapeHtml(fig.id)}${fig.origin === "beyond" ? " <small>(beyond the paper)</small>" : ""} — ${escapeHtml(fig.title)} ${badge(outcome)}${scope}</h2>`];
    parts.push(`<p class="caption"><b>${fig.origin === "paper" ? "Paper's caption" : "Caption"}:</b> ${escapeHtml(fig.caption)}</p>`);
    if (rec?.files.svg) {
      const base = `${encodeURI(fig.id)}/`;
      parts.push(`<figure><a href="${base}figure.png"><img src="${base}${rec.files.svg}" alt="Figure ${escapeHtml(fig.id)}: ${escapeHtml(fig.title)}"></a><figcaption><a href="${base}figure.svg">SVG</a> · <a href="${base}figure.png">PNG</a> · <a href="${base}data.json">data.json</a></figcaption></figure>`);
    }
    const claim = rec?.claimCheck ?? { claim: fig.claim, measured: {}, outcome: "not run" as const, details: "Not run yet: run `pnpm figures " + fig.id + "`." };
    parts.push(`<div class="claim"><p><b>Claim:</b> ${escapeHtml(claim.claim)}</p><p><b>Outcome:</b> ${badge(claim.outcome)}</p><p><b>How it was decided:</b> ${escapeHtml(claim.details)}</p>` +
      (Object.keys(claim.measured).length > 0 ? `<details><summary>Measured values</summary><pre>${escapeHtml(JSON.stringify(claim.measured, null, 2))}</pre></details>` : "") + `</div>`);
    if (fig.origin === "paper") parts.push(paperFigureDidHtml(fig.id));
    if (rec && rec.configuration !== null) {
      parts.push(`<p><b>What we ran</b> (preset <code>${escapeHtml(rec.preset)}</code>, protocol <code>${escapeHtml(rec.protocol ?? "—")}</code>, seeds ${escapeHtml(rec.seeds.join(", "))}, computed ${escapeHtml(rec.computedAt ?? "—")} in ${seconds(rec.wallSeconds)}${rec.subRuns && rec.subRuns.fromCheckpoint > 0 ? ` (${rec.subRuns.computed} sub-runs computed, ${rec.subRuns.fromCheckpoint} taken from checkpoints and not counted in this time)` : ""}${rec.fromCache ? ", taken from the cache in the last invocation" : ""}): ${escapeHtml(rec.whatWeRan)}</p>`);
      parts.push(`<p><b>The paper's scale:</b> ${escapeHtml(rec.paperScale)}</p>`);
      parts.push(`<details><summary>Full configuration (hash ${escapeHtml(rec.configHash ?? "")}) and backend</summary><pre>${escapeHtml(JSON.stringify({ configuration: rec.configuration, backend: rec.backend }, null, 2))}</pre></details>`);
    }
    parts.push(`</section>`);
    sections.push(parts.join("\n"));
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>heavytails — figures of "Asymmetric Heavy Tails and Implicit Bias in Gaussian Noise Injections"</title>
<style>
body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.8em; font-weight: bold; color: white; }
.pass { background: #2e7d32; } .fail { background: #c62828; } .notrun { background: #757575; }
section.figure { border-top: 2px solid #ddd; margin-top: 2em; padding-top: 0.5em; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
.caption { font-style: italic; } pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.8em; }
</style>
</head>
<body>
<h1>Figures of “Asymmetric Heavy Tails and Implicit Bias in Gaussian Noise Injections” (Camuto et al., ICML 2021)</h1>
<p>Regenerated by <code>pnpm figures</code> (apps/figures). Every figure states the paper's claim in one sentence and measures it: <b>pass</b>, <b>fail</b> or <b>not run</b>. No offsets, smoothing or chosen seeds: seeds are 0…n−1, shading is the spread over seeds. Each figure's <code>data.json</code> holds the numbers plotted, the configuration, seeds, backend and wall time.</p>
<table><thead><tr><th>id</th><th>figure</th><th>claim</th><th>preset</th><th>protocol</th><th>compute time</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
${sections.join("\n")}
</body>
</html>
`;
}

/** "What the paper's figure did that this one does not", from the authors' notebooks (authors-manipulations.ts). */
function paperFigureDidHtml(id: string): string {
  const items = paperFigureManipulations(id);
  const head = `<b>What the paper's figure did that this one does not</b>`;
  if (items.length > 0) {
    return `<div class="did">${head} (read from the authors' published notebooks; never reproduced here):<ul>${items.map((m) => `<li>${escapeHtml(m.what)} <small>(${escapeHtml(m.source)})</small></li>`).join("")}</ul></div>`;
  }
  return `<p class="did">${head}: ${AUDITED.has(id) ? "nothing found in the authors' published notebook." : "unknown — the authors published no plotting code for this figure."}</p>`;
}

export function writeReport(outDir: string, path: string): void {
  writeAtomic(path, renderReport(outDir));
}
