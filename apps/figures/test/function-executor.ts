/** Test helper: an executor whose tasks are computed by a test function (a stand-in for the registered kinds). */
import { InlineExecutor, type TaskExecutor } from "../src/tasks/executor.js";

export function functionExecutor(compute: (kind: string, config: unknown) => unknown): TaskExecutor {
  return new InlineExecutor((kind, config) => JSON.stringify(compute(kind, config)));
}
