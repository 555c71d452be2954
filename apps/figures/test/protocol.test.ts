/** --protocol: which figures it applies to, what data.json records, what a figure without the protocol reports. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDITED, PAPER_FIGURE_MANIPULATIONS, paperFigureManipulations } from "../src/authors-manipulations.js";
import type { FigureDefinition, ImplementedFigure } from "../src/figure.js";
import type { Protocol } from "../src/protocol.js";
import { dependsOnProtocol, resolveProtocol } from "../src/protocol.js";
import type { FigureRecord } from "../src/record.js";
import { FIGURES, figureById } from "../src/registry.js";
import { renderReport } from "../src/report.js";
import { runFigures } from "../src/run.js";

const tmp = () => mkdtempSync(join(tmpdir(), "figures-protocol-"));

/** A stand-in for figure `id` that implements `protocols` and records the protocol its config received. */
function fake(id: string, protocols: readonly Protocol[], seen: Array<Protocol | undefined>): ImplementedFigure<{ seeds: number[]; protocol?: Protocol }, { v: number }> {
  const real = figureById(id);
  return {
    id, title: real.title, origin: real.origin, caption: "fake", claim: "fake claim", implemented: true, version: 1, paperScale: "none",
    protocols,
    config: (o) => ({ seeds: [0], ...(o.protocol !== undefined ? { protocol: o.protocol } : {}) }),
    describe: () => "fake run",
    async run(cfg) {
      seen.push(cfg.protocol);
      return { data: { v: 1 }, claim: { claim: "fake claim", measured: {}, outcome: "pass", details: "fake" } };
    },
    spec: () => ({ data: { values: [{ x: 0, y: 1 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }),
  };
}

const record = (out: string, id: string) => JSON.parse(readFileSync(join(out, id, "data.json"), "utf8")) as FigureRecord;

describe("protocols", () => {
  it("a figure with protocols [] is independent of the protocol; one that lists only 'paper' is refused under 'authors'", () => {
    const seen: Array<Protocol | undefined> = [];
    const independent = fake("3", [], seen) as FigureDefinition;
    const paperOnly = fake("4", ["paper"], seen) as FigureDefinition;
    const both = fake("5", ["authors", "paper"], seen) as FigureDefinition;
    expect(dependsOnProtocol(independent)).toBe(false);
    expect(resolveProtocol(independent, "authors")).toEqual({ run: true, recorded: "independent" });
    expect(resolveProtocol(paperOnly, "paper")).toEqual({ run: true, recorded: "paper" });
    const refused = resolveProtocol(paperOnly, "authors");
    expect(refused.run).toBe(false);
    if (!refused.run) expect(refused.reason).toMatch(/does not implement the 'authors' protocol.*--protocol paper/);
    expect(resolveProtocol(both, "authors")).toEqual({ run: true, recorded: "authors" });
  });

  it("data.json records the protocol; the config receives it only where the figure depends on one; the cache keeps protocols apart", async () => {
    const out = tmp();
    const seen: Array<Protocol | undefined> = [];
    const table: Record<string, readonly Protocol[]> = { "3": [], "4": ["paper"], "5": ["authors", "paper"] };
    const override = (f: FigureDefinition) => fake(f.id, table[f.id], seen) as FigureDefinition;
    const run = (protocol: Protocol) => runFigures({ ids: ["3", "4", "5"], preset: "tiny", protocol, outDir: out, log: () => {}, override });

    const a = await run("authors");
    expect(a.failures).toEqual([]);
    expect(seen).toEqual([undefined, "authors"]);
    expect(record(out, "3").protocol).toBe("independent");
    expect(record(out, "3").whatWeRan).toMatch(/does not depend on a protocol/);
    expect(record(out, "4").protocol).toBe("authors");
    expect(record(out, "4").claimCheck.outcome).toBe("not run");
    expect(record(out, "4").claimCheck.details).toMatch(/does not implement the 'authors' protocol/);
    expect(record(out, "5").protocol).toBe("authors");

    seen.length = 0;
    await run("paper");
    // Figure 3 comes from the cache (same entry for both protocols); 4 and 5 are computed under 'paper'.
    expect(seen).toEqual(["paper", "paper"]);
    expect(record(out, "3").fromCache).toBe(true);
    expect(record(out, "4").protocol).toBe("paper");
    expect(record(out, "5").fromCache).toBe(false);

    seen.length = 0;
    await run("authors");
    expect(seen).toEqual([]);
    expect(record(out, "5").fromCache).toBe(true);
    expect(record(out, "5").protocol).toBe("authors");
  });

  it("every registered figure declares its protocols: the network figures both, 3, 6, T4.1 and T4.2 none", () => {
    const independent = ["3", "6", "T4.1", "T4.2"];
    for (const f of FIGURES) {
      expect([...f.protocols].sort(), `figure ${f.id}`).toEqual(independent.includes(f.id) ? [] : ["authors", "paper"]);
    }
  });

  it("the protocol is part of the cache key even where a figure's config does not carry it", async () => {
    const out = tmp();
    const seen: Array<Protocol | undefined> = [];
    const forgetful = (f: FigureDefinition) => ({ ...fake(f.id, ["authors", "paper"], seen), config: () => ({ seeds: [0] }) }) as FigureDefinition;
    await runFigures({ ids: ["5"], preset: "tiny", protocol: "authors", outDir: out, log: () => {}, override: forgetful });
    await runFigures({ ids: ["5"], preset: "tiny", protocol: "paper", outDir: out, log: () => {}, override: forgetful });
    expect(record(out, "5").fromCache).toBe(false);
    expect(record(out, "5").protocol).toBe("paper");
  });

  it("the report lists what the paper's figure did, with notebook and cell, and says where no plotting code was published", async () => {
    const out = tmp();
    const html = renderReport(out);
    for (const [id, items] of Object.entries(PAPER_FIGURE_MANIPULATIONS)) {
      expect(FIGURES.some((f) => f.id === id)).toBe(true);
      expect(AUDITED.has(id)).toBe(true);
      for (const m of items) {
        expect(m.source).toMatch(/\.ipynb, cells? \d/);
        expect(html).toContain(m.source.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"));
      }
    }
    expect(paperFigureManipulations("4").map((m) => m.what).join(" ")).toMatch(/− 0\.05.*\+ 0\.1/);
    expect(paperFigureManipulations("5").map((m) => m.what).join(" ")).toMatch(/\+1\.2, \+1\.2, −0\.5, −0\.5, −0\.6.*19\.2, 19\.1, 19\.3, 19\.3, 19\.4/);
    expect(html).toMatch(/Figure 7[^]*unknown — the authors published no plotting code/);
    expect(paperFigureManipulations("T4.1")).toEqual([]);
  });
});
