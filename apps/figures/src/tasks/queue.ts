/**
 * `--queue redis://…`: sub-runs computed by `figures worker` processes on any number of machines, through a BullMQ
 * queue on one Redis server. The coordinator (`figures … --queue URL`, a `QueueExecutor`) enqueues each missing
 * sub-run as a job whose id is its kind and the hash of its configuration (the same key as its cache file), and
 * waits for the result's JSON text to come back through the queue; it alone writes the output folder and the cache.
 * Workers (`startQueueWorker`, behind `figures worker`) take jobs, run them in worker processes (tasks/pool.ts) and
 * hand back `runTaskJson`'s text.
 *
 * - Resume: ids are deterministic, so a restarted coordinator re-attaches to the jobs still queued, running or
 *   finished while it was away (a job that had failed is enqueued afresh).
 * - Lost workers: a worker renews the lock of each job it runs (its main thread only waits on the worker processes,
 *   so renewal never starves); a worker killed or cut off stops renewing, and BullMQ's stalled-job check (run by the
 *   remaining workers every `stalledMs`) puts the job back in the queue once its lock has expired (`lockMs`).
 * - Failures: a task that throws is retried `attempts` times in all, with exponential backoff from `backoffMs`, then
 *   reported to the coordinator with the worker's error message, which becomes the figure's failure line.
 * - One Redis, several projects: the queue's name carries the project and the cache version (`QUEUE_NAME`).
 */
import type { EventEmitter } from "node:events";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { type ConnectionOptions, type Job, Queue, QueueEvents, WaitingError, Worker } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { configHash } from "../hash.js";
import { UsageError } from "../limits.js";
import { FIGURE_CACHE_VERSION } from "../run.js";
import type { ExecutorStatus, TaskEvents, TaskExecutor } from "./executor.js";

/** Bump when what travels through the queue (job data, result) changes shape. */
export const QUEUE_FORMAT_VERSION = 1;
/** The queue's name: project, figure cache version and queue format, so that projects and versions can share one Redis. */
export const QUEUE_NAME = `heavytails-figures-v${FIGURE_CACHE_VERSION}.${QUEUE_FORMAT_VERSION}`;

/** What a job carries: the task, exactly as `runTaskJson` takes it. */
export interface QueueJobData {
  kind: string;
  config: unknown;
}

/** A job's id: its kind and the hash of its configuration (the name of its cache file, `runs/<kind>-<hash>.json`). */
export function queueJobId(kind: string, config: unknown): string {
  return `${kind}-${configHash(config)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

export interface QueueSettings {
  /** Worker: how long a job's lock lasts without renewal (renewed every half of it) — HEAVYTAILS_QUEUE_LOCK_MS. */
  lockMs: number;
  /** Worker: how often a worker looks for jobs whose lock expired (their worker died) — HEAVYTAILS_QUEUE_STALLED_MS. */
  stalledMs: number;
  /** Worker: how many times one job may lose its worker before it counts as failed — HEAVYTAILS_QUEUE_MAX_STALLED. */
  maxStalled: number;
  /** Coordinator: runs of a task that throws, in all, before it is reported failed — HEAVYTAILS_QUEUE_ATTEMPTS. */
  attempts: number;
  /** Coordinator: first retry delay, doubling with each retry — HEAVYTAILS_QUEUE_BACKOFF_MS. */
  backoffMs: number;
  /** Coordinator: how often the worker count and queue depth are logged — HEAVYTAILS_QUEUE_STATUS_MS. */
  statusMs: number;
  /** Both: how long to wait for Redis at startup before giving up — HEAVYTAILS_QUEUE_CONNECT_MS. */
  connectMs: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  lockMs: 30_000,
  stalledMs: 30_000,
  maxStalled: 3,
  attempts: 3,
  backoffMs: 10_000,
  statusMs: 30_000,
  connectMs: 10_000,
};

const ENV_NAMES: Record<keyof QueueSettings, string> = {
  lockMs: "HEAVYTAILS_QUEUE_LOCK_MS",
  stalledMs: "HEAVYTAILS_QUEUE_STALLED_MS",
  maxStalled: "HEAVYTAILS_QUEUE_MAX_STALLED",
  attempts: "HEAVYTAILS_QUEUE_ATTEMPTS",
  backoffMs: "HEAVYTAILS_QUEUE_BACKOFF_MS",
  statusMs: "HEAVYTAILS_QUEUE_STATUS_MS",
  connectMs: "HEAVYTAILS_QUEUE_CONNECT_MS",
};

/** The defaults, overridden by the HEAVYTAILS_QUEUE_* environment variables (positive integers; UsageError otherwise). */
export function queueSettings(env: NodeJS.ProcessEnv = process.env, base: Partial<QueueSettings> = {}): QueueSettings {
  const s: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, ...base };
  for (const key of Object.keys(ENV_NAMES) as Array<keyof QueueSettings>) {
    const raw = env[ENV_NAMES[key]];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${ENV_NAMES[key]} must be a positive integer, got '${raw}'`);
    s[key] = n;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// The Redis URL

