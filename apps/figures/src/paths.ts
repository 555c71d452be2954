/**
 * Checks of the output and data directories, made before any computation: a run must not compute for minutes and
 * then fail to write (or write somewhere unexpected).
 */
import { accessSync, constants, mkdirSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "./limits.js";

const reason = (e: unknown): string => (e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : e instanceof Error ? e.message : String(e));

/**
 * Make `dir` a usable output directory: non-empty; an existing path must be a directory; missing levels are created
 * one at a time (never `mkdir -p`, which spins forever under /proc on some Node versions); finally a probe file is
 * created and removed, which refuses read-only places and special filesystems (/proc, /sys). Throws a UsageError
 * naming `flag` and the path; directories it created before failing are removed again.
 */
export function prepareOutDir(dir: string, flag = "--out"): string {
  if (dir.trim() === "") throw new UsageError(`${flag} must not be empty`);
  const path = resolve(dir);
  const missing: string[] = [];
  let p = path;
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new UsageError(`${flag} ${path}: cannot write there (${p}: ${reason(e)})`);
      const parent = dirname(p);
      if (parent === p) throw new UsageError(`${flag} ${path}: cannot write there (no existing parent)`);
      missing.unshift(p);
      p = parent;
      continue;
    }
    if (!st.isDirectory()) throw new UsageError(missing.length === 0 ? `${flag} ${path} is not a directory` : `${flag} ${path}: not a directory (${p} is a file)`);
    break;
  }
  const created: string[] = [];
  try {
    for (const m of missing) {
      mkdirSync(m);
      created.push(m);
    }
    const probe = join(path, `.figures-write-probe-${process.pid}-${Date.now()}`);
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (e) {
    for (const c of created.reverse()) {
      try {
        rmdirSync(c);
      } catch {
        // leave it: it was created by us and is empty, or something else now lives there
      }
    }
    throw new UsageError(`${flag} ${path}: cannot write there (${reason(e)})`);
  }
  return path;
}

/** `dir` must be an existing, readable directory; else a UsageError naming `flag` and the path. */
export function checkDataDir(dir: string, flag = "--data-dir"): string {
  if (dir.trim() === "") throw new UsageError(`${flag} must not be empty`);
  const path = resolve(dir);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(`${flag} ${path} does not exist`);
    throw new UsageError(`${flag} ${path}: cannot read it (${reason(e)})`);
  }
  if (!st.isDirectory()) throw new UsageError(`${flag} ${path} is not a directory`);
  try {
    accessSync(path, constants.R_OK | constants.X_OK);
    readdirSync(path);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot read it (${reason(e)})`);
  }
  return path;
}
