/**
 * Test helper: a throwaway `redis-server` (Debian's package) on a free loopback port, no persistence, stopped by
 * `stop()`. Tests that need one skip with a clear message where `redis-server` is missing, unless
 * HEAVYTAILS_REQUIRE_REDIS=1 (CI), which turns the skip into a failure.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

export const REDIS_REQUIRED = process.env.HEAVYTAILS_REQUIRE_REDIS === "1";

/** Whether `redis-server` runs here (`redis-server --version`). */
export function redisAvailable(): boolean {
  const r = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** Why the queue tests do not run here, or undefined when they do (throws when they must: HEAVYTAILS_REQUIRE_REDIS=1). */
export function redisSkipReason(): string | undefined {
  if (redisAvailable()) return undefined;
  const why = "redis-server is not installed (Debian: apt-get install redis-server); the --queue tests need a real Redis";
  if (REDIS_REQUIRED) throw new Error(`${why}, and HEAVYTAILS_REQUIRE_REDIS=1 requires them`);
  return why;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr !== null ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1:<free port>, without persistence; resolves once it accepts connections. */
export async function startRedis(extraArgs: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  // through a shell that stops the server when its stdin closes: on stop(), and also when this test process dies
  // without stopping it (a crash, a killed run), so that no redis-server outlives the tests
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", ...extraArgs];
  const proc = spawn("sh", ["-c", 'redis-server "$@" & r=$!; cat >/dev/null; kill $r 2>/dev/null; wait $r', "sh", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${out}`)), 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
  proc.stdout?.removeAllListeners("data");
  proc.stderr?.removeAllListeners("data");
  proc.stdout?.resume();
  proc.stderr?.resume();
  proc.removeAllListeners("exit");
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.stdin?.end(); // the shell stops the server and waits for it
        setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
