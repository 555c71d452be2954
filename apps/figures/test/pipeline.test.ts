/** Every implemented figure at the tiny preset: SVG, PNG, data.json with the claim check, report.html. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIGURES } from "../src/registry.js";
import { PNG_SIGNATURE } from "../src/render.js";
import { type RunSummary, runFigures } from "../src/run.js";

const out = mkdtempSync(join(tmpdir(), "figures-pipeline-"));
let summary: RunSummary;
const implemented = FIGURES.map((f) => f.id);

beforeAll(async () => {
  summary = await runFigures({ ids: [], preset: "tiny", outDir: out, log: () => {} });
}, 120_000);

describe("tiny preset pipeline", () => {
  it("runs every figure without failures", () => {
    expect(summary.failures).toEqual([]);
    expect(summary.records.map((r) => r.id)).toEqual(FIGURES.map((f) => f.id));
  });

  it.each(implemented)("figure %s: valid SVG and PNG", (id) => {
    const svg = readFileSync(join(out, id, "figure.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    const png = readFileSync(join(out, id, "figure.png"));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it.each(implemented)("figure %s: data.json with configuration, seeds, backend, wall time and claim check", (id) => {
    const d = JSON.parse(readFileSync(join(out, id, "data.json"), "utf8"));
    expect(d.id).toBe(id);
    expect(d.preset).toBe("tiny");
    expect(d.configuration).toBeTypeOf("object");
    expect(d.seeds.length).toBeGreaterThan(0);
    expect(d.configuration.seeds).toEqual(d.seeds);
    expect(d.backend.runtime).toMatch(/^node v/);
    expect(d.backend.versions["@heavytails/stable"]).toMatch(/\d+\.\d+\.\d+/);
    expect(d.wallSeconds).toBeGreaterThan(0);
    expect(d.caption.length).toBeGreaterThan(20);
    expect(d.whatWeRan.length).toBeGreaterThan(20);
    expect(d.data).toBeTypeOf("object");
    const c = d.claimCheck;
    expect(c.claim.length).toBeGreaterThan(20);
    expect(["pass", "fail"]).toContain(c.outcome);
    expect(Object.keys(c.measured).length).toBeGreaterThan(0);
    expect(c.details.length).toBeGreaterThan(20);
  });

  it("report.html shows every figure with caption and claim check", () => {
    const html = readFileSync(summary.reportPath, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    for (const f of FIGURES) {
      expect(html).toContain(`id="fig-${f.id.replace(/[^A-Za-z0-9]/g, "-")}"`);
      expect(html).toContain(f.caption.slice(0, 30).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    }
    for (const id of implemented) expect(html).toContain(`<img src="${id}/figure.svg"`);
  });

  it("a rerun takes every implemented figure from the cache", async () => {
    const again = await runFigures({ ids: implemented, preset: "tiny", outDir: out, log: () => {} });
    expect(again.records.every((r) => r.fromCache)).toBe(true);
  }, 60_000);
});
