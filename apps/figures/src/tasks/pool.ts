/**
 * `--jobs N`: sub-runs in N worker processes on this machine, through workerpool (tasks/pool-worker.mjs).
 *
 * Processes, not threads: each worker selects its own TensorFlow.js backend and has its own tfjs engine and
 * WebAssembly memory (tfjs keeps global state per process; tfjs-node's native binding is not meant for several
 * threads), and a sub-run that exhausts memory or crashes takes down its worker only — workerpool rejects that
 * task and starts a fresh worker. At most N tasks are handed to the pool at a time, so "running" in the progress
 * output is exact.
 */
import { fileURLToPath } from "node:url";
import workerpool from "workerpool";
import type { TaskEvents, TaskExecutor } from "./executor.js";

const WORKER_SCRIPT = fileURLToPath(new URL("./pool-worker.mjs", import.meta.url));

export class PoolExecutor implements TaskExecutor {
  readonly description: string;
  private readonly pool: workerpool.Pool;
  private readonly n: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(jobs: number) {
    if (!Number.isSafeInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer, got ${jobs}`);
    this.n = jobs;
    this.description = `${jobs} worker process${jobs === 1 ? "" : "es"} (--jobs ${jobs})`;
    this.pool = workerpool.pool(WORKER_SCRIPT, {
      workerType: "process",
      maxWorkers: jobs,
      // the workers inherit no --inspect or tsx flags of this process; tsx is registered by the script itself
      forkOpts: { execArgv: [], stdio: ["ignore", 2, 2, "ipc"] }, // a worker's output goes to stderr: stdout is the results table
      workerTerminateTimeout: 2000,
    });
  }

  slots(): number {
    return this.n;
  }

  async run(kind: string, config: unknown, events?: TaskEvents): Promise<string> {
    if (this.closed) throw new Error("the worker pool is closed");
    if (this.active >= this.n) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      events?.started?.();
      return (await this.pool.exec("runTaskJson", [kind, config])) as string;
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /**
   * CPU seconds one task takes in a worker process, its result discarded (the probes of estimate.ts: a probe that
   * crashes its worker — a WebAssembly abort when memory runs out — rejects here and costs this process nothing).
   */
  async cpuSeconds(kind: string, config: unknown, timeoutMs?: number): Promise<number> {
    if (this.closed) throw new Error("the worker pool is closed");
    const p = this.pool.exec("cpuSecondsOfTask", [kind, config]);
    // past the timeout workerpool rejects and terminates the worker (a fresh one serves the next call)
    if (timeoutMs !== undefined) p.timeout(timeoutMs);
    try {
      return (await p) as number;
    } catch (e) {
      if (e instanceof Error && e.name === "TimeoutError") throw new Error(`ran over ${Math.round(timeoutMs! / 1000)} s (wall time)`);
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.terminate();
  }
}
