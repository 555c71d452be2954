/**
 * `--jobs N`: every figure at the tiny preset computed by a pool of 2 worker processes gives the same numbers as one
 * at a time in this process (data.json without its timings), and a sub-run that throws in a worker fails its figure
 * only (issue 10 items 2 and 5).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectSubRuns } from "../src/estimate.js";
import { FIGURES } from "../src/registry.js";
import { type RunSummary, runFigures } from "../src/run.js";
import { figureNumbers, figureWithForeignBackendSubRun } from "./figure-numbers.js";

const numbers = figureNumbers;

const one = mkdtempSync(join(tmpdir(), "figures-jobs1-"));
const two = mkdtempSync(join(tmpdir(), "figures-jobs2-"));
let s1: RunSummary;
let s2: RunSummary;

beforeAll(async () => {
  s1 = await runFigures({ ids: [], preset: "tiny", outDir: one, log: () => {}, jobs: 1 });
  s2 = await runFigures({ ids: [], preset: "tiny", outDir: two, log: () => {}, jobs: 2 });
}, 240_000);

describe("--jobs 2 equals --jobs 1, number for number", () => {
  it("both runs succeed, records in the same order", () => {
    expect(s1.failures).toEqual([]);
    expect(s2.failures).toEqual([]);
    expect(s2.records.map((r) => r.id)).toEqual(s1.records.map((r) => r.id));
  });

  it.each(FIGURES.map((f) => f.id))("figure %s: identical data.json apart from timings", (id) => {
    const a = numbers(one, id);
    expect(a).toMatchObject({ id, preset: "tiny" });
    expect(numbers(two, id)).toEqual(a);
  });

  it.each(FIGURES.map((f) => f.id))("figure %s requests all its sub-runs before awaiting any (what the estimate and the pool rely on)", async (id) => {
    const rec = s1.records.find((r) => r.id === id)!;
    const requested = await collectSubRuns(FIGURES.find((f) => f.id === id)!, { preset: "tiny", protocol: "authors" }); // runFigures' default protocol
    expect(requested.length).toBe(rec.subRuns!.computed + rec.subRuns!.fromCheckpoint);
  });

  it("the sub-runs were computed, not taken from a cache", () => {
    expect(s2.records.every((r) => r.fromCache === false)).toBe(true);
    expect(s2.records.reduce((n, r) => n + (r.subRuns?.computed ?? 0), 0)).toBeGreaterThan(50);
  });
});

describe("a sub-run that throws in a worker", () => {
  it("fails its figure only, with the worker's message; the other figures run", async () => {
    const out = mkdtempSync(join(tmpdir(), "figures-jobs-fail-"));
    const broken = figureWithForeignBackendSubRun();
    const r = await runFigures({ ids: ["3", "T4.2"], preset: "tiny", outDir: out, log: () => {}, jobs: 2, override: (f) => (f.id === "3" ? broken : f) });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(/^3: .*no-such-backend/);
    expect(r.records.find((x) => x.id === "T4.2")!.claimCheck.outcome).not.toBe("not run");
    expect(r.records.find((x) => x.id === "3")!.claimCheck.outcome).toBe("not run");
  }, 120_000);
});
