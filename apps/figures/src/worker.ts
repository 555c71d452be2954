/**
 * `figures worker --queue URL [--jobs N]`: takes sub-runs from the queue of `figures … --queue URL` (tasks/queue.ts)
 * and runs them in N worker processes (tasks/pool.ts) until stopped. Connects to that Redis server and nothing else.
 *
 * SIGINT / SIGTERM: take no new jobs and finish the running ones, then exit 0; a second signal hands the running
 * jobs back to the queue at once (another worker takes them; no attempt is counted) and exits 0. Ctrl-C in a terminal
 * reaches the worker processes too, which stop: their jobs are handed back the same way. A third signal exits at
 * once. A worker killed outright loses nothing either: its jobs go back to the queue once their lock expires
 * (BullMQ's stalled check).
 */
import { tfjsBackend } from "./tfjs.js";
import { PoolExecutor } from "./tasks/pool.js";
import { checkRedis, DEFAULT_QUEUE_SETTINGS, parseQueueUrl, queueSettings, startQueueWorker } from "./tasks/queue.js";

export interface WorkerCommandOptions {
  queue: string;
  jobs: number;
}

/** Runs until a signal; resolves with the exit code. Bad URL / unreachable Redis / bad settings: UsageError (exit 2). */
export async function workerCommand(opts: WorkerCommandOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const target = parseQueueUrl(opts.queue);
  const settings = queueSettings();
  await checkRedis(target, settings.connectMs);
  // the backend the tasks will select in the worker processes (same machine, same packages): the coordinator keys
  // network sub-runs by its own, and a worker on another one refuses them (tasks/run-task.ts)
  const tf = await tfjsBackend();
  const failed = tf.attempts.filter((a) => !a.ok).map((a) => a.backend);
  const executor = new PoolExecutor(opts.jobs);
  let handle;
  try {
    handle = await startQueueWorker({ url: opts.queue, jobs: opts.jobs, executor, settings, log: (l) => log(`worker: ${l}`) });
  } catch (e) {
    await executor.close();
    throw e;
  }
  const lockNote = settings.lockMs !== DEFAULT_QUEUE_SETTINGS.lockMs || settings.stalledMs !== DEFAULT_QUEUE_SETTINGS.stalledMs ? `, lock ${settings.lockMs} ms, stalled check every ${settings.stalledMs} ms` : "";
  const w = handle;
  const stopped = new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      signals++;
      if (signals === 1) {
        log(`figures worker: ${sig}: taking no new sub-runs, finishing ${w.running()} running (${sig} again: hand them back to the queue now)`);
        void w.finish().then(
          () => {
            log("figures worker: stopped");
            resolve(0);
          },
          (e: unknown) => {
            log(`figures worker: error while stopping: ${e instanceof Error ? e.message : String(e)}`);
            resolve(1);
          },
        );
      } else if (signals === 2) {
        log(`figures worker: ${sig} again: handing ${w.running()} running sub-run${w.running() === 1 ? "" : "s"} back to the queue`);
        void w.release().then(
          () => resolve(0),
          () => resolve(1),
        );
      } else {
        // e.g. Redis unreachable, so nothing can be handed back: the jobs return to the queue when their locks expire
        log(`figures worker: ${sig} a third time: exiting now`);
        resolve(1);
      }
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  // only now, with the handlers in place: whoever waits for this line may signal at once
  log(
    `figures worker ${handle.name}: queue ${handle.queueName} at ${target.display}, ${opts.jobs} job${opts.jobs === 1 ? "" : "s"} (worker processes), TensorFlow.js backend ${tf.backend}${failed.length > 0 ? ` (${failed.join(", ")} unavailable)` : ""}, node ${process.version}${lockNote}; waiting for sub-runs (Ctrl-C / SIGTERM: finish the running ones and stop; twice: hand them back now; three times: exit)`,
  );
  return stopped;
}
