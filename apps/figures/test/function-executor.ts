/** Test helper: an executor whose tasks are computed by a test function (a stand-in for the registered kinds). */
import type { TaskExecutor } from "../src/tasks/executor.js";

export function functionExecutor(compute: (kind: string, config: unknown) => unknown): TaskExecutor {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    description: "a test function",
    slots: () => 1,
    run(kind, config) {
      const r = tail.then(() => JSON.stringify(compute(kind, config)));
      tail = r.catch(() => undefined);
      return r;
    },
    close: async () => {},
  };
}
