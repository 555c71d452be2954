/**
 * Progress (src/progress.ts): the model's counts and ETA from fake timings, the plain lines (not a terminal), the
 * bars forced onto a fake terminal, and runFigures stopping the bars before it settles — also when a figure fails.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { FigureDefinition, ImplementedFigure } from "../src/figure.js";
import { BarRenderer, chooseRenderer, formatSeconds, LineRenderer, Progress, ProgressModel } from "../src/progress.js";
import { runFigures } from "../src/run.js";
import type { TaskExecutor } from "../src/tasks/executor.js";

/** A stand-in terminal: `isTTY`, `columns`, and everything written. */
class FakeTerminal extends Writable {
  readonly isTTY = true;
  columns = 120;
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A clock the test moves (milliseconds). */
function clock() {
  let t = 0;
  return { now: () => t, advance: (seconds: number) => void (t += seconds * 1000) };
}

const ESC = "\u001b";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ProgressModel", () => {
  it("counts sub-runs per figure and for the run: waiting, running, computed, cached, failed", () => {
    const c = clock();
    const m = new ProgressModel(["3", "6"], () => 2, c.now);
    const a = m.requested(1, "k", "a");
    const b = m.requested(1, "k", "b");
    const d = m.requested(1, "k", "d");
    const e = m.requested(2, "j", "e");
    const f = m.requested(2, "j", "f");
    m.started(a);
    m.started(b);
    m.finished(d, true); // from a checkpoint
    m.shared(e); // waits on another figure's equal request
    c.advance(4);
    m.finished(a, false);
    m.started(f);
    m.failed(f);
    expect(m.counts(1)).toEqual({ total: 3, done: 2, computed: 1, cached: 1, running: 1, waiting: 0, failed: 0 });
    expect(m.counts(2)).toEqual({ total: 2, done: 0, computed: 0, cached: 0, running: 0, waiting: 1, failed: 1 });
    expect(m.counts().total).toBe(5);
    m.finished(e, true);
    expect(m.counts(2).cached).toBe(1);
    // events after the end change nothing
    m.finished(f, false);
    m.started(a);
    expect(m.counts(2).failed).toBe(1);
    expect(m.subRun(a)).toMatchObject({ label: "a", state: "done", seconds: 4 });
    expect(m.meanSeconds("k")).toBe(4); // the cached one is not a measurement
    expect(m.meanSeconds("j")).toBeUndefined();
  });

  it("ETA: none before a sub-run was computed; mean time per kind × remaining ÷ slots; running ones count what is left", () => {
    const c = clock();
    const m = new ProgressModel(["A", "B"], () => 2, c.now);
    const ids = [0, 1, 2, 3].map((i) => m.requested(1, "k", `k${i}`));
    const j = m.requested(2, "j", "j0");
    expect(m.eta()).toBeUndefined();
    m.started(ids[0]);
    m.started(ids[1]);
    c.advance(10);
    m.finished(ids[0], false); // k: 10 s
    m.started(ids[2]);
    c.advance(4);
    // slots: ids[1] has 10 − 14 → 0 s left; ids[2] 10 − 4 = 6 s; then ids[3] 10 s on the free slot (ends at 10),
    // j (no j measured yet: the mean of all kinds, 10 s) after ids[2] (ends at 16)
    expect(m.eta(1)).toBeCloseTo(10);
    expect(m.eta(2)).toBeCloseTo(16);
    expect(m.eta()).toBeCloseTo(16);
    m.finished(ids[1], false); // k: 10 and 14 → 12
    expect(m.meanSeconds("k")).toBeCloseTo(12);

    // cached sub-runs are done and cost nothing; a figure with nothing left has ETA 0
    const m2 = new ProgressModel(["x"], () => 1, c.now);
    const first = m2.requested(1, "k", "first");
    m2.started(first);
    c.advance(5);
    m2.finished(first, false);
    const rest = [1, 2, 3, 4, 5, 6].map((i) => m2.requested(1, "k", `r${i}`));
    expect(m2.eta(1)).toBeCloseTo(30); // 6 × 5 s ÷ 1 slot
    rest.slice(0, 3).forEach((id) => m2.finished(id, true));
    expect(m2.eta(1)).toBeCloseTo(15);
    m2.shared(rest[3]);
    expect(m2.eta(1)).toBeCloseTo(10);
    rest.slice(3).forEach((id) => m2.finished(id, true));
    expect(m2.eta(1)).toBe(0);
    expect(m2.meanSeconds("k")).toBe(5);

    // 3 slots, 9 waiting of 2 s: 6 s
    const m3 = new ProgressModel(["y"], () => 3, c.now);
    const s0 = m3.requested(1, "k", "s0");
    m3.started(s0);
    c.advance(2);
    m3.finished(s0, false);
    for (let i = 0; i < 9; i++) m3.requested(1, "k", `w${i}`);
    expect(m3.eta()).toBeCloseTo(6);
  });

