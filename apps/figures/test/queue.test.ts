/**
 * Issue 10 items 3 and 5 (queue), the quick part: `--queue URL` parsing and refusals (no Redis needed), and against a
 * real redis-server (each test file starts its own on a free loopback port, no persistence): bounded retries with
 * the worker's message reaching the coordinator and the figure's failure line (a sub-run keyed for a TensorFlow.js
 * backend no worker has, which run-task.ts refuses), resume after the coordinator was interrupted, a failed job
 * enqueued afresh by the next run, a worker handing its running job back (second SIGINT / SIGTERM), worker slots.
 * The cluster test with a worker killed mid-task is in test/long/queue-cluster.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, parseWorkerArgs } from "../src/args.js";
import { UsageError } from "../src/limits.js";
import { runFigures } from "../src/run.js";
import { InlineExecutor, type TaskExecutor } from "../src/tasks/executor.js";
import { checkRedis, parseQueueUrl, QUEUE_NAME, QueueExecutor, type QueueSettings, queueJobId, queueSettings, startQueueWorker } from "../src/tasks/queue.js";
import { FIGURE_CACHE_VERSION } from "../src/run.js";
import { freePort, type RedisServer, redisSkipReason, startRedis } from "./queue-redis.js";
import { spawnCli } from "./queue-spawn.js";
import { figureWithForeignBackendSubRun } from "./figure-numbers.js";

describe("--queue URL", () => {
  it("accepts redis:// and rediss:// (TLS) with credentials and a database, and never shows the password", () => {
    const a = parseQueueUrl("redis://10.0.0.5:6380");
    expect(a.options).toEqual({ host: "10.0.0.5", port: 6380 });
    expect(a.display).toBe("redis://10.0.0.5:6380");
    const b = parseQueueUrl("rediss://figures:s%40cret@redis.internal:6390/2");
    expect(b.options).toEqual({ host: "redis.internal", port: 6390, username: "figures", password: "s@cret", db: 2, tls: { servername: "redis.internal" } });
    expect(parseQueueUrl("rediss://10.0.0.5:6380").options).toEqual({ host: "10.0.0.5", port: 6380, tls: {} }); // no SNI for an IP
    expect(b.display).toBe("rediss://figures:***@redis.internal:6390/2");
    expect(parseQueueUrl("redis://:pw@h").options).toEqual({ host: "h", port: 6379, password: "pw" });
  });

  it.each([
    ["", /empty URL/],
    ["localhost:6379", /unsupported scheme|cannot parse/],
    ["http://h:1", /unsupported scheme 'http:'/],
    ["redis://", /cannot parse|no host/],
    ["redis://h:1/x", /database number/],
    ["redis://h:1?tls=true", /no query string/],
  ])("refuses %j in one line", (url, re) => {
    expect(() => parseQueueUrl(url)).toThrow(UsageError);
    expect(() => parseQueueUrl(url)).toThrow(re);
  });

  it("the queue's name carries the project and the cache version; job ids are kind + config hash", () => {
    expect(QUEUE_NAME).toMatch(new RegExp(`^heavytails-figures-v${FIGURE_CACHE_VERSION}\\.\\d+$`));
    expect(queueJobId("langevin", { b: 1, a: 2 })).toBe(queueJobId("langevin", { a: 2, b: 1 }));
    expect(queueJobId("langevin", { a: 1 })).toMatch(/^langevin-[0-9a-f]{16}$/);
    expect(queueJobId("langevin", { a: 1 })).not.toBe(queueJobId("langevin", { a: 2 }));
  });

  it("settings come from HEAVYTAILS_QUEUE_* (positive integers only)", () => {
    expect(queueSettings({ HEAVYTAILS_QUEUE_LOCK_MS: "2000", HEAVYTAILS_QUEUE_ATTEMPTS: "5" })).toMatchObject({ lockMs: 2000, attempts: 5, stalledMs: 30_000 });
    expect(() => queueSettings({ HEAVYTAILS_QUEUE_STALLED_MS: "0" })).toThrow(/HEAVYTAILS_QUEUE_STALLED_MS must be a positive integer, got '0'/);
  });

  it("the CLI refuses a bad URL, --jobs with --queue, a worker without --queue: one line, no password echoed", () => {
    expect(() => parseWorkerArgs(["worker", "--queue", "http://u:topsecret@h:1"])).toThrow(/--queue must be redis:\/\/.*unsupported scheme 'http:'/);
    expect(() => parseWorkerArgs(["worker"])).toThrow(/required option '--queue <url>' not specified/);
    expect(() => parseWorkerArgs(["worker", "--queue", "redis://h:1", "3"])).toThrow(/too many arguments/);
    expect(parseWorkerArgs(["--", "worker", "--queue", "redis://h:1", "--jobs", "3"])).toEqual({ queue: "redis://h:1", jobs: 3 });
    expect(() => parseArgs(["3", "--queue", "redis://h:1", "--jobs", "2"])).toThrow(/--jobs and --queue exclude each other/);
    expect(parseArgs(["3", "--queue", "rediss://h:1"], "/tmp")).toMatchObject({ ids: ["3"], queue: "rediss://h:1" });
  });

  it("the spawned CLI: an unreachable Redis is one line, exit 2, for the worker and the coordinator, no password echoed", async () => {
    const port = await freePort(); // nothing listens there
    const cases: Array<[string[], RegExp]> = [
      [["worker", "--queue", `redis://u:topsecret@127.0.0.1:${port}`], new RegExp(`^figures worker: cannot reach Redis at redis://u:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`)],
      [["3", "--queue", `redis://:topsecret@127.0.0.1:${port}`, "--out", mkdtempSync(join(tmpdir(), "figures-q-"))], new RegExp(`^figures: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`)],
      [["worker", "--queue", "http://u:topsecret@h:1"], /^figures worker: .*--queue must be redis:\/\/.*unsupported scheme 'http:'$/],
    ];
    const results = await Promise.all(cases.map(([args]) => spawnCli(args, { HEAVYTAILS_QUEUE_CONNECT_MS: "3000" })).map(async (p) => ({ exit: await p.exited, stderr: p.stderr(), stdout: p.stdout() })));
    for (const [i, r] of results.entries()) {
      expect(r.exit.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(cases[i]![1]);
      expect(r.stderr).not.toContain("topsecret");
      expect(r.stdout).toBe("");
    }
  }, 60_000);
});

const skip = redisSkipReason();
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0; // to make the TLS test's certificates
if (skip !== undefined) console.warn(`queue.test.ts: the Redis tests are skipped: ${skip}`);

/** An executor computing test tasks: `{ x }` → `{ twice: 2x }`, or throwing when `fail` says so; counts its runs. */
function testExecutor(opts: { fail?: (n: number) => string | undefined; hold?: Promise<void> } = {}): TaskExecutor & { calls: number } {
  const ex = {
    calls: 0,
    description: "a test function",
    slots: () => 1,
    async run(_kind: string, config: unknown) {
      ex.calls++;
      const why = opts.fail?.(ex.calls);
      if (why !== undefined) throw new Error(why);
      if (opts.hold !== undefined) await opts.hold;
      return JSON.stringify({ twice: 2 * (config as { x: number }).x });
    },
    close: async () => {},
  };
  return ex;
}

