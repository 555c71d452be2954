/**
 * The task registry: every sub-run kind, by name, with the pure function that computes it from its JSON
 * configuration (the sub-run's checkpoint key) to a JSON-serialisable result. Figures request sub-runs through
 * `ctx.subRun(kind, config, label)` (figure.ts); where one runs — in this process, a pool of worker processes
 * (`--jobs`), or a worker on another machine (`--queue`) — is the executor's business (tasks/executor.ts). Nothing
 * but (kind, config) travels, so a task must not read anything but its configuration (and files it names).
 *
 * Adding a sub-run kind = its function in the figure's file, one line here, and its schema in cache-schema.ts.
 */
import { a4FitTask } from "../figures/a4.js";
import { scaleMixtureTask } from "../figures/d1.js";
import { fig3FitTask } from "../figures/fig3.js";
import { forwardNoiseTask } from "../figures/forward-noise.js";
import { gradNoiseTask } from "../figures/gradient-noise.js";
import { heldOutTask } from "../figures/held-out.js";
import { t42Task } from "../figures/t42.js";
import { trainTask } from "../figures/training.js";
import { langevinTask } from "../stationary.js";

export const TASKS = {
  langevin: langevinTask,
  "fig3-fit": fig3FitTask,
  "t42-weak-error": t42Task,
  train: trainTask,
  "held-out": heldOutTask,
  "gradnoise-init": gradNoiseTask,
  "a4-fit": a4FitTask,
  "forward-noise": forwardNoiseTask,
  "scale-mixture": scaleMixtureTask,
} as const;

export type TaskKind = keyof typeof TASKS;
/** The configuration a kind's function takes (a figure's key may carry more: `version`, `backend`, …). */
export type TaskConfig<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[0];
export type TaskResult<K extends TaskKind> = Awaited<ReturnType<(typeof TASKS)[K]>>;

export function isTaskKind(kind: string): kind is TaskKind {
  return Object.hasOwn(TASKS, kind);
}
