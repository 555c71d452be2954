// A worker process of the `--jobs N` pool (tasks/pool.ts): loads the TypeScript sources through tsx and serves
// `runTaskJson` to workerpool. Plain JavaScript so that Node can start it without a loader; it exits when the
// coordinator goes away (workerpool's disconnect handler), so a killed coordinator leaves no orphans.
import { register } from "tsx/esm/api";
import workerpool from "workerpool";

register();
const { runTaskJson } = await import("./run-task.ts");
workerpool.worker({ runTaskJson });