describe.skipIf(skip !== undefined)("QueueExecutor and workers on redis-server", () => {
  let redis: RedisServer;
  const settings: QueueSettings = queueSettings({}, { attempts: 3, backoffMs: 50, lockMs: 2000, stalledMs: 1000, statusMs: 60_000, connectMs: 5000 });
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it("a password-protected Redis: no or a wrong password is a one-line refusal; the right one works", async () => {
    const locked = await startRedis(["--requirepass", "s3cret"]);
    try {
      const host = `127.0.0.1:${locked.port}`;
      await expect(checkRedis(parseQueueUrl(`redis://${host}`), 5000)).rejects.toThrow(new RegExp(`^cannot reach Redis at redis://${host}: NOAUTH`));
      await expect(checkRedis(parseQueueUrl(`redis://:wrong@${host}`), 5000)).rejects.toThrow(new RegExp(`^cannot reach Redis at redis://:\\*\\*\\*@${host}: WRONGPASS`));
      const ex = await QueueExecutor.connect(`redis://:s3cret@${host}`, { settings, log });
      const w = await startQueueWorker({ url: `redis://:s3cret@${host}`, jobs: 1, executor: testExecutor(), settings, log, name: "test-pw-j1" });
      try {
        expect(JSON.parse(await ex.run("test", { x: 3 }))).toEqual({ twice: 6 });
        expect(ex.description).not.toContain("s3cret");
      } finally {
        await w.finish();
        await ex.close();
      }
    } finally {
      await locked.stop();
    }
  }, 30_000);

  it.skipIf(!hasOpenssl)("rediss:// (TLS): a worker connects with the CA given by NODE_EXTRA_CA_CERTS, and refuses in one line without it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "figures-tls-"));
    const ssl = (args: string[]) => {
      const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
    };
    ssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=figures test CA"]);
    ssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
    writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
    ssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext"]);
    const port = await freePort();
    const tls = await startRedis(["--port", "0", "--tls-port", String(port), "--tls-cert-file", join(dir, "server.pem"), "--tls-key-file", join(dir, "server.key"), "--tls-ca-cert-file", join(dir, "ca.pem"), "--tls-auth-clients", "no"]);
    try {
      const url = `rediss://127.0.0.1:${port}`;
      const refused = spawnCli(["worker", "--queue", url, "--jobs", "1"], { HEAVYTAILS_QUEUE_CONNECT_MS: "5000" });
      const plain = spawnCli(["worker", "--queue", `redis://127.0.0.1:${port}`, "--jobs", "1"], { HEAVYTAILS_QUEUE_CONNECT_MS: "3000" });
      const ok = spawnCli(["worker", "--queue", url, "--jobs", "1"], { NODE_EXTRA_CA_CERTS: join(dir, "ca.pem") });
      await ok.waitFor(new RegExp(`^figures worker \\S+: queue ${QUEUE_NAME.replace(/\./g, "\\.")} at rediss://127\\.0\\.0\\.1:${port}, 1 job`), 60_000);
      ok.child.kill("SIGTERM");
      expect({ ...(await ok.exited), stderr: ok.stderr() }).toMatchObject({ code: 0, signal: null, stderr: expect.stringContaining("figures worker: stopped") });
      for (const [p, re] of [[refused, /certificate/], [plain, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: /]] as const) {
        expect({ ...(await p.exited), stderr: p.stderr() }).toMatchObject({ code: 2, signal: null });
        expect(p.stderr().trimEnd().split("\n"), p.stderr()).toHaveLength(1);
        expect(p.stderr()).toMatch(re);
      }
    } finally {
      await tls.stop();
    }
  }, 90_000);

  it("retries a task that throws a bounded number of times, then reports the worker's message", async () => {
    const ex = await QueueExecutor.connect(redis.url, { settings, log });
    const exec = testExecutor({ fail: (n) => `boom ${n}` });
    const w = await startQueueWorker({ url: redis.url, jobs: 1, executor: exec, settings, log, name: "test-w1-j1" });
    try {
      const t0 = performance.now();
      await expect(ex.run("test", { x: 1 })).rejects.toThrow(new RegExp(`^sub-run ${queueJobId("test", { x: 1 })} failed on worker test-w1-j1, after 3 attempts: boom 3$`));
      expect(exec.calls).toBe(3);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(50 + 100); // exponential backoff: 50 ms, then 100 ms
    } finally {
      await w.finish();
      await ex.close();
    }
  }, 30_000);

  it("a figure whose sub-run is refused by the worker (keyed for another TensorFlow.js backend) fails with the worker's message", async () => {
    const ex = await QueueExecutor.connect(redis.url, { settings: { ...settings, attempts: 2 }, log });
    const w = await startQueueWorker({ url: redis.url, jobs: 1, executor: new InlineExecutor(), settings, log, name: "test-w2-j1" });
    try {
      const broken = figureWithForeignBackendSubRun();
      const out = mkdtempSync(join(tmpdir(), "figures-queue-fail-"));
      const r = await runFigures({ ids: ["3"], preset: "tiny", outDir: out, log: () => {}, executor: ex, override: () => broken });
      expect(r.failures).toHaveLength(1);
      expect(r.failures[0]).toMatch(/^3: sub-run forward-noise-[0-9a-f]{16} failed on worker test-w2-j1, after 2 attempts: this worker runs TensorFlow\.js on '\w+' but the sub-run was requested for 'no-such-backend'/);
      expect(r.records[0]!.claimCheck.outcome).toBe("not run");
    } finally {
      await w.finish();
      await ex.close();
    }
  }, 60_000);

  it("resumes: a restarted coordinator re-attaches to a job finished while it was away (computed once)", async () => {
    const first = await QueueExecutor.connect(redis.url, { settings, log });
    const pending = first.run("test", { x: 21 });
    pending.catch(() => undefined);
    await waitUntil(async () => (await first.workerStatus()).waiting === 1);
    await first.close(); // the coordinator is interrupted with its job queued
    await expect(pending).rejects.toThrow(/closed/);
    const exec = testExecutor();
    const w = await startQueueWorker({ url: redis.url, jobs: 1, executor: exec, settings, log, name: "test-w3-j1" });
    try {
      await waitUntil(() => exec.calls === 1);
      await new Promise((r) => setTimeout(r, 200)); // the job completes with no coordinator waiting
      const second = await QueueExecutor.connect(redis.url, { settings, log });
      try {
        expect(JSON.parse(await second.run("test", { x: 21 }))).toEqual({ twice: 42 });
        expect(exec.calls).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await w.finish();
    }
  }, 30_000);

  it("equal requests share one job; two coordinators waiting on one job both get its result", async () => {
    const a = await QueueExecutor.connect(redis.url, { settings, log });
    const b = await QueueExecutor.connect(redis.url, { settings, log });
    let release = () => {};
    const exec = testExecutor({ hold: new Promise<void>((r) => (release = r)) });
    const w = await startQueueWorker({ url: redis.url, jobs: 2, executor: exec, settings, log, name: "test-w8-j2" });
    try {
      const started: string[] = [];
      const runs = [a.run("test", { x: 4 }, { started: () => started.push("a1") }), a.run("test", { x: 4 }, { started: () => started.push("a2") }), b.run("test", { x: 4 })];
      await waitUntil(() => exec.calls === 1 && started.length === 2);
      release();
      for (const r of await Promise.all(runs)) expect(JSON.parse(r)).toEqual({ twice: 8 });
      expect(exec.calls).toBe(1);
    } finally {
      await w.finish();
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);

  it("a job that failed before this run is enqueued afresh", async () => {
    const ex = await QueueExecutor.connect(redis.url, { settings: { ...settings, attempts: 1 }, log });
    const failing = testExecutor({ fail: () => "transient" });
    let w = await startQueueWorker({ url: redis.url, jobs: 1, executor: failing, settings, log, name: "test-w4-j1" });
    try {
      await expect(ex.run("test", { x: 5 })).rejects.toThrow(/after 1 attempt: transient$/);
      await w.finish();
      w = await startQueueWorker({ url: redis.url, jobs: 1, executor: testExecutor(), settings, log, name: "test-w5-j1" });
      expect(JSON.parse(await ex.run("test", { x: 5 }))).toEqual({ twice: 10 });
    } finally {
      await w.finish();
      await ex.close();
    }
  }, 30_000);

  it("finish() (first SIGINT / SIGTERM) takes no new job and waits for the running one, whose result arrives", async () => {
    const ex = await QueueExecutor.connect(redis.url, { settings, log });
    let release = () => {};
    const exec = testExecutor({ hold: new Promise<void>((r) => (release = r)) });
    const w = await startQueueWorker({ url: redis.url, jobs: 1, executor: exec, settings, log, name: "test-w9-j1" });
    let w2: Awaited<ReturnType<typeof startQueueWorker>> | undefined;
    try {
      const first = ex.run("test", { x: 8 });
      await waitUntil(() => w.running() === 1);
      const second = ex.run("test", { x: 9 });
      let stopped = false;
      const finishing = w.finish().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(stopped).toBe(false); // still running its job
      release();
      await finishing;
      expect(JSON.parse(await first)).toEqual({ twice: 16 });
      expect(exec.calls).toBe(1); // the second job was not taken
      w2 = await startQueueWorker({ url: redis.url, jobs: 1, executor: testExecutor(), settings, log, name: "test-w10-j1" });
      expect(JSON.parse(await second)).toEqual({ twice: 18 });
    } finally {
      await w2?.finish();
      await ex.close();
    }
  }, 30_000);

  it("release() hands a running job back at once without counting an attempt; another worker finishes it; slots add up", async () => {
    const ex = await QueueExecutor.connect(redis.url, { settings, log });
    const held = testExecutor({ hold: new Promise<void>(() => {}) }); // never finishes
    const w1 = await startQueueWorker({ url: redis.url, jobs: 3, executor: held, settings, log, name: "test-w6-j3" });
    let w2: Awaited<ReturnType<typeof startQueueWorker>> | undefined;
    try {
      await waitUntil(async () => (await ex.workerStatus()).workers === 1);
      expect(ex.slots()).toBe(3);
      const result = ex.run("test", { x: 7 });
      await waitUntil(() => w1.running() === 1);
      await w1.release();
      const id = queueJobId("test", { x: 7 });
      expect(lines).toContain(`released ${id} to the queue`);
      const fine = testExecutor();
      w2 = await startQueueWorker({ url: redis.url, jobs: 1, executor: fine, settings, log, name: "test-w7-j1" });
      expect(JSON.parse(await result)).toEqual({ twice: 14 });
      expect(fine.calls).toBe(1);
      expect(lines.filter((l) => l === `start ${id} (attempt 1 of 3)`), lines.join("\n")).toHaveLength(2); // the release cost no attempt
    } finally {
      await w2?.finish();
      await ex.close();
    }
  }, 30_000);
});

if (skip !== undefined) {
  describe("QueueExecutor and workers on redis-server", () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}

async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
