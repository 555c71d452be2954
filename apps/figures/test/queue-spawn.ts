/** Test helper: the figures CLI as a real process (`node --import tsx src/cli.ts …`: its pid is the CLI itself, so a SIGKILL kills it, not a wrapper). */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const APP = join(import.meta.dirname, "..");

export interface Spawned {
  child: ChildProcess;
  /** stderr and stdout so far. */
  stderr(): string;
  stdout(): string;
  /** Resolves on exit: code, signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stderr line matching `re` (rejects after `timeoutMs`, or if the process exits first). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", join(APP, "src", "cli.ts"), ...args], {
    cwd: APP,
    env: { ...process.env, INIT_CWD: APP, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  const watchers: Array<() => void> = [];
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    err += d;
    for (const w of [...watchers]) w();
  });
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitFor(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of err.split("\n")) {
            const m = re.exec(line);
            if (m) {
              cleanup();
              resolve(m);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no line matching ${re} within ${timeoutMs} ms; stderr:\n${err}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`the process exited before a line matching ${re}; stderr:\n${err}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          watchers.splice(watchers.indexOf(check), 1);
          child.off("close", onExit);
        };
        watchers.push(check);
        child.on("close", onExit);
        check();
      });
    },
  };
}
