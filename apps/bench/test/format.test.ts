import { describe, expect, it } from "vitest";
import { computeRatio, formatElapsed, formatRatio, formatValue, sig3, targetMet } from "../src/format.js";
import { renderMarkdown } from "../src/report.js";
import type { BenchReport, CaseResult } from "../src/runner.js";

describe("formatValue", () => {
  it("puts an SI prefix on rates", () => {
    expect(formatValue(1_234_567, "points/s")).toBe("1.23 M points/s");
    expect(formatValue(1888.8, "points/s")).toBe("1.89 k points/s");
    expect(formatValue(22_800_000, "samples/s")).toBe("22.8 M samples/s");
    expect(formatValue(3.2e9, "samples/s")).toBe("3.20 G samples/s");
    expect(formatValue(512, "points/s")).toBe("512 points/s");
    // rounding that crosses a prefix boundary moves to the next prefix
    expect(formatValue(999_960, "points/s")).toBe("1.00 M points/s");
  });
  it("writes durations in s, ms, µs", () => {
    expect(formatValue(0.21, "s")).toBe("0.210 s");
    expect(formatValue(0.0123, "s")).toBe("12.3 ms");
    expect(formatValue(4.5e-5, "s")).toBe("45.0 µs");
    expect(formatValue(130.4, "s")).toBe("130 s");
    expect(formatValue(1234, "s")).toBe("1234 s");
  });
  it("gives other units three significant digits", () => {
    expect(sig3(0.012345)).toBe("0.0123");
    expect(formatValue(3.14159, "KS")).toBe("3.14 KS");
    expect(formatValue(Number.NaN, "s")).toBe("NaN s");
  });
});

describe("ratio and target", () => {
  it("is ours/peer for rates and peer/ours for durations, > 1 meaning ours is better", () => {
    expect(computeRatio(600_000, 2000, true)).toBe(300);
    expect(computeRatio(0.2, 120, false)).toBe(600);
    expect(computeRatio(1, 0, true)).toBeNull();
    expect(computeRatio(Number.NaN, 1, true)).toBeNull();
  });
  it("formats ratios", () => {
    expect(formatRatio(651.4)).toBe("651×");
    expect(formatRatio(1.25)).toBe("1.25×");
    expect(formatRatio(0.42)).toBe("0.420×");
    expect(formatRatio(12345.6)).toBe("12346×");
    expect(formatRatio(null)).toBe("—");
  });
  it("checks ratio and absolute targets", () => {
    const ratio300 = { ratio: 300, text: "≥ 300×" };
    expect(targetMet(ratio300, 1e6, 400, true)).toBe("yes");
    expect(targetMet(ratio300, 1e6, 200, true)).toBe("no");
    expect(targetMet(ratio300, 1e6, null, true)).toBe("n/a"); // peer skipped
    expect(targetMet(ratio300, null, null, true)).toBe("n/a"); // ours skipped
    const fast = { value: 0.25, text: "≤ 0.25 s" };
    expect(targetMet(fast, 0.2, null, false)).toBe("yes");
    expect(targetMet(fast, 0.3, null, false)).toBe("no");
    expect(targetMet({ value: 100, text: "≥ 100/s" }, 150, null, true)).toBe("yes");
    // both conditions: any "no" wins, then "n/a"
    expect(targetMet({ value: 0.25, ratio: 10, text: "" }, 0.3, null, false)).toBe("no");
    expect(targetMet({ value: 0.25, ratio: 10, text: "" }, 0.2, null, false)).toBe("n/a");
    expect(targetMet(undefined, 1, 1, true)).toBe("n/a");
  });
  it("formats elapsed time", () => {
    expect(formatElapsed(0.4213)).toBe("0.42 s");
    expect(formatElapsed(12.34)).toBe("12.3 s");
    expect(formatElapsed(125)).toBe("2 min 5 s");
  });
});

describe("renderMarkdown", () => {
  const base = { package: "@heavytails/demo", description: "a | b", higherIsBetter: true };
  const results: CaseResult[] = [
    {
      ...base,
      id: "demo.fast",
      unit: "points/s",
      ours: { status: "ok", value: 1.2e6, seconds: 1 },
      peer: { name: "scipy", command: ["python3"], status: "ok", value: 2000, seconds: 1 },
      ratio: 600,
      target: { ratio: 300, text: "≥ 300× scipy" },
      met: "yes",
    },
    {
      ...base,
      id: "demo.fit",
      unit: "s",
      higherIsBetter: false,
      ours: { status: "ok", value: 0.3, seconds: 2 },
      peer: { name: "scipy fit", command: ["python3"], status: "skipped", reason: "did not finish in 120 s", seconds: 121 },
      ratio: null,
      target: { value: 0.25, text: "≤ 0.25 s" },
      met: "no",
    },
    {
      ...base,
      id: "demo.broken",
      unit: "s",
      ours: { status: "error", error: "wrong result: mass = 0.5", seconds: 0 },
      peer: null,
      ratio: null,
      target: null,
      met: "n/a",
    },
  ];
  const report: BenchReport = {
    environment: {
      date: "2026-01-02T03:04:05.678Z",
      machine: { cpu: "Test CPU", cores: 8, memoryGiB: 16, os: "Linux 6", arch: "x64" },
      node: "v20.0.0",
      python: { python: "3.11.7", numpy: "2.4.6", scipy: null, note: "scipy not importable" },
      git: { commit: "abc123", dirty: true },
    },
    options: { quick: true, only: null, peers: true },
    wallSeconds: 12.3,
    results,
    failed: true,
  };
  const md = renderMarkdown(report);

  it("has the header with machine, node, python versions, date and commit", () => {
    expect(md).toContain("- date: 2026-01-02T03:04:05.678Z");
    expect(md).toContain("- git commit: abc123 (with uncommitted changes)");
    expect(md).toContain("- machine: Test CPU, 8 cores, 16 GiB memory, Linux 6 x64");
    expect(md).toContain("- node: v20.0.0");
    expect(md).toContain("python 3.11.7, numpy 2.4.6, scipy missing");
    expect(md).toContain("mode: quick");
  });
  it("writes one table per package with ours, peer, ratio, target, met", () => {
    expect(md).toContain("## @heavytails/demo");
    expect(md).toContain("| case | ours | peer | ratio | target | met? |");
    expect(md).toContain("| `demo.fast` | 1.20 M points/s | scipy: 2.00 k points/s | 600× | ≥ 300× scipy | yes |");
    expect(md).toContain(
      "| `demo.fit` | 0.300 s | scipy fit: skipped (did not finish in 120 s) | — | ≤ 0.25 s | no |",
    );
    expect(md).toContain("| `demo.broken` | **FAILED**: wrong result: mass = 0.5 | — | — | — | — |");
  });
  it("lists failures", () => {
    expect(md).toContain("## Failures");
  });
});
