/** Runs the requested figures: configuration → cached or computed numbers → SVG, PNG, data.json → report. */
import { join } from "node:path";
import { type Backend, backend } from "./backend.js";
import { DiskCache, writeAtomic } from "./cache.js";
import { FIGURE_SCHEMA, SUBRUN_SCHEMAS } from "./cache-schema.js";
import type { AnyImplemented, ClaimCheck, FigureContext, FigureDefinition, FigureOutput, RunOptions } from "./figure.js";
import { configHash } from "./hash.js";
import { checkSeeds } from "./limits.js";
import { checkDataDir, prepareOutDir } from "./paths.js";
import type { FigureRecord } from "./record.js";
import { paperFigureManipulations } from "./authors-manipulations.js";
import { chooseRenderer, LineRenderer, Progress, type ProgressRenderer } from "./progress.js";
import { DEFAULT_PROTOCOL, INDEPENDENT_NOTE, type RecordedProtocol, resolveProtocol } from "./protocol.js";
import { FIGURES, figureById } from "./registry.js";
import { svgToPng, toSvg, withTheme } from "./render.js";
import { writeReport } from "./report.js";
import { InlineExecutor, type TaskExecutor } from "./tasks/executor.js";
import { PoolExecutor } from "./tasks/pool.js";

/** Bump to invalidate every cached figure (sub-runs carry their own version). */
export const FIGURE_CACHE_VERSION = 2;

export interface RunRequest extends RunOptions {
  ids: string[];
  outDir: string;
  /** Where the plain progress lines go (default: stderr, with bars instead when stderr is a terminal). */
  log?: (line: string) => void;
  /** How progress is shown (tests force the bars onto a fake terminal); default from `log` / stderr. Stopped before `runFigures` settles. */
  progress?: ProgressRenderer;
  /** Replace a figure's definition (tests inject failures through this). */
  override?: (fig: FigureDefinition) => FigureDefinition;
  /**
   * Sub-runs computed at once: 1 (default) = one at a time in this process, figure after figure; N > 1 = a pool of
   * N worker processes (tasks/pool.ts), every figure's sub-runs requested at once. Ignored when `executor` is given.
   */
  jobs?: number;
  /** Where sub-runs are computed (default: from `jobs`); the caller closes it. */
  executor?: TaskExecutor;
}

export interface RunSummary {
  records: FigureRecord[];
  reportPath: string;
  totalSeconds: number;
  failures: string[];
}

interface CachedFigure {
  output: FigureOutput<unknown>;
  wallSeconds: number;
  computedAt: string;
  /** Sub-runs computed for this figure vs taken from checkpoints (wallSeconds covers only the former). */
  subRuns: { computed: number; fromCheckpoint: number };
}

export function cacheDir(outDir: string): string {
  return join(outDir, ".cache");
}

export function figureDir(outDir: string, id: string): string {
  return join(outDir, id);
}

/**
 * Runs the figures. Refuses, before computing anything, a seed count outside 1 … MAX_SEEDS, an output directory
 * that cannot be created or written, and a data directory that is not an existing directory (UsageError).
 */
export async function runFigures(req: RunRequest): Promise<RunSummary> {
  const t0 = performance.now();
  if (req.seeds !== undefined) checkSeeds(req.seeds, "seeds");
  if (req.dataDir !== undefined) checkDataDir(req.dataDir, "dataDir");
  prepareOutDir(req.outDir, "outDir");
  const cache = new DiskCache(cacheDir(req.outDir), { warn: (m) => log(`cache warning: ${m}`) });
  const be = backend();
  const failures: string[] = [];
  const ids = req.ids.length > 0 ? req.ids : FIGURES.map((f) => f.id);
  const jobs = req.jobs ?? 1;
  if (req.executor === undefined && (!Number.isSafeInteger(jobs) || jobs < 1)) throw new RangeError(`jobs must be a positive integer, got ${jobs}`);
  const executor = req.executor ?? (jobs === 1 ? new InlineExecutor() : new PoolExecutor(jobs));
  // from here on the bars may be drawn: the try below stops them on every way out
  const progress = new Progress(ids, req.progress ?? (req.log !== undefined ? new LineRenderer(req.log) : chooseRenderer(process.stderr)), executor);
  const log = (line: string) => progress.log(line);
  const shared: SharedRunState = { cache, executor, inFlight: new Map() };
  log(`sub-runs: ${executor.description}`);
  const one = async (id: string, n: number): Promise<FigureRecord> => {
    const fig = req.override ? req.override(figureById(id)) : figureById(id);
    const head = `[${n}/${ids.length}] figure ${id}`;
    const protocol = resolveProtocol(fig, req.protocol ?? DEFAULT_PROTOCOL);
    if (!protocol.run) {
      progress.figure(n, "not run", `not run — ${protocol.reason}`);
      return writeNotRun(req, fig, be, protocol.reason);
    }
    try {
      return await runOne(req, fig, protocol.recorded, shared, be, progress, n, (m) => log(`${head}: ${m}`));
    } catch (e) {
      const msg = e instanceof Error ? e.stack ?? e.message : String(e);
      progress.figure(n, "failed", `FAILED — ${msg}`);
      failures.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
      return writeError(req, fig, be, msg);
    }
  };
  let records: FigureRecord[];
  try {
    if (executor.slots() === 1) {
      // one at a time: figure after figure, as each finishes its files are written
      records = [];
      for (const [i, id] of ids.entries()) records.push(await one(id, i + 1));
    } else {
      // every figure's sub-runs at once, so the workers are never idle while a figure draws or waits (records in id order)
      records = await Promise.all(ids.map((id, i) => one(id, i + 1)));
    }
  } finally {
    // the bars go before anything else is printed (cli.ts's table on stdout) and whether or not the run failed
    progress.stop();
    if (req.executor === undefined) await executor.close();
  }
  const reportPath = join(req.outDir, "report.html");
  writeReport(req.outDir, reportPath);
  const totalSeconds = (performance.now() - t0) / 1000;
  log(`report: ${reportPath} (${totalSeconds.toFixed(1)} s in total; cache: ${cache.stats.hits} hits, ${cache.stats.misses} computed${cache.refused.length > 0 ? `, ${cache.refused.length} entries refused (see the warnings above)` : ""})`);
  return { records, reportPath, totalSeconds, failures };
}

