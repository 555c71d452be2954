/**
 * Issue 10 items 3 and 5 (queue): a coordinator (`figures 6 T4.2 --queue URL`) and two `figures worker` processes on a
 * real redis-server; one worker is killed with SIGKILL in the middle of a sub-run, and then the coordinator too, which
 * is started again. Every sub-run completes (the lost one through BullMQ's stalled-job recovery, with a short lock;
 * the queued ones re-attached by the new coordinator), and the figures' numbers (data.json without timings) equal a
 * local `--jobs 1` run. Skipped where redis-server is missing, unless HEAVYTAILS_REQUIRE_REDIS=1 (CI).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFigures } from "../../src/run.js";
import { type RedisServer, redisSkipReason, startRedis } from "../queue-redis.js";
import { type Spawned, spawnCli } from "../queue-spawn.js";
import { figureNumbers } from "../figure-numbers.js";

/** The pids of a process's children (procps ps). */
function childPids(pid: number): number[] {
  const r = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  return r.stdout.split("\n").map((l) => Number(l.trim())).filter((n) => n > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const skip = redisSkipReason();
if (skip !== undefined) console.warn(`queue-cluster.test.ts skipped: ${skip}`);

// Figure 6 and T4.2 at quick with one seed: 15 sub-runs of ~0.5–1.5 s each on this machine — long enough to kill a
// worker in the middle of one, short enough for the whole test (two runs) to take well under a minute on 2 cores.
const FIGS = ["6", "T4.2"];
const RUN = ["--preset", "quick", "--seeds", "1"];
// a short lock: the killed worker's job is back in the queue ~2–3 s after the kill
const ENV = { HEAVYTAILS_QUEUE_LOCK_MS: "2000", HEAVYTAILS_QUEUE_STALLED_MS: "1000", HEAVYTAILS_QUEUE_STATUS_MS: "2000" };

describe.skipIf(skip !== undefined)("a cluster: coordinator + 2 workers on redis-server, one killed mid-task", () => {
  let redis: RedisServer | undefined;
  const procs: Spawned[] = [];
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await redis?.stop();
  });

  it("completes every sub-run and equals a local --jobs 1 run, number for number", async () => {
    redis = await startRedis();
    const a = spawnCli(["worker", "--queue", redis.url, "--jobs", "1"], ENV);
    const b = spawnCli(["worker", "--queue", redis.url, "--jobs", "1"], ENV);
    procs.push(a, b);
    await Promise.all([a.waitFor(/^figures worker \S+: queue heavytails-figures-v\d+\.\d+ at redis:\/\/127\.0\.0\.1:\d+, 1 job .*TensorFlow\.js backend/), b.waitFor(/^figures worker /)]);

    const outQ = mkdtempSync(join(tmpdir(), "figures-queue-"));
    const coord = spawnCli([...FIGS, ...RUN, "--queue", redis.url, "--out", outQ], ENV);
    procs.push(coord);

    // kill worker a in the middle of its first sub-run (it has started it and not finished it)
    const started = await a.waitFor(/^worker: start (\S+) /, 60_000);
    const victim = started[1]!;
    await new Promise((r) => setTimeout(r, 150));
    expect(a.stderr()).not.toContain(`worker: done ${victim}`);
    const poolChildren = childPids(a.child.pid!);
    expect(poolChildren.length, "worker a runs its task in a worker process").toBeGreaterThan(0);
    a.child.kill("SIGKILL");
    expect((await a.exited).signal).toBe("SIGKILL");

    // the coordinator sees the job lose its worker (its lock expires, the stalled check of worker b requeues it)
    await coord.waitFor(new RegExp(`^queue: sub-run ${victim} lost its worker \\(lock expired\\): queued again$`), 60_000);
    expect(coord.stderr()).toMatch(/queue heavytails-figures-v\d+\.\d+: \d+ workers? \(\d+ slots?\); \d+ waiting/); // periodic status lines

    // then the coordinator itself is interrupted (SIGKILL: no chance to clean up) and started again: it resumes
    coord.child.kill("SIGKILL");
    const first = await coord.exited;
    const coord2 = spawnCli([...FIGS, ...RUN, "--queue", redis.url, "--out", outQ], ENV);
    procs.push(coord2);
    const done = await coord2.exited;
    const log = coord2.stderr();
    expect(done.code, log).toBe(0);
    if (first.signal === "SIGKILL") {
      // it was killed with sub-runs in the queue: the new one found them there (or their results) instead of adding them
      expect(log, log).toMatch(/^queue heavytails-figures-v\d+\.\d+: \d+ sub-run results? came back from the workers; [1-9]\d* jobs? (was|were) already in the queue \(re-attached\)$/m);
    }
    expect(b.stderr()).toContain(`worker: done ${victim}`); // worker b ran the lost job to the end
    for (const id of FIGS) expect(log).toMatch(new RegExp(`figure ${id.replace(".", "\\.")}: (PASS|FAIL) — `));

    // the killed worker's processes went with it (workerpool's children exit when their parent dies)
    expect(poolChildren.filter(alive), "orphaned worker processes").toEqual([]);

    // worker b: SIGTERM stops it gracefully (nothing running now)
    b.child.kill("SIGTERM");
    const bExit = await b.exited;
    expect(bExit.code, b.stderr()).toBe(0);
    expect(b.stderr()).toContain("figures worker: stopped");

    // the same figures computed here, one sub-run at a time
    const outL = mkdtempSync(join(tmpdir(), "figures-local-"));
    const local = await runFigures({ ids: FIGS, preset: "quick", seeds: 1, outDir: outL, log: () => {}, jobs: 1 });
    expect(local.failures).toEqual([]);
    for (const id of FIGS) {
      const q = figureNumbers(outQ, id);
      expect(q).toMatchObject({ id, preset: "quick" });
      expect(q).toEqual(figureNumbers(outL, id));
    }
    // every sub-run counted once: computed by the second coordinator's workers or taken from the first one's checkpoints
    const counts = FIGS.map((id) => (JSON.parse(readFileSync(join(outQ, id, "data.json"), "utf8")) as { subRuns: { computed: number; fromCheckpoint: number } }).subRuns);
    expect(counts.reduce((n, c) => n + c.computed + c.fromCheckpoint, 0)).toBe(15);
  }, 180_000);
});

if (skip !== undefined) {
  describe("a cluster on redis-server", () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}
