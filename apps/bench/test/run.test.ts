import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Environment } from "../src/environment.js";
import { runCli } from "../src/main.js";
import type { BenchReport } from "../src/runner.js";
import type { BenchSuite } from "../src/suite.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "heavytails-bench-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const environment = (): Environment => ({
  date: new Date().toISOString(),
  machine: { cpu: "Fake CPU", cores: 2, memoryGiB: 4, os: "Linux", arch: "x64" },
  node: process.version,
  python: { python: "3.11", numpy: "2.4", scipy: "1.17" },
  git: { commit: "deadbeef", dirty: false },
});

/** A tiny suite in the contract's shape, written as a package would (plain object literals). */
const calls: boolean[] = [];
const fake: BenchSuite = {
  package: "@heavytails/fake",
  cases: [
    {
      id: "fake.sum",
      description: "sum of 10³ numbers",
      unit: "points/s",
      higherIsBetter: true,
      async run({ quick }) {
        calls.push(quick);
        const x = Float64Array.from({ length: 1000 }, (_, i) => i);
        const t0 = process.hrtime.bigint();
        let s = 0;
        for (let i = 0; i < x.length; i++) s += x[i]!;
        const dt = Number(process.hrtime.bigint() - t0) / 1e9 || 1e-9;
        if (s !== 499500) throw new Error(`wrong sum ${s}`);
        return { value: x.length / dt, details: { s } };
      },
      peer: {
        name: "fake peer",
        command: [process.execPath, "-e", 'console.log(JSON.stringify({ value: 1000, details: { mode: "full" } }))'],
        quickCommand: [process.execPath, "-e", 'console.log(JSON.stringify({ value: 1, details: { mode: "quick" } }))'],
        timeoutSeconds: 10,
      },
      target: { ratio: 2, text: "≥ 2× fake peer" },
    },
    {
      id: "fake.duration",
      description: "a duration with a skipped peer",
      unit: "s",
      higherIsBetter: false,
      async run() {
        return { value: 0.01 };
      },
      peer: { name: "slow peer", command: [process.execPath, "-e", "setTimeout(() => {}, 60000)"], timeoutSeconds: 0.3 },
      target: { value: 0.25, text: "≤ 0.25 s" },
    },
    {
      id: "fake.notyet",
      description: "an API that is not there yet",
      unit: "s",
      higherIsBetter: false,
      async run() {
        return { skipped: "not available yet" };
      },
    },
  ],
};

const broken: BenchSuite = {
  package: "@heavytails/broken",
  cases: [
    {
      id: "broken.check",
      description: "a case whose result check fails",
      unit: "s",
      higherIsBetter: false,
      async run() {
        throw new Error("wrong result: pdf mass 0.5");
      },
    },
  ],
};

const quiet = () => {};

describe("pnpm bench, end to end on a fake suite", () => {
  it("runs ours and the peers, writes timestamped and latest JSON + markdown", async () => {
    const out = path.join(tmp, "a");
    const lines: string[] = [];
    const r = await runCli(["--quick", "--out", out], {
      suites: [fake],
      environment,
      cwd: tmp,
      repoRoot: tmp,
      log: (l) => lines.push(l),
    });
    expect(r.exitCode).toBe(0);
    expect(calls.at(-1)).toBe(true);

    const files = readdirSync(out).sort();
    expect(files).toHaveLength(4);
    expect(files).toContain("latest.json");
    expect(files).toContain("latest.md");
    expect(files.filter((f) => /^bench-.*\.json$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => /^bench-.*\.md$/.test(f))).toHaveLength(1);

    const report = JSON.parse(readFileSync(path.join(out, "latest.json"), "utf8")) as BenchReport;
    expect(report.failed).toBe(false);
    expect(report.options).toEqual({ quick: true, only: null, peers: true });
    const [sum, dur, notyet] = report.results;
    expect(sum).toMatchObject({ id: "fake.sum", ours: { status: "ok" }, peer: { status: "ok", value: 1, details: { mode: "quick" } } });
    expect(sum!.ratio).toBeCloseTo((sum!.ours as { value: number }).value / 1);
    expect(sum!.met).toBe("yes");
    expect(dur).toMatchObject({ peer: { status: "skipped", reason: "did not finish in 0.3 s" }, ratio: null, met: "yes" });
    expect(notyet).toMatchObject({ ours: { status: "skipped", reason: "not available yet" }, peer: null, met: "n/a" });

    const md = readFileSync(path.join(out, "latest.md"), "utf8");
    expect(md).toContain("## @heavytails/fake");
    expect(md).toContain("slow peer: skipped (did not finish in 0.3 s)");
    expect(md).toContain("| `fake.duration` | 10.0 ms |");
    expect(md).toContain("- git commit: deadbeef");

    // progress lines: which case, elapsed
    expect(lines.some((l) => l.startsWith("[1/3] @heavytails/fake › fake.sum"))).toBe(true);
    expect(lines.some((l) => l.includes("elapsed"))).toBe(true);
  });

  it("--only filters by substring, --no-peers skips peers", async () => {
    const out = path.join(tmp, "b");
    const r = await runCli(["--only", "SUM", "--no-peers", "--out", out], { suites: [fake], environment, cwd: tmp, repoRoot: tmp, log: quiet });
    expect(r.exitCode).toBe(0);
    expect(calls.at(-1)).toBe(false);
    expect(r.report!.results.map((x) => x.id)).toEqual(["fake.sum"]);
    expect(r.report!.results[0]!.peer).toMatchObject({ status: "skipped", reason: "--no-peers" });
    expect(r.report!.results[0]!.met).toBe("n/a");
  });

  it("exits non-zero when one of our cases throws, after running the others", async () => {
    const out = path.join(tmp, "c");
    const r = await runCli(["--quick", "--no-peers", "--out", out], { suites: [broken, fake], environment, cwd: tmp, repoRoot: tmp, log: quiet });
    expect(r.exitCode).toBe(1);
    expect(r.report!.results).toHaveLength(4);
    expect(r.report!.results[0]!.ours).toMatchObject({ status: "error", error: "wrong result: pdf mass 0.5" });
    expect(readFileSync(path.join(out, "latest.md"), "utf8")).toContain("## Failures");
  });

  it("exits 2 when --only matches nothing, and rejects unknown options", async () => {
    expect((await runCli(["--only", "zzz"], { suites: [fake], environment, repoRoot: tmp, log: quiet })).exitCode).toBe(2);
    expect((await runCli(["--bogus"], { suites: [fake], environment, repoRoot: tmp, log: quiet })).exitCode).not.toBe(0);
  });

  it("rejects a suite of the wrong shape with a message naming it", async () => {
    const bad = { package: "@heavytails/bad", cases: [{ id: "x", unit: "s", higherIsBetter: false }] } as unknown as BenchSuite;
    await expect(runCli([], { suites: [bad], environment, repoRoot: tmp, log: quiet })).rejects.toThrow(
      /@heavytails\/bad case "x": run must be a function/,
    );
  });
});