/** What the figures of one run share: the cache, the executor, and the sub-runs in flight (by cache file). */
interface SharedRunState {
  cache: DiskCache;
  executor: TaskExecutor;
  inFlight: Map<string, Promise<{ value: unknown; cached: boolean }>>;
}

/**
 * A sub-run through the cache and the executor. An equal request already in flight (Figs 4 and 5 share runs) waits
 * for it instead of computing it twice. The value is the JSON the executor returned, parsed — what a later read of
 * the cache returns — so a figure's numbers do not depend on where or whether its sub-runs were computed.
 */
function cachedSubRun(state: SharedRunState, kind: string, cfg: unknown, events: { started?: () => void; shared?: () => void } = {}): Promise<{ value: unknown; cached: boolean }> {
  const schema = Object.hasOwn(SUBRUN_SCHEMAS, kind) ? SUBRUN_SCHEMAS[kind] : undefined;
  const file = state.cache.path(`runs/${kind}`, cfg);
  const running = state.inFlight.get(file);
  if (running !== undefined) {
    events.shared?.();
    return running.then((r) => ({ value: r.value, cached: true }));
  }
  const p = state.cache.memo(`runs/${kind}`, cfg, async () => JSON.parse(await state.executor.run(kind, cfg, { started: events.started })) as unknown, schema);
  state.inFlight.set(file, p);
  const forget = () => state.inFlight.delete(file);
  p.then(forget, forget);
  return p;
}