  it("overall: figures finished (failed counted too), elapsed, the executor's workers", () => {
    const c = clock();
    const m = new ProgressModel(["2", "3", "4"], () => 1, c.now);
    m.figureState(1, "done");
    m.figureState(2, "failed");
    m.figureState(3, "computing");
    c.advance(125);
    m.workers = { workers: 3, waiting: 7, active: 3 };
    expect(m.overall()).toMatchObject({ figuresDone: 2, figuresFailed: 1, figuresTotal: 3, elapsedSeconds: 125, workers: { workers: 3, waiting: 7, active: 3 } });
    expect(m.activeFigures()).toEqual([3]);
    expect([formatSeconds(4.4), formatSeconds(125), formatSeconds(7300)]).toEqual(["4 s", "2 min 05 s", "2 h 01 min"]);
  });
});

/** The same events for both renderers: figure 1 computes two sub-runs (one from a checkpoint), figure 2 is cached. */
function drive(p: Progress, c: ReturnType<typeof clock>) {
  p.log("sub-runs: a test executor");
  p.figure(1, "computing", "computing (config abc)");
  const a = p.requested(1, "k", "seed 0");
  const b = p.requested(1, "k", "seed 1");
  const d = p.requested(1, "k", "seed 2");
  p.finished(a, true);
  p.started(b);
  c.advance(3);
  p.finished(b, false);
  p.started(d);
  return {
    finish() {
      c.advance(2);
      p.finished(d, false);
      p.figure(1, "rendering", "rendering");
      p.figure(1, "done", "PASS — 5.0 s");
      p.figure(2, "cached", "PASS — from cache");
    },
  };
}

describe("plain lines (not a terminal)", () => {
  it("one line per figure event and per finished sub-run, with counts, ETA and figures finished; no escape codes", () => {
    const c = clock();
    const lines: string[] = [];
    const p = new Progress(["3", "6"], new LineRenderer((l) => lines.push(l)), { slots: () => 1 }, c.now);
    drive(p, c).finish();
    p.stop();
    expect(lines).toEqual([
      "sub-runs: a test executor",
      "[1/2] figure 3: computing (config abc)",
      "[1/2] figure 3: seed 0 (checkpoint) — 1/3 sub-runs done",
      "[1/2] figure 3: seed 1 3.0 s — 2/3 sub-runs done, ETA 3 s", // seed 2: one more of 3 s
      "[1/2] figure 3: seed 2 2.0 s — 3/3 sub-runs done",
      "[1/2] figure 3: PASS — 5.0 s [1/2 figures finished, 5 s elapsed]",
      "[2/2] figure 6: PASS — from cache [2/2 figures finished, 5 s elapsed]",
    ]);
  });

  it("an ETA while sub-runs are left, the queue's workers when the executor reports them, failures", async () => {
    const c = clock();
    const lines: string[] = [];
    const executor = { slots: () => 2, workerStatus: async () => ({ workers: 2, waiting: 5, active: 2 }) };
    const p = new Progress(["4"], new LineRenderer((l) => lines.push(l)), executor, c.now);
    const ids = [0, 1, 2, 3].map((i) => p.requested(1, "train", `seed ${i}`));
    p.started(ids[0]);
    p.started(ids[1]);
    c.advance(8);
    p.finished(ids[0], false);
    p.started(ids[2]);
    p.failed(ids[1], "out of memory");
    await sleep(0); // the first status() has answered
    p.figure(1, "failed", "FAILED — out of memory");
    p.stop();
    expect(lines).toEqual([
      // left: ids[2] running (8 s), ids[3] waiting (8 s) on the second slot
      "[1/1] figure 4: seed 0 8.0 s — 1/4 sub-runs done, 1 running, ETA 8 s",
      "[1/1] figure 4: seed 1 FAILED after 8.0 s: out of memory",
      "[1/1] figure 4: FAILED — out of memory [1/1 figures finished, 8 s elapsed; 2 workers, queue: 5 waiting, 2 active]",
    ]);
  });

  it("chooses plain lines unless the stream is a terminal (and not CI or a dumb terminal)", () => {
    const term = new FakeTerminal();
    expect(chooseRenderer(term, {}).kind).toBe("bars");
    expect(chooseRenderer(term, { CI: "true" }).kind).toBe("lines");
    expect(chooseRenderer(term, { TERM: "dumb" }).kind).toBe("lines");
    const pipe = new Writable({ write: (_c, _e, done) => done() });
    expect(chooseRenderer(pipe, {}).kind).toBe("lines");
  });
});

