/**
 * Where sub-runs are computed. An executor takes (kind, configuration) and returns the result's JSON text
 * (tasks/run-task.ts). Three exist: `InlineExecutor` (this process, one at a time: `--jobs 1`), `PoolExecutor`
 * (worker processes on this machine: `--jobs N`, tasks/pool.ts) and `QueueExecutor` (workers anywhere, through a
 * BullMQ queue on Redis: `--queue URL`, tasks/queue.ts). The coordinator alone reads and writes the cache.
 */
import { runTaskJson } from "./run-task.js";

export interface TaskEvents {
  /** The task has started on a worker (for progress: running vs waiting). */
  started?: () => void;
}

/** An executor's workers right now, for progress (a queue's: its live workers, and its jobs waiting and active). */
export interface ExecutorStatus {
  workers: number;
  waiting: number;
  active: number;
}

export interface TaskExecutor {
  /** In words, for logs: "this process", "2 worker processes", "queue redis://host:6379 (…)". */
  readonly description: string;
  /** How many tasks run at once at most (for progress and ETA); the queue reports what its workers offer. */
  slots(): number;
  /** The result of one task, as JSON text. Rejects with the task's error (its message names the worker). */
  run(kind: string, config: unknown, events?: TaskEvents): Promise<string>;
  /**
   * Optional: the workers and the queue right now. The coordinator's progress polls it every 2 s while a run lasts
   * and shows it beside the overall line (a rejection is ignored). Executors that hold their own queue (a queue on
   * Redis) implement it; the others need not.
   */
  workerStatus?(): Promise<ExecutorStatus>;
  /** Stop the workers (idempotent). */
  close(): Promise<void>;
}

/** One task at a time, in this process, in the order they were requested (`--jobs 1`). */
export class InlineExecutor implements TaskExecutor {
  readonly description = "this process (--jobs 1)";
  private tail: Promise<unknown> = Promise.resolve();

  /** `compute`: the task runner (tests put a stand-in for the registered kinds here). */
  constructor(private readonly compute: (kind: string, config: unknown) => string | Promise<string> = runTaskJson) {}

  slots(): number {
    return 1;
  }

  run(kind: string, config: unknown, events?: TaskEvents): Promise<string> {
    const result = this.tail.then(() => {
      events?.started?.();
      return this.compute(kind, config);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.tail;
  }
}
