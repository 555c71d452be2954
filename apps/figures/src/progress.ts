/**
 * Progress of a run: the model — figures and their sub-runs (requested, waiting, running, done, from a checkpoint,
 * failed), measured sub-run times and the ETA they give — and its two renderers: bars on a terminal (cli-progress,
 * on stderr) and plain lines everywhere else (CI logs, tests, a pipe). run.ts emits the events; figures know
 * nothing of it.
 *
 * ETA: each computed sub-run's time, from the moment it started on a worker to its result, is recorded per kind
 * (`train`, `langevin`, …). The sub-runs not yet finished are then laid, in the order they were requested (every
 * executor serves in that order), onto `slots` workers — a running one for its kind's mean time less what it has
 * already run, a waiting one for its kind's mean — and a figure's ETA is when its last one ends; the run's, when the
 * last of all ends. With many sub-runs this is mean × remaining ÷ slots. A kind not measured yet is estimated by the
 * mean over all kinds; before any sub-run has been computed there is no ETA. Sub-runs served from a checkpoint, or by
 * an equal request of another figure, count as done and cost nothing. Only sub-runs already requested are counted:
 * with one job, figures not started yet add to the run's ETA.
 */
import { MultiBar } from "cli-progress";
import type { ExecutorStatus } from "./tasks/executor.js";

export type SubRunState = "waiting" | "running" | "shared" | "done" | "cached" | "failed";
export type FigureState = "queued" | "computing" | "rendering" | "done" | "cached" | "failed" | "not run";

/** What the executor reports about its workers (tasks/executor.ts `workerStatus()`, a queue's). */
export type WorkerStatus = ExecutorStatus;

interface SubRun {
  readonly id: number;
  readonly figure: number;
  readonly kind: string;
  readonly label: string;
  state: SubRunState;
  readonly requestedAt: number;
  startedAt?: number;
  finishedAt?: number;
}

interface FigureEntry {
  readonly n: number;
  readonly id: string;
  state: FigureState;
  subRuns: SubRun[];
}

export interface SubRunCounts {
  /** Requested so far (grows while a figure requests more). */
  total: number;
  /** Finished: computed + cached. */
  done: number;
  computed: number;
  /** Served from a checkpoint or by an equal request of another figure. */
  cached: number;
  running: number;
  /** Requested, not started (includes those waiting on another figure's equal request). */
  waiting: number;
  failed: number;
}

export interface OverallProgress {
  figuresDone: number;
  figuresFailed: number;
  figuresTotal: number;
  elapsedSeconds: number;
  subRuns: SubRunCounts;
  etaSeconds: number | undefined;
  workers: WorkerStatus | undefined;
}

/** The state of one run (no output). Times in milliseconds from `now` (injectable for tests). */
export class ProgressModel {
  private readonly figures: FigureEntry[];
  private readonly subRuns = new Map<number, SubRun>();
  private readonly measured = new Map<string, { sum: number; n: number }>();
  private nextId = 1;
  private readonly t0: number;
  workers: WorkerStatus | undefined;

  constructor(
    ids: readonly string[],
    private readonly slots: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.figures = ids.map((id, i) => ({ n: i + 1, id, state: "queued", subRuns: [] }));
    this.t0 = now();
  }

  get figureCount(): number {
    return this.figures.length;
  }

  /** Figure `n` (1-based position in the run). */
  figure(n: number): { n: number; id: string; state: FigureState } {
    const f = this.entry(n);
    return { n: f.n, id: f.id, state: f.state };
  }

  figureState(n: number, state: FigureState): void {
    this.entry(n).state = state;
  }

  /** Figures computing or rendering, in run order. */
  activeFigures(): number[] {
    return this.figures.filter((f) => f.state === "computing" || f.state === "rendering").map((f) => f.n);
  }

