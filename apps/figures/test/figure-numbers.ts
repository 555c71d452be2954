/** Test helpers shared by the --jobs and --queue tests: a figure's numbers, and a figure whose sub-run no worker can run. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FigureDefinition } from "../src/figure.js";
import { FIGURES } from "../src/registry.js";

const TIMINGS = new Set(["wallSeconds", "seconds", "renderSeconds", "computedAt", "fromCache", "subRuns"]);

/** data.json without what may differ between two runs of the same numbers: timings, and the machine description. */
export function figureNumbers(dir: string, id: string): unknown {
  const strip = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(strip)
    : x !== null && typeof x === "object" ? Object.fromEntries(Object.entries(x).filter(([k]) => !TIMINGS.has(k)).map(([k, v]) => [k, strip(v)]))
    : x;
  const d = JSON.parse(readFileSync(join(dir, id, "data.json"), "utf8")) as Record<string, unknown>;
  delete d.backend;
  return strip(d);
}

/**
 * Figure 3, first requesting a sub-run keyed for a TensorFlow.js backend no worker has: tasks/run-task.ts refuses it
 * in the worker (the message names "no-such-backend"). `awaited`: the figure waits for it (and so fails).
 */
export function figureWithForeignBackendSubRun(awaited = true): FigureDefinition {
  const fig3 = FIGURES.find((f) => f.id === "3")!;
  return {
    ...fig3,
    async run(cfg, ctx) {
      const bad = ctx.subRun("forward-noise", { noise: { type: "additive", sigma: 0.3 }, hidden: [4], activation: "relu", points: 8, M: 2, hist: { lo: -1, hi: 1, bins: 4 }, seed: 0, backend: "no-such-backend" } as never, "bad");
      if (awaited) await bad;
      return fig3.run(cfg, ctx);
    },
  };
}
