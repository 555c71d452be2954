/** What the numbers were measured on: machine, Node, python/numpy/scipy, git commit. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface PythonInfo {
  /** python3 version, or null when python3 could not be run. */
  python: string | null;
  numpy: string | null;
  scipy: string | null;
  /** Why python3 (or a module) is unavailable, when it is. */
  note?: string;
}

export interface Environment {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; arch: string };
  node: string;
  python: PythonInfo;
  git: { commit: string | null; dirty: boolean | null };
}

/** Walk up from `start` to the directory holding pnpm-workspace.yaml (the repository root). */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start);
    dir = up;
  }
}

const PY_VERSIONS = [
  "import json, platform",
  "r = {'python': platform.python_version(), 'numpy': None, 'scipy': None}",
  "try:\n    import numpy; r['numpy'] = numpy.__version__\nexcept Exception as e:\n    r['numpyError'] = repr(e)",
  "try:\n    import scipy; r['scipy'] = scipy.__version__\nexcept Exception as e:\n    r['scipyError'] = repr(e)",
  "print(json.dumps(r))",
].join("\n");

export function pythonInfo(python = "python3"): PythonInfo {
  const res = spawnSync(python, ["-c", PY_VERSIONS], { encoding: "utf8", timeout: 30_000 });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    return { python: null, numpy: null, scipy: null, note: code === "ENOENT" ? `${python} not found` : res.error.message };
  }
  if (res.status !== 0) {
    return { python: null, numpy: null, scipy: null, note: `${python} exited with code ${res.status}` };
  }
  try {
    const r = JSON.parse(res.stdout.trim().split("\n").pop() ?? "") as Record<string, string | null>;
    const missing = [r.numpy ? null : "numpy", r.scipy ? null : "scipy"].filter(Boolean);
    return {
      python: r.python ?? null,
      numpy: r.numpy ?? null,
      scipy: r.scipy ?? null,
      ...(missing.length ? { note: `${missing.join(" and ")} not importable` } : {}),
    };
  } catch {
    return { python: null, numpy: null, scipy: null, note: `could not read ${python}'s version output` };
  }
}

export function gitInfo(cwd: string): { commit: string | null; dirty: boolean | null } {
  const head = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd, encoding: "utf8" });
  if (head.error || head.status !== 0) return { commit: null, dirty: null };
  const st = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8" });
  return { commit: head.stdout.trim(), dirty: st.status === 0 ? st.stdout.trim() !== "" : null };
}

export function collectEnvironment(repoRoot: string, now: Date = new Date()): Environment {
  const cpus = os.cpus();
  return {
    date: now.toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? "unknown",
      cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()}`,
      arch: os.arch(),
    },
    node: process.version,
    python: pythonInfo(),
    git: gitInfo(repoRoot),
  };
}