  /** A new sub-run of figure `n`; returns its id for the later events. */
  requested(n: number, kind: string, label: string): number {
    const s: SubRun = { id: this.nextId++, figure: n, kind, label, state: "waiting", requestedAt: this.now() };
    this.subRuns.set(s.id, s);
    this.entry(n).subRuns.push(s);
    return s.id;
  }

  started(id: number): void {
    const s = this.sub(id);
    if (s.state !== "waiting") return;
    s.state = "running";
    s.startedAt = this.now();
  }

  /** Waits on an equal request in flight (another figure's): finishes as cached, costs no slot. */
  shared(id: number): void {
    const s = this.sub(id);
    if (s.state === "waiting") s.state = "shared";
  }

  /** Finished: `cached` from a checkpoint or an equal request, else computed (its time is measured). */
  finished(id: number, cached: boolean): void {
    const s = this.sub(id);
    if (s.state === "done" || s.state === "cached" || s.state === "failed") return;
    s.finishedAt = this.now();
    if (cached) {
      s.state = "cached";
      return;
    }
    s.state = "done";
    const m = this.measured.get(s.kind) ?? { sum: 0, n: 0 };
    m.sum += s.finishedAt - (s.startedAt ?? s.requestedAt);
    m.n++;
    this.measured.set(s.kind, m);
  }

  failed(id: number): void {
    const s = this.sub(id);
    if (s.state === "done" || s.state === "cached" || s.state === "failed") return;
    s.state = "failed";
    s.finishedAt = this.now();
  }

  /** A sub-run's label, kind and, once finished, its time in seconds (running time when it ran on a worker). */
  subRun(id: number): { label: string; kind: string; figure: number; state: SubRunState; seconds: number | undefined } {
    const s = this.sub(id);
    const seconds = s.finishedAt === undefined ? undefined : (s.finishedAt - (s.startedAt ?? s.requestedAt)) / 1000;
    return { label: s.label, kind: s.kind, figure: s.figure, state: s.state, seconds };
  }

  /** Mean computed time of a kind in seconds (undefined before one has been computed). */
  meanSeconds(kind: string): number | undefined {
    const m = this.measured.get(kind);
    return m === undefined ? undefined : m.sum / m.n / 1000;
  }

  /** Counts for figure `n`, or for the whole run. */
  counts(n?: number): SubRunCounts {
    const list = n === undefined ? [...this.subRuns.values()] : this.entry(n).subRuns;
    const c: SubRunCounts = { total: list.length, done: 0, computed: 0, cached: 0, running: 0, waiting: 0, failed: 0 };
    for (const s of list) {
      if (s.state === "done") c.computed++;
      else if (s.state === "cached") c.cached++;
      else if (s.state === "running") c.running++;
      else if (s.state === "failed") c.failed++;
      else c.waiting++;
    }
    c.done = c.computed + c.cached;
    return c;
  }

  /**
   * Seconds until figure `n`'s (or, without `n`, every) requested sub-run is finished: 0 when none is left,
   * undefined when no sub-run has been computed yet to measure by.
   */
  eta(n?: number): number | undefined {
    const ends = this.schedule();
    const pending = (n === undefined ? [...this.subRuns.values()] : this.entry(n).subRuns).filter((s) => s.state === "waiting" || s.state === "running");
    if (pending.length === 0) return 0;
    if (ends === undefined) return undefined;
    return Math.max(...pending.map((s) => ends.get(s.id) ?? 0)) / 1000;
  }

  overall(): OverallProgress {
    const finished = this.figures.filter((f) => f.state === "done" || f.state === "cached" || f.state === "failed" || f.state === "not run");
    return {
      figuresDone: finished.length,
      figuresFailed: finished.filter((f) => f.state === "failed").length,
      figuresTotal: this.figures.length,
      elapsedSeconds: (this.now() - this.t0) / 1000,
      subRuns: this.counts(),
      etaSeconds: this.eta(),
      workers: this.workers,
    };
  }

