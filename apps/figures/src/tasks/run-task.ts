/**
 * Runs one task (sub-run) from its (kind, configuration) and returns its result as JSON text — what every executor
 * hands back and the cache stores, so a result is the same numbers whether it was computed in this process, in a
 * worker process or on another machine (NaN and ±Infinity become null, typed arrays objects, exactly as a cached
 * value reads back).
 */
import { tfjsBackend } from "../tfjs.js";
import { isTaskKind, TASKS } from "./registry.js";

/** A task's configuration may name the TensorFlow.js backend its numbers are keyed for (`backend`). */
function keyedBackend(config: unknown): string | undefined {
  if (config === null || typeof config !== "object") return undefined;
  const b = (config as { backend?: unknown }).backend;
  return typeof b === "string" ? b : undefined;
}

export async function runTaskJson(kind: string, config: unknown): Promise<string> {
  if (!isTaskKind(kind)) throw new Error(`unknown sub-run kind '${kind}' (known: ${Object.keys(TASKS).join(", ")})`);
  const wanted = keyedBackend(config);
  if (wanted !== undefined) {
    // each worker selects its own backend; a result keyed for another one would be stored under the wrong key
    const have = (await tfjsBackend()).backend;
    if (have !== wanted) {
      throw new Error(`this worker runs TensorFlow.js on '${have}' but the sub-run was requested for '${wanted}': install (or remove) @tensorflow/tfjs-node so that the coordinator and every worker select the same backend`);
    }
  }
  const value: unknown = await (TASKS[kind] as (c: unknown) => unknown)(config);
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new Error(`sub-run kind '${kind}' returned a value with no JSON form`);
  return text;
}