describe("bars (forced onto a fake terminal)", () => {
  it("draws the overall line and a bar per figure computing, prints outcomes above them, and clears them on stop", async () => {
    const c = clock();
    const term = new FakeTerminal();
    const p = new Progress(["3", "6"], new BarRenderer(term, { fps: 50, restoreOnExit: false }), { slots: () => 1 }, c.now);
    const run = drive(p, c);
    await sleep(60);
    const during = term.text;
    expect(during).not.toContain(`${ESC}[?25l`); // the cursor is not hidden: nothing to restore if the process is killed
    expect(during).toContain("sub-runs: a test executor");
    expect(during).toMatch(/figures 0\/2 · sub-runs 2\/3, 1 running · 3 s elapsed · ETA 3 s/);
    expect(during).toMatch(/ {2}3 {5}█+░+ 2\/3 \(1 cached\) · 1 running · ETA 3 s/);
    expect(during).not.toContain("seed 1"); // sub-runs are counted by the bars, not printed
    run.finish();
    p.stop();
    const after = term.text.slice(during.length);
    expect(after).toContain("[1/2] figure 3: PASS — 5.0 s");
    expect(after).toContain("[2/2] figure 6: PASS — from cache");
    expect(after.endsWith(`${ESC}[0J`)).toBe(true); // cleared from the first bar down
    const stopped = term.text.length;
    await sleep(60);
    expect(term.text.length).toBe(stopped); // nothing drawn after stop
    p.log("report: here");
    expect(term.text.slice(stopped)).toBe("report: here\n");
  });

  it("prints what else the process writes to the terminal above the bars, and gives the stream back on stop", async () => {
    const c = clock();
    const term = new FakeTerminal();
    const p = new Progress(["3", "6"], new BarRenderer(term, { fps: 50, restoreOnExit: false, captureWrites: true }), { slots: () => 1 }, c.now);
    drive(p, c);
    await sleep(40);
    const before = term.text.length;
    term.write("a library's warning\nand half a ");
    term.write("line\n");
    term.write("no newline yet");
    expect(term.text.length).toBe(before); // held until the next redraw
    await sleep(60);
    const during = term.text.slice(before);
    // each line at the start of a cleared line, then the bars drawn again below it
    expect(during).toMatch(/\u001b\[2Ka library's warning\nand half a line\n[^]*figures 0\/2 · /);
    p.stop();
    expect(term.text).toContain("no newline yet\n"); // the rest is flushed on stop
    expect(Object.hasOwn(term, "write")).toBe(false);
    const stopped = term.text.length;
    term.write("after\n");
    expect(term.text.slice(stopped)).toBe("after\n");
  });

  it("on process exit with the bars still drawn, leaves them (an error printed at exit stays) and ends their line", async () => {
    const c = clock();
    const term = new FakeTerminal();
    const renderer = new BarRenderer(term, { fps: 50 });
    const p = new Progress(["3", "6"], renderer, { slots: () => 1 }, c.now);
    drive(p, c);
    p.log("last words");
    (renderer as unknown as { onExit: () => void }).onExit(); // what process.once("exit") calls
    expect(term.text).toContain("last words\n");
    expect(term.text.slice(term.text.lastIndexOf("figures 0/2"))).not.toContain(`${ESC}[0J`);
    expect(term.text.endsWith("\n")).toBe(true);
    const exited = term.text.length;
    p.stop(); // runFigures' finally, if it still ran: nothing more
    await sleep(40);
    expect(term.text.length).toBe(exited);
  });

  it("cuts the bars at the terminal's width", async () => {
    const c = clock();
    const term = new FakeTerminal();
    term.columns = 40;
    const p = new Progress(["3", "6"], new BarRenderer(term, { fps: 50, restoreOnExit: false }), { slots: () => 1 }, c.now);
    drive(p, c);
    await sleep(60);
    p.stop();
    const drawn = term.text.split(/\u001b\[[0-9;?]*[A-Za-z]|\n/).filter((x) => x.length > 0);
    expect(drawn).toContain("figures 0/2 · sub-runs 2/3, 1 running · ");
    for (const segment of drawn) expect(segment.length).toBeLessThanOrEqual(40);
  });
});

/** A stand-in figure of `n` sub-runs; throws after them when `fail`. */
function fakeFigure(id: string, n: number, fail = false): ImplementedFigure<{ seeds: number[] }, { values: number[] }> {
  return {
    id, title: "fake", origin: "paper", caption: "fake caption", claim: "fake claim", implemented: true, protocols: [], version: 1,
    paperScale: "none",
    config: () => ({ seeds: Array.from({ length: n }, (_, i) => i) }),
    describe: () => "fake run",
    async run(cfg, ctx) {
      const runs = await Promise.all(cfg.seeds.map((seed) => ctx.subRun("t42-weak-error", { seed, fake: id } as never, `seed ${seed}`)));
      if (fail) throw new Error("planted failure");
      const values = runs.map((r) => r.nu);
      return { data: { values }, claim: { claim: "fake claim", measured: {}, outcome: "pass", details: "fake" } };
    },
    spec: (out) => ({ data: { values: out.data.values.map((v, i) => ({ i, v })) }, mark: "point", encoding: { x: { field: "i", type: "quantitative" }, y: { field: "v", type: "quantitative" } } }),
  };
}

/** Computes t42-weak-error-shaped values, one at a time, and says when each starts. */
const startingExecutor = (): TaskExecutor => {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    description: "a test executor",
    slots: () => 1,
    run(_kind, config, events) {
      const r = tail.then(() => {
        events?.started?.();
        const { seed } = config as { seed: number };
        return JSON.stringify({ h: 1, K: 0, seed, nu: seed, nu2: 0, safeguardFraction: 0, wallSeconds: 0 });
      });
      tail = r.catch(() => undefined);
      return r;
    },
    close: async () => {},
  };
};

describe("runFigures and progress", () => {
  const tmp = () => mkdtempSync(join(tmpdir(), "figures-progress-"));
  const figures = (failing: boolean) => (fig: FigureDefinition) => (fig.id === "3" ? fakeFigure("3", 3) : fig.id === "6" ? fakeFigure("6", 2, failing) : fig);

  it("plain lines through `log`: the figure, each sub-run with its counts, the outcome with figures finished", async () => {
    const lines: string[] = [];
    const s = await runFigures({ ids: ["3", "6"], preset: "tiny", outDir: tmp(), log: (l) => lines.push(l), override: figures(false), executor: startingExecutor() });
    expect(s.failures).toEqual([]);
    const text = lines.join("\n");
    expect(text).not.toContain(ESC);
    expect(lines[0]).toBe("sub-runs: a test executor");
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/2\] figure 3: computing \(config [0-9a-f]+\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/2\] figure 3: seed 2 \d+\.\d s — 3\/3 sub-runs done$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/2\] figure 3: PASS — .* \[1\/2 figures finished, \d+ s elapsed\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[2\/2\] figure 6: PASS — .* \[2\/2 figures finished, \d+ s elapsed\]$/));
    expect(lines.at(-1)).toMatch(/^report: /);
  });

  it("stops the bars before it settles when a figure fails (cleared, exit handler removed)", async () => {
    const term = new FakeTerminal();
    const listeners = process.listenerCount("exit");
    const renderer = new BarRenderer(term, { fps: 50 });
    const pending = runFigures({ ids: ["3", "6"], preset: "tiny", outDir: tmp(), progress: renderer, override: figures(true), executor: startingExecutor() });
    expect(process.listenerCount("exit")).toBe(listeners + 1);
    const s = await pending;
    expect(s.failures).toEqual(["6: planted failure"]);
    expect(process.listenerCount("exit")).toBe(listeners);
    expect(term.text).toContain("[2/2] figure 6: FAILED — Error: planted failure");
    expect(term.text).toMatch(/figures 1\/2 \(1 failed\)|figures 2\/2 \(1 failed\)/);
    const cleared = term.text.lastIndexOf(`${ESC}[0J`);
    expect(term.text.slice(cleared)).toMatch(/^\u001b\[0Jreport: [^\u001b]*\n$/); // only the report line after the bars
  });
});