  /** When (ms from now) each pending sub-run is expected to end: list scheduling in request order onto the slots. */
  private schedule(): Map<number, number> | undefined {
    let all = 0;
    let allN = 0;
    for (const m of this.measured.values()) {
      all += m.sum;
      allN += m.n;
    }
    if (allN === 0) return undefined;
    const estimate = (kind: string): number => {
      const m = this.measured.get(kind);
      return m === undefined ? all / allN : m.sum / m.n;
    };
    const now = this.now();
    const free = new Array<number>(Math.max(1, Math.floor(this.slots()) || 1)).fill(0);
    const ends = new Map<number, number>();
    const place = (s: SubRun, ms: number) => {
      let k = 0;
      for (let i = 1; i < free.length; i++) if (free[i] < free[k]) k = i;
      free[k] += ms;
      ends.set(s.id, free[k]);
    };
    const pending = [...this.subRuns.values()]; // in request order (ids increase)
    for (const s of pending) if (s.state === "running") place(s, Math.max(estimate(s.kind) - (now - (s.startedAt ?? now)), 0));
    for (const s of pending) if (s.state === "waiting") place(s, estimate(s.kind));
    return ends;
  }

  private entry(n: number): FigureEntry {
    const f = this.figures[n - 1];
    if (f === undefined) throw new RangeError(`no figure ${n} in this run`);
    return f;
  }

  private sub(id: number): SubRun {
    const s = this.subRuns.get(id);
    if (s === undefined) throw new RangeError(`no sub-run ${id} in this run`);
    return s;
  }
}

/** "12 s", "3 min 05 s", "2 h 05 min". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const r = Math.max(0, Math.round(s));
  if (r < 60) return `${r} s`;
  if (r < 3600) return `${Math.floor(r / 60)} min ${String(r % 60).padStart(2, "0")} s`;
  return `${Math.floor(r / 3600)} h ${String(Math.floor((r % 3600) / 60)).padStart(2, "0")} min`;
}

/** Events from run.ts, after the model has taken them. */
export type ProgressEvent =
  | { type: "figure"; n: number; state: FigureState; message: string }
  | { type: "sub-run"; id: number; state: "done" | "cached" | "failed"; message?: string };

/** Shows a run's progress. Both renderers write whole lines for `log` and the figures' events. */
export interface ProgressRenderer {
  readonly kind: "bars" | "lines";
  /** After the model has taken the event. */
  event(e: ProgressEvent, model: ProgressModel): void;
  /** A line of its own (warnings, the executor, the report). */
  log(line: string): void;
  /** Show the model from now on (the bars start). */
  start(model: ProgressModel): void;
  /** Stop drawing and restore the terminal (idempotent); later `log` lines are written plainly. */
  stop(): void;
}

function head(model: ProgressModel, n: number): string {
  return `[${n}/${model.figureCount}] figure ${model.figure(n).id}`;
}

function workersText(w: WorkerStatus | undefined): string {
  return w === undefined ? "" : `; ${w.workers} worker${w.workers === 1 ? "" : "s"}, queue: ${w.waiting} waiting, ${w.active} active`;
}

/**
 * Plain lines (not a terminal): one per figure event and one per finished sub-run, as the logs always had them,
 * with the figure's sub-runs done / requested and its ETA on each computed sub-run's line, and figures done /
 * total and the elapsed time on each finished figure's.
 */
export class LineRenderer implements ProgressRenderer {
  readonly kind = "lines";
  constructor(private readonly write: (line: string) => void) {}

  start(): void {}
  stop(): void {}

  log(line: string): void {
    this.write(line);
  }

