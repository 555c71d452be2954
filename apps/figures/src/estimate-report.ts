/**
 * `figures --estimate`, and the estimate printed before a `--preset paper` run starts: per figure, its sub-runs
 * (those not already in the output folder's cache) × the measured cost of a step (estimate.ts), then the total.
 */
import { existsSync } from "node:fs";
import type { CliOptions } from "./args.js";
import { DiskCache } from "./cache.js";
import { cpuTime, estimateFigure, estimateLines } from "./estimate.js";
import { DEFAULT_PROTOCOL, resolveProtocol } from "./protocol.js";
import { FIGURES, figureById } from "./registry.js";
import { cacheDir } from "./run.js";

export async function printEstimate(opts: CliOptions, out: NodeJS.WritableStream): Promise<number> {
  const ids = opts.ids.length > 0 ? opts.ids : FIGURES.map((f) => f.id);
  const cache = new DiskCache(cacheDir(opts.outDir));
  const cached = (r: { kind: string; config: unknown }) => existsSync(cache.path(`runs/${r.kind}`, r.config));
  const jobs = opts.queue !== undefined ? 1 : opts.jobs;
  const write = (line: string) => out.write(`${line}\n`);
  write(`estimated compute at --preset ${opts.preset}, --protocol ${opts.protocol} (probes of each kind of sub-run, timed here: an extrapolation — apps/figures/README.md says how close it came on real runs):`);
  let total = 0;
  for (const id of ids) {
    const fig = figureById(id);
    const protocol = resolveProtocol(fig, opts.protocol ?? DEFAULT_PROTOCOL);
    if (!protocol.run) {
      write(`figure ${id}: not run — ${protocol.reason}`);
      continue;
    }
    const e = await estimateFigure(fig, { preset: opts.preset, protocol: opts.protocol, ...(opts.seeds !== undefined ? { seeds: opts.seeds } : {}), ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}) }, undefined, cached);
    for (const line of estimateLines(e, jobs)) write(line);
    total += e.cpuSeconds;
  }
  write(`total: ≈ ${cpuTime(total)}${opts.queue !== undefined ? " (divide by the workers' slots for the wall time)" : `, ≈ ${cpuTime(total / jobs).replace("CPU-", "")} of wall time with --jobs ${jobs}`}`);
  return total;
}
