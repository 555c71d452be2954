import { describe, expect, it } from "vitest";
import { parsePeerOutput, runPeer } from "../src/peer.js";
import type { BenchPeer } from "../src/suite.js";

/** A fake peer: node running a one-line script (no python needed). */
const node = (script: string, extra: Partial<BenchPeer> = {}): BenchPeer => ({
  name: "fake",
  command: [process.execPath, "-e", script],
  timeoutSeconds: 10,
  ...extra,
});
const run = (p: BenchPeer, quick = false) => runPeer(p, { quick, cwd: process.cwd() });

describe("parsePeerOutput", () => {
  it("reads value and details from the last JSON line", () => {
    const out = 'warming up\n{"value": 1}\nRuntimeWarning: blah\n{"value": 2.5, "details": {"n": 200}}\n';
    expect(parsePeerOutput(out)).toEqual({ status: "ok", value: 2.5, details: { n: 200 } });
  });
  it("accepts valueKey and the legacy samplesPerSecond key; the other fields become details", () => {
    expect(parsePeerOutput('{"samplesPerSecond": 3e7, "n": 1000000}')).toEqual({
      status: "ok",
      value: 3e7,
      details: { n: 1000000 },
    });
    expect(parsePeerOutput('{"rate": 5}', "rate")).toEqual({ status: "ok", value: 5 });
  });
  it("reports skipped lines, missing values and garbage as skipped", () => {
    expect(parsePeerOutput('{"skipped": "scipy not importable", "details": {"x": 1}}')).toEqual({
      status: "skipped",
      reason: "scipy not importable",
      details: { x: 1 },
    });
    expect(parsePeerOutput('{"n": 3}')).toMatchObject({ status: "skipped", reason: 'no "value" in the peer\'s JSON line' });
    expect(parsePeerOutput('{"value": null}')).toMatchObject({ status: "skipped" });
    expect(parsePeerOutput("hello\n")).toMatchObject({ status: "skipped", reason: expect.stringContaining("hello") });
    expect(parsePeerOutput("")).toMatchObject({ status: "skipped", reason: "the peer printed nothing" });
  });
});

describe("runPeer", () => {
  it("returns the value of a peer that succeeds", async () => {
    const r = await run(node('console.log("noise"); console.log(JSON.stringify({ value: 42, details: { n: 7 } }))'));
    expect(r).toMatchObject({ status: "ok", value: 42, details: { n: 7 } });
    expect(r.seconds).toBeGreaterThan(0);
  });

  it("passes through a peer's own {skipped}", async () => {
    const r = await run(node('console.log(JSON.stringify({ skipped: "scipy not importable" }))'));
    expect(r).toMatchObject({ status: "skipped", reason: "scipy not importable" });
  });

  it("kills a peer that runs past its limit and says so", async () => {
    const t0 = Date.now();
    const r = await run(node("setTimeout(() => {}, 60000)", { timeoutSeconds: 0.3 }));
    expect(r).toMatchObject({ status: "skipped", reason: "did not finish in 0.3 s" });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("kills the peer's children too (process group)", async () => {
    // The peer starts a grandchild that would keep the stdout pipe open for a minute.
    const script =
      'require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "inherit" });' +
      "setTimeout(() => {}, 60000)";
    const t0 = Date.now();
    const r = await run(node(script, { timeoutSeconds: 0.5 }));
    expect(r).toMatchObject({ status: "skipped", reason: "did not finish in 0.5 s" });
    expect(Date.now() - t0).toBeLessThan(2000); // closed by the kill, not by the 2 s grace timer
  });

  it("uses the quick command and quick limit with --quick", async () => {
    const p = node('console.log(JSON.stringify({ value: 1 }))', {
      quickCommand: [process.execPath, "-e", "setTimeout(() => {}, 60000)"],
      quickTimeoutSeconds: 0.2,
    });
    expect(await run(p, false)).toMatchObject({ status: "ok", value: 1 });
    expect(await run(p, true)).toMatchObject({ status: "skipped", reason: "did not finish in 0.2 s" });
  });

  it("reports a non-zero exit with the last stderr line", async () => {
    const r = await run(node('console.error("Traceback ..."); console.error("ModuleNotFoundError: No module named \'scipy\'"); process.exit(3)'));
    expect(r).toMatchObject({
      status: "skipped",
      reason: "exited with code 3: ModuleNotFoundError: No module named 'scipy'",
    });
  });

  it("reports a missing command", async () => {
    const r = await run({ name: "nope", command: ["heavytails-no-such-command-xyz"], timeoutSeconds: 5 });
    expect(r).toMatchObject({ status: "skipped", reason: "command not found: heavytails-no-such-command-xyz" });
  });
});