export interface RedisTarget {
  /** The URL without its password, for logs. */
  display: string;
  /** ioredis options (host, port, credentials, db, TLS). */
  options: RedisOptions;
}

/**
 * `redis://[user:password@]HOST[:PORT][/DB]` or `rediss://…` (TLS). Refuses anything else with a one-line UsageError
 * that names `flag` (and never echoes the password).
 */
export function parseQueueUrl(url: string, flag = "--queue"): RedisTarget {
  const bad = (why: string) => new UsageError(`${flag} must be redis://[user:password@]HOST:PORT or rediss://… (TLS): ${why}`);
  if (url.trim() === "") throw bad("got an empty URL");
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad(`cannot parse '${redactUrl(url)}'`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw bad(`unsupported scheme '${u.protocol}'`);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (host === "") throw bad("no host");
  if (u.search !== "" || u.hash !== "") throw bad("no query string or fragment is accepted");
  const port = u.port === "" ? 6379 : Number(u.port);
  let db: number | undefined;
  if (u.pathname !== "" && u.pathname !== "/") {
    db = Number(u.pathname.slice(1));
    if (!Number.isSafeInteger(db) || db < 0) throw bad(`the path must be a database number, got '${u.pathname}'`);
  }
  const tls = u.protocol === "rediss:";
  const options: RedisOptions = {
    host,
    port,
    ...(u.username !== "" ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== "" ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined ? { db } : {}),
    // TLS: the server's certificate is verified against Node's CAs (NODE_EXTRA_CA_CERTS adds a private one); SNI
    // only for a host name (Node refuses an IP address as server name)
    ...(tls ? { tls: isIP(host) === 0 ? { servername: host } : {} } : {}),
  };
  const auth = u.username !== "" || u.password !== "" ? `${u.username}${u.password !== "" ? ":***" : ""}@` : "";
  return { display: `${u.protocol}//${auth}${u.host}${db !== undefined ? `/${db}` : ""}`, options };
}

/** A URL with its password replaced by *** (for messages about URLs that did not parse). */
function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
}

/**
 * Connects once, with no retries, and pings: a clear one-line UsageError (exit 2) for an unreachable server, a
 * refused password or a TLS mismatch, instead of BullMQ's endless reconnection attempts.
 */
