/**
 * Issue 12, class 5: the cache must not be trusted blindly. An entry edited into valid but wrong JSON
 * (`"value": {}`, `"value": null`, a changed number, a figure entry whose claim was flipped) is detected —
 * by the checksum written with it or by the structural schema of its kind — and recomputed with a warning.
 */
import { readdirSync, readFileSync, mkdtempSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiskCache } from "../src/cache.js";
import type { FigureDefinition, ImplementedFigure } from "../src/figure.js";
import { cacheDir, runFigures } from "../src/run.js";
import { functionExecutor } from "./function-executor.js";

const tmp = () => mkdtempSync(join(tmpdir(), "figures-integrity-"));
const SRC = join(import.meta.dirname, "..", "src");
/** Loaded lazily so that the behavioural tests below run (and fail) on code without schemas. */
const schemas = () => import("../src/cache-schema.js");

/** Rewrite the JSON entry at `path` with `edit` (valid JSON in, valid JSON out: what a hand edit does). */
function editEntry(path: string, edit: (entry: Record<string, unknown>) => void): void {
  const entry = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  edit(entry);
  writeFileSync(path, JSON.stringify(entry));
}

describe("DiskCache entries carry a checksum of their value", () => {
  it("an entry whose value was edited (`{}`, `null`, a changed number) is recomputed with a warning", async () => {
    const warnings: string[] = [];
    const c = new DiskCache(tmp(), { warn: (m) => warnings.push(m) });
    const cfg = { seed: 1 };
    let calls = 0;
    const compute = () => ({ l1: 0.25 + calls++, counts: [1, 2, 3] });
    expect((await c.memo("runs/x", cfg, compute)).cached).toBe(false);
    expect(await c.memo("runs/x", cfg, compute)).toEqual({ value: { l1: 0.25, counts: [1, 2, 3] }, cached: true });
    for (const bad of [{}, null, { l1: 0.5, counts: [1, 2, 3] }, [], "x", 0]) {
      editEntry(c.path("runs/x", cfg), (e) => { e.value = bad; });
      const before = warnings.length;
      const r = await c.memo("runs/x", cfg, compute);
      expect(r.cached, `value ${JSON.stringify(bad)} must not be served`).toBe(false);
      expect(r.value).not.toEqual(bad);
      expect(warnings.length).toBe(before + 1);
      expect(warnings.at(-1)).toMatch(/checksum/);
      expect(warnings.at(-1)).toContain(c.path("runs/x", cfg));
    }
    // the recomputed entry is served again
    expect((await c.memo("runs/x", cfg, compute)).cached).toBe(true);
  });

  it("an entry without a checksum (hand-made, or written before checksums) is recomputed, not served", async () => {
    const warnings: string[] = [];
    const c = new DiskCache(tmp(), { warn: (m) => warnings.push(m) });
    await c.memo("runs/x", { k: 1 }, () => 1);
    editEntry(c.path("runs/x", { k: 1 }), (e) => { delete e.checksum; });
    expect(await c.memo("runs/x", { k: 1 }, () => 2)).toEqual({ value: 2, cached: false });
    expect(warnings.join("\n")).toMatch(/no checksum/);
  });

  it("a value that fails its kind's schema is refused even when its checksum matches (a re-signed edit)", async () => {
    const { valueChecksum } = await import("../src/cache.js");
    const warnings: string[] = [];
    const c = new DiskCache(tmp(), { warn: (m) => warnings.push(m) });
    const validate = (v: unknown) => (typeof v === "number" ? null : "expected a number");
    expect(await c.memo("runs/y", { k: 1 }, () => 3, validate)).toEqual({ value: 3, cached: false });
    editEntry(c.path("runs/y", { k: 1 }), (e) => { e.value = "x"; e.checksum = valueChecksum("x"); });
    expect(await c.memo("runs/y", { k: 1 }, () => 4, validate)).toEqual({ value: 4, cached: false });
    expect(warnings.join("\n")).toMatch(/expected a number/);
    // a value that fails its schema when computed is returned but not stored (it would be refused on every read)
    warnings.length = 0;
    expect(await c.memo("runs/z", { k: 1 }, () => ({ not: "a number" }) as unknown as number, validate)).toEqual({ value: { not: "a number" }, cached: false });
    expect(warnings.join("\n")).toMatch(/expected a number/);
    expect(await c.memo("runs/z", { k: 1 }, () => 5, validate)).toEqual({ value: 5, cached: false });
    expect(await c.memo("runs/z", { k: 1 }, () => 6, validate)).toEqual({ value: 5, cached: true });
  });
});

