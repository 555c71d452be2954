// A worker process of the `--jobs N` pool (tasks/pool.ts): loads the TypeScript sources through tsx and serves
// `runTaskJson` to workerpool. Plain JavaScript so that Node can start it without a loader; it exits when the
// coordinator goes away (workerpool's disconnect handler), so a killed coordinator leaves no orphans.
import { register } from "tsx/esm/api";
import workerpool from "workerpool";

register();
const { runTaskJson } = await import("./run-task.ts");
/** CPU seconds (user + system) of this process while it computes one task, its result discarded (estimate.ts probes). */
async function cpuSecondsOfTask(kind, config) {
  const c0 = process.cpuUsage();
  await runTaskJson(kind, config);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}
workerpool.worker({ runTaskJson, cpuSecondsOfTask });
