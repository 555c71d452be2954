/**
 * Issue 12, classes 10 (figures part) and 12: hostile command lines. `--out` and `--data-dir` are checked
 * before any computation, `--seeds` has a documented maximum; every refusal is one clear line on stderr,
 * exit code 2, no stack trace.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.js";

const APP = join(import.meta.dirname, "..");
/** tsx as the workspace installs it (npx from a temporary directory would not find it). */
const TSX = [join(APP, "node_modules", ".bin", "tsx"), join(APP, "..", "..", "node_modules", ".bin", "tsx")].find((p) => existsSync(p)) ?? "tsx";
const tmp = () => mkdtempSync(join(tmpdir(), "figures-cli-"));

/**
 * Run the CLI from `cwd` (also INIT_CWD, as pnpm sets it), with a small heap so that a runaway allocation fails fast;
 * killed after `timeoutMs` (signal SIGKILL then). Asynchronous, so that the test worker stays responsive.
 */
function cli(args: string[], cwd: string, timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const env = { ...process.env, INIT_CWD: cwd, NODE_OPTIONS: "--max-old-space-size=512" };
  return new Promise((done, fail) => {
    const child = spawn(TSX, [join(APP, "src", "cli.ts"), ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** A refusal: exit code 2, one line on stderr matching `message`, no stack trace, nothing computed. */
function expectRefusal(r: Awaited<ReturnType<typeof cli>>, message: RegExp): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^figures: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/computing|figure 3/);
}

describe("--seeds has a documented maximum", () => {
  it("parseArgs refuses more than MAX_SEEDS seeds, naming the maximum", async () => {
    expect(() => parseArgs(["--seeds", "1000000000"], "/w")).toThrow(/--seeds.*at most 1000/);
    expect(() => parseArgs(["--seeds", "1001"], "/w")).toThrow(/at most 1000/);
    expect(parseArgs(["--seeds", "1000"], "/w").seeds).toBe(1000);
    const { MAX_SEEDS } = await import("../src/limits.js");
    expect(MAX_SEEDS).toBe(1000);
  });

  it("runFigures refuses a seed count beyond the maximum (or not a positive integer) before computing", async () => {
    const { runFigures } = await import("../src/run.js");
    for (const seeds of [1e9, 1001, 0, 2.5, Number.NaN]) {
      await expect(runFigures({ ids: ["3"], preset: "tiny", outDir: tmp(), seeds, log: () => {} })).rejects.toThrow(/seeds must be a positive integer, at most 1000/);
    }
  });
});

/** The spawned CLI: exit code, one line, no stack trace (run side by side: each start loads every figure's code). */
describe.concurrent("the CLI refuses hostile options before computing", () => {
  it("--seeds 1000000000 (it used to run out of memory)", async () => {
    expectRefusal(await cli(["3", "--preset", "tiny", "--seeds", "1000000000"], tmp()), /--seeds.*at most 1000/);
  }, 120_000);

  it("--out '' (it used to write into the current directory)", async () => {
    const cwd = tmp();
    expectRefusal(await cli(["3", "--preset", "tiny", "--out", ""], cwd), /--out.*empty/);
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it("--out naming a file (it used to die with a stack trace after computing)", async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, "afile"), "x");
    expectRefusal(await cli(["3", "--preset", "tiny", "--out", "afile"], cwd), /--out.*not a directory/);
    expect(readdirSync(cwd)).toEqual(["afile"]);
  }, 120_000);

  it.skipIf(process.platform !== "linux")("--out /proc/x (it used to spin at 100% CPU)", async () => {
    expectRefusal(await cli(["3", "--preset", "tiny", "--out", "/proc/x"], tmp(), 60_000), /--out.*cannot write/);
  }, 120_000);

  it("a nonexistent --data-dir (it used to be accepted silently), checked before --out is created", async () => {
    const cwd = tmp();
    expectRefusal(await cli(["3", "--preset", "tiny", "--out", "figs", "--data-dir", "no-such-dir"], cwd), /--data-dir.*does not exist/);
    expect(existsSync(join(cwd, "figs"))).toBe(false);
  }, 120_000);
});

describe("prepareOutDir and checkDataDir (what the CLI and runFigures call)", () => {
  it("--out below a file, on /proc, or empty is refused, naming the option and the path", async () => {
    const { prepareOutDir } = await import("../src/paths.js");
    const cwd = tmp();
    writeFileSync(join(cwd, "afile"), "x");
    expect(() => prepareOutDir(join(cwd, "afile", "sub"), "--out")).toThrow(/^--out .*afile\/sub: not a directory \(.*afile is a file\)$/);
    expect(() => prepareOutDir(join(cwd, "afile"), "--out")).toThrow(/^--out .*afile is not a directory$/);
    expect(() => prepareOutDir(" ", "--out")).toThrow(/^--out must not be empty$/);
    if (process.platform === "linux") {
      expect(() => prepareOutDir("/proc/x/y", "--out")).toThrow(/^--out \/proc\/x\/y: cannot write there/);
      expect(() => prepareOutDir("/proc", "--out")).toThrow(/^--out \/proc: cannot write there/);
      expect(existsSync("/proc/x")).toBe(false);
    }
  });

  it.skipIf(process.platform === "win32" || process.getuid?.() === 0)("--out in a read-only directory is refused, and leaves nothing behind", async () => {
    const { prepareOutDir } = await import("../src/paths.js");
    const { chmodSync } = await import("node:fs");
    const cwd = tmp();
    mkdirSync(join(cwd, "ro"));
    chmodSync(join(cwd, "ro"), 0o555);
    try {
      expect(() => prepareOutDir(join(cwd, "ro", "figs"), "--out")).toThrow(/cannot write there/);
      expect(() => prepareOutDir(join(cwd, "ro"), "--out")).toThrow(/cannot write there/);
    } finally {
      chmodSync(join(cwd, "ro"), 0o755);
    }
    expect(readdirSync(join(cwd, "ro"))).toEqual([]);
  });

  it("a new nested --out is created level by level; no probe file is left", async () => {
    const { prepareOutDir } = await import("../src/paths.js");
    const cwd = tmp();
    expect(prepareOutDir(join(cwd, "a", "b", "figs"), "--out")).toBe(join(cwd, "a", "b", "figs"));
    expect(readdirSync(join(cwd, "a", "b", "figs"))).toEqual([]);
    expect(prepareOutDir(join(cwd, "a"), "--out")).toBe(join(cwd, "a")); // an existing writable directory
    expect(readdirSync(join(cwd, "a"))).toEqual(["b"]);
  });

  it("--data-dir must exist and be a directory", async () => {
    const { checkDataDir } = await import("../src/paths.js");
    const cwd = tmp();
    writeFileSync(join(cwd, "afile"), "x");
    expect(() => checkDataDir(join(cwd, "nope"), "--data-dir")).toThrow(/^--data-dir .*nope does not exist$/);
    expect(() => checkDataDir(join(cwd, "afile"), "--data-dir")).toThrow(/^--data-dir .*afile is not a directory$/);
    expect(checkDataDir(cwd, "--data-dir")).toBe(cwd);
    expect(() => parseArgs(["--data-dir", ""], "/w")).toThrow(/--data-dir must not be empty/);
    expect(() => parseArgs(["--out", ""], "/w")).toThrow(/--out must not be empty/);
  });

  it("runFigures refuses a nonexistent dataDir and an unwritable outDir before computing", async () => {
    const { runFigures } = await import("../src/run.js");
    const cwd = tmp();
    writeFileSync(join(cwd, "afile"), "x");
    await expect(runFigures({ ids: ["3"], preset: "tiny", outDir: join(cwd, "out"), dataDir: join(cwd, "nope"), log: () => {} })).rejects.toThrow(/dataDir .*does not exist/);
    expect(existsSync(join(cwd, "out"))).toBe(false);
    await expect(runFigures({ ids: ["3"], preset: "tiny", outDir: join(cwd, "afile"), log: () => {} })).rejects.toThrow(/outDir .*not a directory/);
  });
});