  event(e: ProgressEvent, model: ProgressModel): void {
    if (e.type === "figure") {
      let line = `${head(model, e.n)}: ${e.message}`;
      if (e.state === "done" || e.state === "cached" || e.state === "failed" || e.state === "not run") {
        const o = model.overall();
        line += ` [${o.figuresDone}/${o.figuresTotal} figures finished, ${formatSeconds(o.elapsedSeconds)} elapsed${workersText(o.workers)}]`;
      }
      if (e.state !== "rendering") this.write(line);
      return;
    }
    const s = model.subRun(e.id);
    const c = model.counts(s.figure);
    const counted = `${c.done}/${c.total} sub-runs done`;
    if (e.state === "cached") {
      this.write(`${head(model, s.figure)}: ${s.label} (checkpoint) — ${counted}`);
    } else if (e.state === "done") {
      const eta = model.eta(s.figure);
      const left = c.total - c.done - c.failed;
      this.write(`${head(model, s.figure)}: ${s.label} ${(s.seconds ?? 0).toFixed(1)} s — ${counted}${c.running > 0 ? `, ${c.running} running` : ""}${left > 0 && eta !== undefined ? `, ETA ${formatSeconds(eta)}` : ""}`);
    } else {
      this.write(`${head(model, s.figure)}: ${s.label} FAILED${s.seconds === undefined ? "" : ` after ${s.seconds.toFixed(1)} s`}: ${e.message ?? "(no message)"}`);
    }
  }
}

export interface BarRendererOptions {
  /** Redraws per second (default 4). */
  fps?: number;
  /** On process exit with the bars still drawn, leave them as they are and end their line (default true). */
  restoreOnExit?: boolean;
  /**
   * While the bars are drawn, take what anything else in this process writes to `stream` (console.warn, a library's
   * notice, an executor's status line) and print it above the bars instead of through them (default: when `stream`
   * is process.stderr). Worker processes that write to the same terminal directly cannot be caught this way.
   */
  captureWrites?: boolean;
}

const BAR_WIDTH = 24;

function bar(done: number, total: number): string {
  const k = total === 0 ? 0 : Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
  return `${"█".repeat(k)}${"░".repeat(BAR_WIDTH - k)}`;
}

/**
 * Bars on a terminal (cli-progress's MultiBar on `stream`, normally stderr): an overall line (figures finished /
 * total, sub-runs, elapsed, ETA, and the queue's workers when the executor reports them), then one bar per figure
 * being computed (sub-runs done / requested, how many from checkpoints, running, ETA). A finished figure's bar is
 * removed and its outcome line printed above the bars, as are warnings; per-sub-run lines are not printed (the bars
 * count them). `stop()` clears the bars; nothing is drawn after it. The cursor stays visible and line wrapping on, so
 * a killed process leaves the terminal as it was.
 */