/** One figure; `progress` (figure `n` of the run) takes its events, `say` its free lines. */
async function runOne(req: RunRequest, fig: AnyImplemented, protocol: RecordedProtocol, shared: SharedRunState, be: Backend, progress: Progress, n: number, say: (m: string) => void): Promise<FigureRecord> {
  const { cache } = shared;
  const config = fig.config({ preset: req.preset, seeds: req.seeds, dataDir: req.dataDir, ...(protocol === "independent" ? {} : { protocol }) });
  // The protocol is part of the key (a figure's config need not carry it); independent figures keep one entry for both.
  const key = { id: fig.id, config, version: FIGURE_CACHE_VERSION, figureVersion: fig.version, ...(protocol === "independent" ? {} : { protocol }) };
  const hash = configHash(key);
  let fromCache = true;
  let entry = cache.get<CachedFigure>(`fig-${safeId(fig.id)}`, key, FIGURE_SCHEMA);
  const subRuns = { computed: 0, fromCheckpoint: 0 };
  if (entry === undefined) {
    fromCache = false;
    cache.stats.misses++;
    progress.figure(n, "computing", `computing (config ${hash})`);
    const ctx: FigureContext = {
      cache,
      progress: say,
      subRun(kind, cfg, label) {
        if (!Object.hasOwn(SUBRUN_SCHEMAS, kind)) warnNoSchema(kind, say);
        const id = progress.requested(n, kind, label);
        const p = cachedSubRun(shared, kind, cfg, { started: () => progress.started(id), shared: () => progress.shared(id) }).then(
          ({ value, cached }) => {
            if (cached) subRuns.fromCheckpoint++;
            else subRuns.computed++;
            progress.finished(id, cached); // logs "<label> <time> s" or "<label> (checkpoint)"
            return value as never;
          },
          (e: unknown) => {
            progress.failed(id, e instanceof Error ? e.message : String(e));
            throw e;
          },
        );
        p.catch(() => undefined); // a figure that fails on one sub-run may leave others unawaited: not an unhandled rejection
        return p;
      },
    };
    const t = performance.now();
    const output = (await fig.run(config, ctx)) as FigureOutput<unknown>;
    entry = { output, wallSeconds: (performance.now() - t) / 1000, computedAt: new Date().toISOString(), subRuns };
    cache.set(`fig-${safeId(fig.id)}`, key, entry, FIGURE_SCHEMA);
  } else {
    cache.stats.hits++;
    say(`cached (config ${hash}), computed ${entry.computedAt} in ${entry.wallSeconds.toFixed(1)} s`);
  }
  progress.figure(n, "rendering", "rendering");
  const tr = performance.now();
  const spec = withTheme(fig.spec(entry.output, config), `Figure ${fig.id}${fig.origin === "beyond" ? " (beyond the paper)" : ""} — claim ${entry.output.claim.outcome.toUpperCase()}${entry.output.claim.scope ? ` (${entry.output.claim.scope})` : ""}`, fig.title);
  const svg = await toSvg(spec);
  const png = svgToPng(svg);
  const dir = figureDir(req.outDir, fig.id);
  writeAtomic(join(dir, "figure.svg"), svg);
  writeAtomic(join(dir, "figure.png"), png);
  writeAtomic(join(dir, "spec.vl.json"), JSON.stringify(spec));
  const renderSeconds = (performance.now() - tr) / 1000;
  const record: FigureRecord = {
    id: fig.id,
    title: fig.title,
    origin: fig.origin,
    implemented: true,
    caption: fig.caption,
    claimCheck: entry.output.claim,
    preset: req.preset,
    protocol,
    paperFigureDid: paperFigureManipulations(fig.id),
    configuration: config,
    configHash: hash,
    seeds: (config as { seeds: number[] }).seeds,
    whatWeRan: protocol === "independent" ? `${INDEPENDENT_NOTE} ${fig.describe(config, req.preset)}` : fig.describe(config, req.preset),
    paperScale: fig.paperScale,
    backend: be,
    wallSeconds: entry.wallSeconds,
    renderSeconds,
    fromCache,
    computedAt: entry.computedAt,
    subRuns: entry.subRuns,
    files: { svg: "figure.svg", png: "figure.png", data: "data.json" },
    data: entry.output.data,
  };
  writeAtomic(join(dir, "data.json"), JSON.stringify(record, null, 1));
  progress.figure(n, fromCache ? "cached" : "done", `${record.claimCheck.outcome.toUpperCase()} — ${fromCache ? "from cache" : `${entry.wallSeconds.toFixed(1)} s`}, rendered in ${renderSeconds.toFixed(1)} s → ${dir}`);
  return record;
}

function notRunRecord(req: RunRequest, fig: FigureDefinition, be: Backend, claim: ClaimCheck): FigureRecord {
  const protocol = resolveProtocol(fig, req.protocol ?? DEFAULT_PROTOCOL);
  return {
    id: fig.id, title: fig.title, origin: fig.origin, implemented: fig.implemented, caption: fig.caption, claimCheck: claim,
    preset: req.preset, protocol: protocol.run ? protocol.recorded : (req.protocol ?? DEFAULT_PROTOCOL), paperFigureDid: paperFigureManipulations(fig.id), configuration: null, configHash: null, seeds: [], whatWeRan: "Not run.", paperScale: fig.paperScale,
    backend: be, wallSeconds: null, renderSeconds: null, fromCache: false, computedAt: null, subRuns: null, files: { svg: null, png: null, data: "data.json" }, data: null,
  };
}

function writeError(req: RunRequest, fig: FigureDefinition, be: Backend, message: string): FigureRecord {
  return writeNotRun(req, fig, be, `The run failed: ${message}`);
}

function writeNotRun(req: RunRequest, fig: FigureDefinition, be: Backend, details: string): FigureRecord {
  const rec = notRunRecord(req, fig, be, { claim: fig.claim, measured: {}, outcome: "not run", details });
  writeAtomic(join(figureDir(req.outDir, fig.id), "data.json"), JSON.stringify(rec, null, 1));
  return rec;
}

const unschematised = new Set<string>();
/** A sub-run kind without a schema in cache-schema.ts: its entries are checked by checksum only (warned once per process). */
function warnNoSchema(kind: string, progress: (m: string) => void): void {
  if (unschematised.has(kind)) return;
  unschematised.add(kind);
  progress(`cache warning: sub-run kind '${kind}' has no schema in src/cache-schema.ts; its entries are checked by checksum only`);
}

/** File-name-safe id ("A.1" stays "A.1", anything odd becomes "_"). */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9.]/g, "_");
}