describe("sub-run schemas", () => {
  it("every sub-run kind used by a figure has a schema", async () => {
    const { SUBRUN_SCHEMAS } = await schemas();
    const kinds = new Set<string>();
    const files = [...readdirSync(SRC).map((f) => join(SRC, f)), ...readdirSync(join(SRC, "figures")).map((f) => join(SRC, "figures", f))].filter((f) => f.endsWith(".ts"));
    for (const f of files) for (const m of readFileSync(f, "utf8").matchAll(/\bsubRun(?:<[^>]*>)?\(\s*"([\w.-]+)"/g)) kinds.add(m[1]!);
    expect(kinds.size).toBeGreaterThan(5);
    expect([...kinds].filter((k) => !(k in SUBRUN_SCHEMAS))).toEqual([]);
  });

  it("refuses the structurally wrong values of the issue, naming where", async () => {
    const { FIGURE_SCHEMA, SUBRUN_SCHEMAS } = await schemas();
    const langevin = SUBRUN_SCHEMAS["langevin"]!;
    expect(langevin({})).toMatch(/scheme|alpha/);
    expect(langevin(null)).toMatch(/object/);
    expect(FIGURE_SCHEMA({})).toMatch(/output/);
    expect(FIGURE_SCHEMA({ output: { data: {}, claim: { claim: "c", measured: {}, outcome: "maybe", details: "d" } }, wallSeconds: 1, computedAt: "x", subRuns: { computed: 1, fromCheckpoint: 0 } })).toMatch(/outcome/);
  });
});

/** Fig. 6's data as JSON (rendering tags it with symbols), without the wall times of its runs (a recomputed run takes another time). */
function withoutTimes(data: unknown): unknown {
  const d = JSON.parse(JSON.stringify(data)) as { runs: Array<{ wallSeconds?: number }> };
  return { ...d, runs: d.runs.map((r) => ({ ...r, wallSeconds: 0 })) };
}

describe("figure runs do not serve edited entries (Fig. 6 at tiny)", () => {
  const langevinEntries = (out: string) => readdirSync(join(cacheDir(out), "runs")).filter((f) => f.startsWith("langevin-") && f.endsWith(".json")).map((f) => join(cacheDir(out), "runs", f));
  const figEntry = (out: string) => join(cacheDir(out), readdirSync(cacheDir(out)).find((f) => f.startsWith("fig-6-") && f.endsWith(".json"))!);

  it("a sub-run edited to `{}` or `null` is recomputed: same result as the clean run, no phantom group, no crash", async () => {
    const out = tmp();
    const lines: string[] = [];
    const run = () => runFigures({ ids: ["6"], preset: "tiny", outDir: out, log: (l) => lines.push(l) });
    const clean = await run();
    expect(clean.failures).toEqual([]);
    expect(lines.filter((l) => /cache warning/.test(l))).toEqual([]); // fresh values pass their schemas
    const entries = langevinEntries(out);
    expect(entries.length).toBe(16);

    for (const bad of [{}, null]) {
      unlinkSync(figEntry(out)); // the figure is recomputed from its sub-runs
      editEntry(entries[3]!, (e) => { e.value = bad; });
      lines.length = 0;
      const again = await run();
      expect(again.failures).toEqual([]);
      expect(again.records[0]!.subRuns).toEqual({ computed: 1, fromCheckpoint: 15 });
      expect(withoutTimes(again.records[0]!.data)).toEqual(withoutTimes(clean.records[0]!.data));
      expect(again.records[0]!.claimCheck.outcome).toBe(clean.records[0]!.claimCheck.outcome);
      expect(lines.filter((l) => /cache warning/.test(l))).toHaveLength(1);
    }
  }, 120_000);

  it("a figure entry edited into valid JSON (claim flipped, or `{}`) is recomputed, not served", async () => {
    const out = tmp();
    const lines: string[] = [];
    const run = () => runFigures({ ids: ["6"], preset: "tiny", outDir: out, log: (l) => lines.push(l) });
    const clean = await run();
    const flipped = clean.records[0]!.claimCheck.outcome === "pass" ? "fail" : "pass";
    for (const edit of [(e: Record<string, unknown>) => { (e.value as { output: { claim: { outcome: string } } }).output.claim.outcome = flipped; }, (e: Record<string, unknown>) => { e.value = {}; }]) {
      editEntry(figEntry(out), edit);
      lines.length = 0;
      const again = await run();
      expect(again.failures).toEqual([]);
      expect(again.records[0]!.fromCache).toBe(false);
      expect(again.records[0]!.claimCheck.outcome).toBe(clean.records[0]!.claimCheck.outcome);
      expect(again.records[0]!.subRuns).toEqual({ computed: 0, fromCheckpoint: 16 });
      expect(lines.filter((l) => /cache warning/.test(l)), lines.join("\n")).toHaveLength(1);
    }
  }, 120_000);
});

/**
 * The same through a stand-in figure (no numerics of the real figures involved): four sub-runs of a real kind
 * (`t42-weak-error`), a claim that counts the distinct h values it was given — a `{}` served as a sub-run would
 * add a phantom group (h undefined) and flip the outcome.
 */
function standIn(computed: string[]): ImplementedFigure<{ seeds: number[] }, { hs: number[] }> {
  return {
    id: "3", title: "stand-in", origin: "paper", caption: "stand-in caption", claim: "stand-in claim", implemented: true, protocols: [], version: 1, paperScale: "none",
    config: () => ({ seeds: [0, 1] }),
    describe: () => "stand-in run",
    async run(cfg, ctx) {
      const runs: Array<{ h: number }> = [];
      for (const h of [0.1, 0.2]) for (const seed of cfg.seeds) {
        runs.push(await ctx.subRun("t42-weak-error", { standIn: true, h, seed } as never, `h=${h} seed ${seed}`));
      }
      const hs = [...new Set(runs.map((r) => r.h))];
      return { data: { hs }, claim: { claim: "stand-in claim", measured: { groups: hs.length }, outcome: hs.length === 2 ? "pass" : "fail", details: "two h groups" } };
    },
    spec: (out) => ({ data: { values: out.data.hs.map((h, i) => ({ i, h })) }, mark: "point", encoding: { x: { field: "i", type: "quantitative" }, y: { field: "h", type: "quantitative" } } }),
  };
}

describe("figure runs do not serve edited entries (stand-in figure)", () => {
  it("sub-run `{}` / `null` / changed number and a flipped figure entry are all recomputed", async () => {
    const out = tmp();
    const computed: string[] = [];
    const lines: string[] = [];
    const override = (fig: FigureDefinition) => (fig.id === "3" ? standIn(computed) : fig);
    const executor = functionExecutor((_kind, config) => {
      const { h, seed } = config as { h: number; seed: number };
      computed.push(`${h}/${seed}`);
      return { h, K: 0, seed, nu: h * seed, nu2: h, safeguardFraction: 0, wallSeconds: 0 };
    });
    const run = () => runFigures({ ids: ["3"], preset: "tiny", outDir: out, log: (l) => lines.push(l), override, executor });
    expect((await run()).records[0]!.claimCheck.outcome).toBe("pass");
    expect(computed).toHaveLength(4);
    const runsDir = join(cacheDir(out), "runs");
    const sub = join(runsDir, readdirSync(runsDir).find((f) => f.startsWith("t42-weak-error-"))!);
    const fig = () => join(cacheDir(out), readdirSync(cacheDir(out)).find((f) => f.startsWith("fig-3-") && f.endsWith(".json"))!);
    for (const edit of [{}, null, "changed"] as const) {
      unlinkSync(fig());
      editEntry(sub, (e) => { e.value = edit === "changed" ? { ...(e.value as object), h: 0.3 } : edit; });
      lines.length = 0;
      const r = await run();
      expect(r.failures).toEqual([]);
      expect(r.records[0]!.claimCheck.outcome).toBe("pass");
      expect(r.records[0]!.data).toEqual({ hs: [0.1, 0.2] });
      expect(r.records[0]!.subRuns).toEqual({ computed: 1, fromCheckpoint: 3 });
      expect(lines.filter((l) => /cache warning/.test(l)), lines.join("\n")).toHaveLength(1);
    }
    editEntry(fig(), (e) => { (e.value as { output: { claim: { outcome: string } } }).output.claim.outcome = "fail"; });
    const r = await run();
    expect(r.records[0]!.fromCache).toBe(false);
    expect(r.records[0]!.claimCheck.outcome).toBe("pass");
  });
});