export class BarRenderer implements ProgressRenderer {
  readonly kind = "bars";
  private multi: MultiBar | undefined;
  private readonly bars = new Map<number, ReturnType<MultiBar["create"]>>();
  private model: ProgressModel | undefined;
  private stopped = false;
  /** The stream's own write, while ours replaces it (captureWrites). */
  private originalWrite: { write: NodeJS.WritableStream["write"]; own: boolean } | undefined;
  private partial = "";
  private lastDraw = 0;
  /**
   * process.exit() with the bars still drawn (runFigures stops them on every way out, so only from elsewhere): stop
   * the timer and end the bars' line so the shell's prompt starts on a line of its own, but do not clear them — an
   * error printed at exit would go with them. No SIGINT / SIGTERM handler: the terminal's settings are not touched
   * (cursor shown, line wrapping on), so the default action can kill the process at once, and a listener would wait
   * for a sub-run computed in this process (`--jobs 1`) to finish before Ctrl-C took effect.
   */
  private readonly onExit = () => this.finish(true);

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly options: BarRendererOptions = {},
  ) {}

  start(model: ProgressModel): void {
    if (this.multi !== undefined || this.stopped) return;
    this.model = model;
    const stream = this.stream;
    const direct = stream.write.bind(stream) as (chunk: string | Uint8Array, cb?: (e?: Error | null) => void) => boolean;
    // what cli-progress (and readline's cursor moves) write goes straight to the stream, past captureWrites
    const terminal = {
      isTTY: true,
      get columns() {
        return stream.columns;
      },
      write: (chunk: string | Uint8Array, cb?: (e?: Error | null) => void) => direct(chunk, cb),
    };
    this.multi = new MultiBar({
      stream: terminal as unknown as NodeJS.WritableStream,
      fps: this.options.fps ?? 4,
      hideCursor: false, // nothing to restore when the process is killed (Ctrl-C)
      clearOnComplete: true,
      forceRedraw: true, // lines printed above the bars move them: redraw every bar, not only changed ones
      linewrap: true, // bars are cut at the terminal width; long log lines wrap instead of being cut
      format: (_o, _p, payload: { line: () => string }) => payload.line(),
    });
    this.multi.create(1, 0, { line: () => this.overallLine() });
    if (this.options.captureWrites ?? stream === process.stderr) {
      this.originalWrite = { write: stream.write, own: Object.hasOwn(stream, "write") };
      stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void): boolean => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
        const lines = (this.partial + text).split("\n");
        this.partial = lines.pop() ?? "";
        for (const line of lines) this.multi?.log(`${line}\n`);
        const done = typeof encoding === "function" ? encoding : cb;
        if (done !== undefined) process.nextTick(done);
        return true;
      }) as NodeJS.WritableStream["write"];
    }
    if (this.options.restoreOnExit ?? true) process.once("exit", this.onExit);
    this.draw();
  }

  log(line: string): void {
    if (this.multi === undefined) this.stream.write(`${line}\n`);
    else {
      this.multi.log(`${line}\n`);
      this.draw();
    }
  }

  /**
   * Redraw now unless drawn within the last frame. cli-progress redraws on a timer, which never fires while this
   * process computes sub-runs one after another (`--jobs 1`: the event loop only turns between figures); every event
   * draws, so the bars move with each finished sub-run there too.
   */
  private draw(): void {
    const now = Date.now();
    if (this.multi === undefined || now - this.lastDraw < 1000 / (this.options.fps ?? 4)) return;
    this.lastDraw = now;
    this.multi.update();
  }

  private release(): void {
    if (this.originalWrite === undefined) return;
    if (this.originalWrite.own) this.stream.write = this.originalWrite.write;
    else delete (this.stream as { write?: unknown }).write; // the prototype's again
    this.originalWrite = undefined;
    if (this.partial !== "") this.multi?.log(`${this.partial}\n`);
    this.partial = "";
  }

  event(e: ProgressEvent, model: ProgressModel): void {
    if (e.type === "figure") {
      const n = e.n;
      if (e.state === "computing" && this.multi !== undefined && !this.bars.has(n)) {
        this.bars.set(n, this.multi.create(1, 0, { line: () => this.figureLine(n) }));
      }
      if (e.state === "done" || e.state === "cached" || e.state === "failed" || e.state === "not run") {
        const b = this.bars.get(n);
        if (b !== undefined) {
          this.bars.delete(n);
          this.multi?.remove(b);
        }
        this.log(`${head(model, n)}: ${e.message}`);
      }
    } else if (e.state === "failed") {
      const s = model.subRun(e.id);
      this.log(`${head(model, s.figure)}: ${s.label} FAILED: ${e.message ?? "(no message)"}`);
    }
    this.draw();
  }

  stop(): void {
    process.removeListener("exit", this.onExit);
    this.finish(false);
  }

  /** Once: flush the lines logged since the last redraw, then clear the bars, or (at exit) leave them drawn with their line ended. */
  private finish(keepBars: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    this.release();
    const multi = this.multi;
    this.multi = undefined;
    if (multi === undefined) return;
    multi.update();
    if (keepBars) (multi as unknown as { options: { clearOnComplete: boolean } }).options.clearOnComplete = false;
    multi.stop();
  }

  private overallLine(): string {
    const m = this.model;
    if (m === undefined) return "";
    const o = m.overall();
    const c = o.subRuns;
    const eta = c.total - c.done - c.failed > 0 && o.etaSeconds !== undefined ? ` · ETA ${formatSeconds(o.etaSeconds)}` : "";
    const w = o.workers === undefined ? "" : ` · ${o.workers.workers} worker${o.workers.workers === 1 ? "" : "s"}, queue ${o.workers.waiting} waiting / ${o.workers.active} active`;
    return `figures ${o.figuresDone}/${o.figuresTotal}${o.figuresFailed > 0 ? ` (${o.figuresFailed} failed)` : ""} · sub-runs ${c.done}/${c.total}, ${c.running} running · ${formatSeconds(o.elapsedSeconds)} elapsed${eta}${w}`;
  }

  private figureLine(n: number): string {
    const m = this.model;
    if (m === undefined) return "";
    const f = m.figure(n);
    const c = m.counts(n);
    const left = c.total - c.done - c.failed;
    let tail: string;
    if (f.state === "rendering") tail = "rendering";
    else if (c.total === 0) tail = "starting";
    else {
      const eta = m.eta(n);
      tail = `${c.running} running${left > 0 ? ` · ETA ${eta === undefined ? "…" : formatSeconds(eta)}` : ""}`;
    }
    return `  ${f.id.padEnd(5)} ${bar(c.done, c.total)} ${c.done}/${c.total}${c.cached > 0 ? ` (${c.cached} cached)` : ""}${c.failed > 0 ? ` ${c.failed} failed` : ""} · ${tail}`;
  }
}

