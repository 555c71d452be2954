import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { MAX_JOBS, parseArgs } from "../src/args.js";
import { FIGURES, listLines, resolveFigureId } from "../src/registry.js";

describe("command-line arguments", () => {
  it("defaults: all figures, quick preset, figures/ under the invoking directory", () => {
    const o = parseArgs([], "/some/where");
    expect(o).toEqual({ ids: [], preset: "quick", protocol: "authors", outDir: "/some/where/figures", jobs: availableParallelism(), estimate: false, skipEstimate: false, list: false });
    expect(parseArgs(["--estimate", "--skip-estimate"], "/w")).toMatchObject({ estimate: true, skipEstimate: true });
  });

  it("--jobs: a positive integer up to MAX_JOBS, else refused naming the value", () => {
    expect(parseArgs(["--jobs", "1"], "/w").jobs).toBe(1);
    expect(parseArgs(["--jobs", "16"], "/w").jobs).toBe(16);
    for (const bad of ["0", "-2", "1.5", "", "x", String(MAX_JOBS + 1)]) expect(() => parseArgs(["--jobs", bad], "/w"), bad).toThrow(/--jobs/);
  });

  it("ids are normalised, deduplicated and kept in order; options parsed", () => {
    const o = parseArgs(["fig6", "3", "t4.1", "A.1", "6", "--preset", "paper", "--out", "out", "--data-dir", "/data", "--seeds", "4"], "/w");
    expect(o.ids).toEqual(["6", "3", "T4.1", "A.1"]);
    expect(o.preset).toBe("paper");
    expect(o.outDir).toBe("/w/out");
    expect(o.dataDir).toBe("/data");
    expect(o.seeds).toBe(4);
    expect(parseArgs(["--protocol", "paper"], "/w").protocol).toBe("paper");
  });

  it("a leading -- (as pnpm passes it) is ignored", () => {
    expect(parseArgs(["--", "--preset", "tiny", "3"], "/w")).toMatchObject({ ids: ["3"], preset: "tiny" });
  });

  it("rejects unknown ids, presets and bad seed counts", () => {
    expect(() => parseArgs(["9"], "/w")).toThrow(/unknown figure id '9'/);
    expect(() => parseArgs(["--preset", "huge"], "/w")).toThrow(/huge/);
    expect(() => parseArgs(["--protocol", "mine"], "/w")).toThrow(/mine/);
    expect(() => parseArgs(["--seeds", "0"], "/w")).toThrow(/positive integer/);
    expect(() => parseArgs(["--seeds", "2.5"], "/w")).toThrow(/positive integer/);
    expect(() => parseArgs(["--bogus"], "/w")).toThrow(/bogus/);
  });

  it("--list prints one line per figure", () => {
    expect(parseArgs(["--list"], "/w").list).toBe(true);
    const lines = listLines();
    expect(lines).toHaveLength(FIGURES.length);
    const ids = ["2", "3", "4", "5", "6", "7", "8", "A.1", "A.2", "A.3", "A.4", "T4.1", "T4.2", "D.1"];
    expect(FIGURES.map((f) => f.id)).toEqual(ids);
    lines.forEach((line, i) => {
      expect(line.startsWith(ids[i])).toBe(true);
      expect(line).not.toContain("\n");
    });
  });

  it("resolves id spellings", () => {
    expect(resolveFigureId("Figure 3")).toBe("3");
    expect(resolveFigureId("fig.6")).toBe("6");
    expect(resolveFigureId("a.4")).toBe("A.4");
    expect(resolveFigureId("T4.2")).toBe("T4.2");
    expect(resolveFigureId("T4.3")).toBeUndefined();
  });
});