export async function checkRedis(target: RedisTarget, timeoutMs = DEFAULT_QUEUE_SETTINGS.connectMs): Promise<void> {
  let lastError: Error | undefined;
  const client = new Redis({ ...target.options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on("error", (e: Error) => {
    lastError = e;
  });
  try {
    await withTimeout(
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      timeoutMs + 1000,
    );
  } catch (e) {
    const err = lastError ?? (e instanceof Error ? e : new Error(String(e)));
    const msg = (e instanceof Error && /NOAUTH|WRONGPASS|ERR AUTH|invalid password/i.test(e.message) ? e.message : err.message).replace(/\s+/g, " ");
    throw new UsageError(`cannot reach Redis at ${target.display}: ${msg}`);
  } finally {
    client.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** BullMQ's connection options: one ioredis client per Queue / Worker / QueueEvents, reconnecting while the run lasts. */
function connection(target: RedisTarget): ConnectionOptions {
  return { ...target.options, maxRetriesPerRequest: null } as ConnectionOptions;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");

/** The same error line at most once a minute (a Redis outage makes every client report every reconnection attempt). */
function throttledLog(log: (line: string) => void): (line: string) => void {
  const seen = new Map<string, number>();
  return (line) => {
    const now = Date.now();
    if ((seen.get(line) ?? -Infinity) > now - 60_000) return;
    seen.set(line, now);
    log(line);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The coordinator's side

export interface QueueExecutorOptions {
  /** Where the status lines go (default stderr). */
  log?: (line: string) => void;
  settings?: QueueSettings;
}

interface Pending {
  kind: string;
  started: Array<() => void>;
  running: boolean;
  result: Promise<string>;
}

/** The awaited job is no longer in Redis (it is enqueued again, at most twice). */
class JobGone extends Error {}

/** Workers name themselves `<host>-<pid>-j<jobs>` (`startQueueWorker`): the coordinator adds up their slots. */
function slotsOfWorkerName(name: string | undefined): number {
  const m = /-j(\d+)$/.exec(name ?? "");
  return m ? Number(m[1]) : 1;
}

/**
 * Enqueues sub-runs and waits for their results (`TaskExecutor`). Construct with `QueueExecutor.connect(url)`,
 * which checks that Redis answers first.
 */
export class QueueExecutor implements TaskExecutor {
  readonly description: string;
  private readonly queue: Queue<QueueJobData, string>;
  private readonly events: QueueEvents;
  private readonly log: (line: string) => void;
  private readonly errorLog: (line: string) => void;
  private readonly settings: QueueSettings;
  private readonly pending = new Map<string, Pending>();
  /** Jobs awaited: a state check (for missed events) and how to give up on close. */
  private readonly checks = new Map<string, { check: () => Promise<void>; abort: (why: string) => void }>();
  private readonly statusTimer: NodeJS.Timeout;
  private workerSlots = 0;
  private done = 0;
  private reattached = 0;
  private closed = false;

  static async connect(url: string, opts: QueueExecutorOptions = {}): Promise<QueueExecutor> {
    const target = parseQueueUrl(url);
    const settings = opts.settings ?? queueSettings();
    await checkRedis(target, settings.connectMs);
    const ex = new QueueExecutor(target, { ...opts, settings });
    await ex.ready();
    return ex;
  }

  private constructor(target: RedisTarget, opts: QueueExecutorOptions & { settings: QueueSettings }) {
    this.settings = opts.settings;
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.errorLog = throttledLog(this.log);
    this.description = `queue ${QUEUE_NAME} at ${target.display} (workers: figures worker --queue URL)`;
    this.queue = new Queue<QueueJobData, string>(QUEUE_NAME, { connection: connection(target) });
    this.events = new QueueEvents(QUEUE_NAME, { connection: connection(target) });
    this.events.setMaxListeners(0); // one listener per awaited job and outcome
    // (errors while closing — a connection torn down mid-command — are expected and not worth a line)
    this.queue.on("error", (e: unknown) => this.closed || this.errorLog(`queue: Redis error: ${errorText(e)}`));
    this.events.on("error", (e: unknown) => this.closed || this.errorLog(`queue: Redis error (events): ${errorText(e)}`));
    this.events.on("active", ({ jobId }) => this.markStarted(jobId));
    this.events.on("stalled", ({ jobId }) => {
      if (this.pending.has(jobId)) this.log(`queue: sub-run ${jobId} lost its worker (lock expired): queued again`);
    });
    this.events.on("retries-exhausted", ({ jobId, attemptsMade }) => {
      if (this.pending.has(jobId)) this.log(`queue: sub-run ${jobId} failed ${attemptsMade} times: giving up`);
    });
    this.statusTimer = setInterval(() => void this.logStatus(), this.settings.statusMs);
    this.statusTimer.unref();
  }

  private async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    await this.refreshWorkers();
  }

  /**
   * Slots of the workers last seen, but never 1: runFigures requests every figure's sub-runs at once only when
   * slots() > 1, and a queue must always be given them all (workers may join at any time).
   */
  slots(): number {
    return Math.max(2, this.workerSlots);
  }

  private markStarted(jobId: string): void {
    const p = this.pending.get(jobId);
    if (p === undefined || p.running) return;
    p.running = true;
    for (const f of p.started) f();
  }

  run(kind: string, config: unknown, events?: TaskEvents): Promise<string> {
    if (this.closed) return Promise.reject(new Error("the queue executor is closed"));
    const id = queueJobId(kind, config);
    let entry = this.pending.get(id);
    if (entry === undefined) {
      // one wait per job, however many callers ask for it
      const fresh: Pending = { kind, started: [], running: false, result: Promise.resolve("") };
      this.pending.set(id, fresh);
      fresh.result = this.enqueueAndWait(id, kind, config).finally(() => this.pending.delete(id));
      entry = fresh;
    }
    if (events?.started) {
      if (entry.running) events.started();
      else entry.started.push(events.started);
    }
    return entry.result;
  }

  private async enqueueAndWait(id: string, kind: string, config: unknown): Promise<string> {
    for (let round = 1; ; round++) {
      let job = (await this.queue.getJob(id)) as Job<QueueJobData, string> | undefined;
      if (job !== undefined) {
        const state = await job.getState();
        if (state === "failed") {
          // failed before this run (a previous coordinator saw it fail, or none was waiting): try again from scratch
          await job.remove().catch(() => undefined);
          job = undefined;
        } else {
          if (round === 1) this.reattached++;
          if (state === "active") this.markStarted(id);
        }
      }
      if (job === undefined) {
        if (this.pending.size === 1 && this.done === 0) void this.logStatus();
        await this.queue.add(kind, { kind, config }, {
          jobId: id,
          attempts: this.settings.attempts,
          backoff: { type: "exponential", delay: this.settings.backoffMs },
          // results nobody collects (no coordinator came back) are dropped after a week; failures kept as long
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        });
      }
      let value: unknown;
      try {
        value = await this.finished(id);
      } catch (e) {
        // gone before we saw it finish (another coordinator of the same figures collected and removed it): again
        if (e instanceof JobGone && round < 3 && !this.closed) continue;
        throw await this.failure(id, e);
      }
      if (typeof value !== "string") throw new Error(`sub-run ${id}: the queue returned a ${typeof value}, not the result's JSON text (a worker of another version?)`);
      this.done++;
      // the result now lives in the coordinator's cache (written as soon as this returns): free Redis of it
      setImmediate(() => void this.queue.remove(id).catch(() => undefined));
      return value;
    }
  }


  /**
   * The job's result once it completes (rejects with its failure reason): from the events stream, or from the job
   * itself if it finished before we listened, or if an event was missed (checked again with every status line).
   * (BullMQ's `job.waitUntilFinished` does the same but leaves an unhandled rejection when the connection closes
   * during its first check.)
   */
  private finished(id: string): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const completed = `completed:${id}`;
      const failed = `failed:${id}`;
      const onCompleted = (args: { returnvalue: unknown }) => settle(() => resolve(args.returnvalue));
      const onFailed = (args: { failedReason: string }) => settle(() => reject(new Error(args.failedReason)));
      const check = async (): Promise<void> => {
        const job = await this.queue.getJob(id);
        if (job === undefined) return settle(() => reject(new JobGone("the job disappeared from the queue (removed by hand, or by another coordinator of the same figures)")));
        const state = await job.getState();
        if (state === "completed") onCompleted({ returnvalue: job.returnvalue });
        else if (state === "failed") onFailed({ failedReason: job.failedReason });
      };
      let done = false;
      const settle = (f: () => void) => {
        if (done) return;
        done = true;
        ev.off(completed, onCompleted);
        ev.off(failed, onFailed);
        this.checks.delete(id);
        f();
      };
      const ev = this.events as unknown as EventEmitter; // per-job event names are not in BullMQ's typed listener map
      ev.on(completed, onCompleted);
      ev.on(failed, onFailed);
      this.checks.set(id, { check, abort: (why) => settle(() => reject(new Error(why))) });
      // listening first, then looking: a job that finished in between is seen either way
      this.events
        .waitUntilReady()
        .then(check)
        .catch((e: unknown) => settle(() => reject(e instanceof Error ? e : new Error(String(e)))));
    });
  }

  /** The worker's error, with where and after how many attempts it happened. */
  private async failure(id: string, e: unknown): Promise<Error> {
    const reason = errorText(e);
    if (this.closed) return new Error(`sub-run ${id}: the queue executor was closed before the result came (${reason})`);
    const job = await this.queue.getJob(id).catch(() => undefined);
    const where = job?.processedBy ? ` on worker ${job.processedBy}` : "";
    const attempts = job ? `, after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? "" : "s"}` : "";
    return new Error(`sub-run ${id} failed${where}${attempts}: ${reason}`);
  }

  private async refreshWorkers(): Promise<number> {
    try {
      const workers = await this.queue.getWorkers();
      // BullMQ's entries: `name` is the queue's, `rawname` the connection's, `bull:<queue>:w:<worker name>`
      this.workerSlots = workers.reduce((s, w) => s + slotsOfWorkerName(w.rawname ?? w.name), 0);
      return workers.length;
    } catch {
      return -1; // CLIENT LIST may be forbidden by the server's ACL: the count is then unknown
    }
  }

  private snapshot: { at: number; value: Promise<ExecutorStatus & { delayed: number }> } | undefined;

  /** For progress: the live workers and the queue's jobs waiting and running (all coordinators'). */
  async workerStatus(): Promise<ExecutorStatus> {
    const s = await this.queueStatus();
    if (s.workers < 0) throw new Error("the worker count is unknown (CLIENT LIST refused)");
    return s;
  }

  /** The workers (−1: unknown) and the queue's jobs waiting, running, waiting to be retried; fetched at most once a second. */
  private queueStatus(): Promise<ExecutorStatus & { delayed: number }> {
    if (this.snapshot !== undefined && Date.now() - this.snapshot.at < 1000) return this.snapshot.value;
    const value = (async () => {
      const workers = await this.refreshWorkers();
      const c = await this.queue.getJobCounts("waiting", "prioritized", "active", "delayed");
      return { workers, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 };
    })();
    value.catch(() => undefined);
    this.snapshot = { at: Date.now(), value };
    return value;
  }

  /** One plain line: workers, their slots, the queue's depth, this run's progress. */
  private async logStatus(): Promise<void> {
    if (this.closed || this.pending.size === 0) return;
    // a finished job whose event was missed (a Redis reconnection, a trimmed events stream) is collected here
    for (const c of [...this.checks.values()]) await c.check().catch(() => undefined);
    try {
      const { workers, waiting, active, delayed } = await this.queueStatus();
      const mine = [...this.pending.values()];
      const runningMine = mine.filter((p) => p.running).length;
      const who = workers < 0 ? "workers unknown (CLIENT LIST refused)" : workers === 0 ? "no workers yet (start `figures worker --queue URL` on any machine)" : `${workers} worker${workers === 1 ? "" : "s"} (${this.workerSlots} slot${this.workerSlots === 1 ? "" : "s"})`;
      this.log(`queue ${QUEUE_NAME}: ${who}; ${waiting} waiting, ${active} running, ${delayed} to retry; this run: ${this.done} done, ${runningMine} running, ${mine.length - runningMine} waiting${this.reattached > 0 ? `, ${this.reattached} re-attached` : ""}`);
    } catch (e) {
      if (!this.closed) this.errorLog(`queue: status unavailable: ${errorText(e)}`);
    }
  }

  /** Stops listening. Jobs still queued stay there: a later coordinator with the same figures re-attaches to them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.statusTimer);
    if (this.done > 0 || this.reattached > 0) this.log(`queue ${QUEUE_NAME}: ${this.done} sub-run result${this.done === 1 ? "" : "s"} came back from the workers; ${this.reattached} job${this.reattached === 1 ? " was" : "s were"} already in the queue (re-attached)`);
    for (const c of [...this.checks.values()]) c.abort("the queue executor was closed");
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The workers' side

export interface QueueWorkerOptions {
  url: string;
  /** Jobs run at once (worker processes). */
  jobs: number;
  /** Runs the tasks; must not block this thread (the locks are renewed from it): a PoolExecutor in production. */
  executor: TaskExecutor;
  log?: (line: string) => void;
  settings?: QueueSettings;
  /** Worker name (default `<host>-<pid>-j<jobs>`; must end in `-j<jobs>` for the coordinator's slot count). */
  name?: string;
}

export interface QueueWorkerHandle {
  readonly name: string;
  readonly queueName: string;
  readonly display: string;
  /** Jobs running now. */
  running(): number;
  /** Take no new jobs, let the running ones finish, disconnect. */
  finish(): Promise<void>;
  /** Take no new jobs and hand the running ones back to the queue at once (others pick them up), disconnect. */
  release(): Promise<void>;
}

/** Starts taking jobs (checks that Redis answers first: UsageError otherwise). */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const target = parseQueueUrl(opts.url);
  const settings = opts.settings ?? queueSettings();
  await checkRedis(target, settings.connectMs);
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const errorLog = throttledLog(log);
  const name = opts.name ?? `${hostname().replace(/[^A-Za-z0-9.]/g, "_")}-${process.pid}-j${opts.jobs}`;
  const running = new Map<string, { job: Job<QueueJobData, string>; token: string | undefined }>();
  let releasing = false;
  let finishing = false;
  // release(): rejects every running job's wait on its task, so that their processors end at once
  let releaseNow = (): void => {};
  const released = new Promise<never>((_, reject) => {
    releaseNow = () => reject(new Error("released"));
  });
  released.catch(() => undefined);
  const worker = new Worker<QueueJobData, string>(
    QUEUE_NAME,
    async (job, token) => {
      const id = job.id ?? "?";
      if (releasing) {
        // fetched while release() ran (a fetch under way as it began): straight back
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const t = performance.now();
      running.set(id, { job, token });
      log(`start ${id} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`);
      try {
        const text = await Promise.race([opts.executor.run(job.data.kind, job.data.config), released]);
        log(`done ${id} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        return text;
      } catch (e) {
        if (releasing) throw new WaitingError(); // release() has moved the job back to wait already
        if (finishing) {
          // stopping, and the task failed: most likely its process got the terminal's Ctrl-C too. Another worker takes it.
          await job.moveToWait(token);
          log(`handed ${id} back to the queue (it stopped while this worker was stopping: ${errorText(e)})`);
          throw new WaitingError();
        }
        log(`failed ${id}: ${errorText(e)}`);
        throw e instanceof Error ? e : new Error(String(e));
      } finally {
        running.delete(id);
      }
    },
    {
      connection: connection(target),
      name,
      concurrency: opts.jobs,
      lockDuration: settings.lockMs,
      stalledInterval: settings.stalledMs,
      maxStalledCount: settings.maxStalled,
    },
  );
  worker.on("error", (e: unknown) => {
    if (!worker.closing) errorLog(`Redis error: ${errorText(e)}`);
  });
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    finishing = true;
    closing ??= (async () => {
      await worker.close();
      await opts.executor.close();
    })();
    return closing;
  };
  return {
    name,
    queueName: QUEUE_NAME,
    display: target.display,
    running: () => running.size,
    finish: close,
    async release() {
      releasing = true;
      finishing = true;
      const stopped = worker.close(); // no new jobs; resolves when the processors below have ended
      // back to wait at once, without counting an attempt; the tasks themselves stop when this process exits
      await Promise.allSettled(
        [...running.values()].map(async ({ job, token }) => {
          await job.moveToWait(token);
          log(`released ${job.id ?? "?"} to the queue`);
        }),
      );
      releaseNow();
      await stopped;
    },
  };
}