/** Bars when `stream` is a terminal (and not a CI log or a dumb terminal), plain lines on it otherwise. */
export function chooseRenderer(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, env: NodeJS.ProcessEnv = process.env): ProgressRenderer {
  const tty = stream.isTTY === true && !env.CI && env.TERM !== "dumb";
  return tty ? new BarRenderer(stream) : new LineRenderer((line) => stream.write(`${line}\n`));
}

/** The model and its renderer, as run.ts drives them; polls the executor's optional `workerStatus()` every 2 s. */
export class Progress {
  readonly model: ProgressModel;
  private poll: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    ids: readonly string[],
    private readonly renderer: ProgressRenderer,
    executor: { slots(): number; workerStatus?(): Promise<WorkerStatus> },
    now?: () => number,
  ) {
    this.model = new ProgressModel(ids, () => executor.slots(), now);
    renderer.start(this.model);
    const status = executor.workerStatus?.bind(executor);
    if (status !== undefined) {
      const ask = () => {
        if (this.polling) return;
        this.polling = true;
        status().then(
          (w) => {
            this.model.workers = w;
          },
          () => undefined, // a status that cannot be had is not worth failing a run for
        ).finally(() => {
          this.polling = false;
        });
      };
      ask();
      this.poll = setInterval(ask, 2000);
      this.poll.unref();
    }
  }

  log(line: string): void {
    this.renderer.log(line);
  }

  figure(n: number, state: FigureState, message: string): void {
    this.model.figureState(n, state);
    this.renderer.event({ type: "figure", n, state, message }, this.model);
  }

  requested(n: number, kind: string, label: string): number {
    return this.model.requested(n, kind, label);
  }

  started(id: number): void {
    this.model.started(id);
  }

  shared(id: number): void {
    this.model.shared(id);
  }

  finished(id: number, cached: boolean): void {
    this.model.finished(id, cached);
    this.renderer.event({ type: "sub-run", id, state: cached ? "cached" : "done" }, this.model);
  }

  failed(id: number, message: string): void {
    this.model.failed(id);
    this.renderer.event({ type: "sub-run", id, state: "failed", message }, this.model);
  }

  /** Stops the bars and the polling (idempotent). */
  stop(): void {
    if (this.poll !== undefined) clearInterval(this.poll);
    this.poll = undefined;
    this.renderer.stop();
  }
}
