import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiskCache } from "../src/cache.js";
import type { FigureDefinition, ImplementedFigure } from "../src/figure.js";
import { configHash } from "../src/hash.js";
import { cacheDir, runFigures } from "../src/run.js";
import { functionExecutor } from "./function-executor.js";

const tmp = () => mkdtempSync(join(tmpdir(), "figures-cache-"));

describe("DiskCache", () => {
  it("hit on the same configuration (key order irrelevant), miss on a changed one", async () => {
    const c = new DiskCache(tmp());
    let calls = 0;
    const compute = () => ({ value: ++calls });
    const a = await c.memo("runs/x", { a: 1, b: [1, 2] }, compute);
    const b = await c.memo("runs/x", { b: [1, 2], a: 1 }, compute);
    const d = await c.memo("runs/x", { a: 2, b: [1, 2] }, compute);
    expect([a.cached, b.cached, d.cached]).toEqual([false, true, false]);
    expect(b.value).toEqual({ value: 1 });
    expect(d.value).toEqual({ value: 2 });
    expect(c.stats).toEqual({ hits: 1, misses: 2 });
    expect(configHash({ a: 1, b: 2 })).toBe(configHash({ b: 2, a: 1 }));
  });

  it("writes atomically (no temporary files left) and recomputes a corrupt entry", async () => {
    const dir = tmp();
    const c = new DiskCache(dir);
    await c.memo("fig-x", { k: 1 }, () => 42);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    writeFileSync(c.path("fig-x", { k: 1 }), "{ truncated");
    const again = await c.memo("fig-x", { k: 1 }, () => 43);
    expect(again).toEqual({ value: 43, cached: false });
  });
});

/** A stand-in figure with four checkpointed sub-runs (computed by fakeTasks); `failAt` simulates an interruption. */
function fakeTasks(log: string[], failAt: number | null) {
  return functionExecutor((_kind, config) => {
    const { seed, param } = config as { seed: number; param: number };
    if (failAt !== null && seed === failAt) throw new Error("interrupted");
    log.push(`computed ${seed}`);
    return { h: param, K: 0, seed, nu: seed * param, nu2: 0, safeguardFraction: 0, wallSeconds: 0 }; // t42-weak-error's shape
  });
}

function fakeFigure(param = 1): ImplementedFigure<{ seeds: number[]; param: number }, { values: number[] }> {
  return {
    id: "3", title: "fake", origin: "paper", caption: "fake caption", claim: "fake claim", implemented: true, protocols: [], version: 1,
    paperScale: "none",
    config: () => ({ seeds: [0, 1, 2, 3], param }),
    describe: () => "fake run",
    async run(cfg, ctx) {
      const values: number[] = [];
      for (const seed of cfg.seeds) {
        // a registered kind's name and value shape, computed by fakeTasks: the cache files are "t42-weak-error-…"
        values.push((await ctx.subRun("t42-weak-error", { seed, param: cfg.param } as never, `seed ${seed}`)).nu);
      }
      return { data: { values }, claim: { claim: "fake claim", measured: { values }, outcome: "pass", details: "fake" } };
    },
    spec: (out) => ({ data: { values: out.data.values.map((v, i) => ({ i, v })) }, mark: "point", encoding: { x: { field: "i", type: "quantitative" }, y: { field: "v", type: "quantitative" } } }),
  };
}

describe("resume after an interruption", () => {
  it("keeps finished sub-runs, recomputes only the rest, then serves the whole figure from the cache", async () => {
    const out = tmp();
    const log: string[] = [];
    const lines: string[] = [];
    const base = { ids: ["3"], preset: "tiny" as const, outDir: out, log: (l: string) => lines.push(l) };
    const withFake = (f: ImplementedFigure<{ seeds: number[]; param: number }, { values: number[] }>) => (fig: FigureDefinition) => (fig.id === "3" ? f : fig);

    // 1st run: interrupted at seed 2 (sub-runs 0 and 1 finished and checkpointed)
    const first = await runFigures({ ...base, override: withFake(fakeFigure()), executor: fakeTasks(log, 2) });
    expect(first.failures).toHaveLength(1);
    expect(log).toEqual(["computed 0", "computed 1"]);
    const runs = readdirSync(join(cacheDir(out), "runs"));
    expect(runs.filter((f) => f.startsWith("t42-weak-error-") && f.endsWith(".json"))).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, "3", "data.json"), "utf8")).claimCheck.outcome).toBe("not run");

    // 2nd run: resumes, computing only seeds 2 and 3
    const second = await runFigures({ ...base, override: withFake(fakeFigure()), executor: fakeTasks(log, null) });
    expect(second.failures).toEqual([]);
    expect(log).toEqual(["computed 0", "computed 1", "computed 2", "computed 3"]);
    expect(second.records[0].fromCache).toBe(false);
    expect(lines.filter((l) => l.includes("(checkpoint)"))).toHaveLength(2);

    // 3rd run: the finished figure comes from the cache
    const third = await runFigures({ ...base, override: withFake(fakeFigure()), executor: fakeTasks(log, null) });
    expect(third.records[0].fromCache).toBe(true);
    expect(log).toHaveLength(4);
    expect(third.records[0].data).toEqual({ values: [0, 1, 2, 3] });

    // a changed configuration recomputes everything it changes
    const fourth = await runFigures({ ...base, override: withFake(fakeFigure(2)), executor: fakeTasks(log, null) });
    expect(fourth.records[0].fromCache).toBe(false);
    expect(log).toHaveLength(8);
    expect(fourth.records[0].data).toEqual({ values: [0, 2, 4, 6] });
    expect(existsSync(join(out, "3", "figure.svg"))).toBe(true);
  });
});
