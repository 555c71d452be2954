/**
 * On-disk cache of finished work, keyed by a hash of its configuration.
 * Files are written atomically (temporary file + rename), so an interrupted run leaves
 * either a complete entry or none; stray temporary files are ignored. Whole figures live in
 * `<dir>/<id>-<hash>.json`; finished sub-runs (one panel, one seed) in
 * `<dir>/runs/<kind>-<hash>.json`, so a figure interrupted half-way resumes from them.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { canonicalJson, configHash } from "./hash.js";

export interface CacheEntry<T> {
  key: string;
  config: unknown;
  value: T;
  savedAt: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

export class DiskCache {
  readonly dir: string;
  readonly stats: CacheStats = { hits: 0, misses: 0 };

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Path of the entry for `name` (e.g. "fig6" or "runs/langevin") and a configuration. */
  path(name: string, config: unknown): string {
    return join(this.dir, `${name}-${configHash(config)}.json`);
  }

  /** The cached value, or undefined when absent, unreadable or stored for another configuration. */
  get<T>(name: string, config: unknown): T | undefined {
    const p = this.path(name, config);
    if (!existsSync(p)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(p, "utf8")) as CacheEntry<T>;
      if (canonicalJson(entry.config) !== canonicalJson(config)) return undefined; // hash collision guard
      return entry.value;
    } catch {
      return undefined; // a corrupt entry is recomputed
    }
  }

  set<T>(name: string, config: unknown, value: T): void {
    const p = this.path(name, config);
    const entry: CacheEntry<T> = { key: configHash(config), config, value, savedAt: new Date().toISOString() };
    writeAtomic(p, JSON.stringify(entry));
  }

  /** Cached value for (name, config), else compute, store and return it. */
  async memo<T>(name: string, config: unknown, compute: () => T | Promise<T>): Promise<{ value: T; cached: boolean }> {
    const hit = this.get<T>(name, config);
    if (hit !== undefined) {
      this.stats.hits++;
      return { value: hit, cached: true };
    }
    this.stats.misses++;
    const value = await compute();
    this.set(name, config, value);
    return { value, cached: false };
  }
}

/** Write a file so that readers see the old content or the new, never a half-written one. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
