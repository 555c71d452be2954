/**
 * On-disk cache of finished work, keyed by a hash of its configuration.
 * Files are written atomically (temporary file + rename), so an interrupted run leaves
 * either a complete entry or none; stray temporary files are ignored. Whole figures live in
 * `<dir>/<id>-<hash>.json`; finished sub-runs (one panel, one seed) in
 * `<dir>/runs/<kind>-<hash>.json`, so a figure interrupted half-way resumes from them.
 *
 * Entries are not trusted blindly: each stores the SHA-256 of its value's canonical JSON (`checksum`), written with
 * it and checked on every read, and a caller may pass a structural schema (cache-schema.ts) that the value must
 * fit, both when it is read and before it is written. An entry that is unreadable, stored for another
 * configuration, without a checksum, with a checksum that does not match, or that fails its schema is not served:
 * it is recomputed (and overwritten), with one warning naming the file and the reason.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Validator } from "./cache-schema.js";
import { canonicalJson, configHash } from "./hash.js";

export interface CacheEntry<T> {
  key: string;
  config: unknown;
  /** SHA-256 (hex) of canonicalJson(value): see valueChecksum. */
  checksum: string;
  savedAt: string;
  value: T;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

export interface DiskCacheOptions {
  /** Where warnings about refused entries go (default: a line on stderr). */
  warn?: (message: string) => void;
}

/** SHA-256 (hex) of the canonical JSON (sorted keys) of a JSON value, as stored in an entry's `checksum`. */
export function valueChecksum(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value) ?? "undefined").digest("hex");
}

export class DiskCache {
  readonly dir: string;
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  /** Entries refused on read (edited, corrupt, stale format, wrong shape) and values refused on write, with the reason. */
  readonly refused: string[] = [];
  private readonly warn: (message: string) => void;

  constructor(dir: string, options: DiskCacheOptions = {}) {
    this.dir = dir;
    this.warn = options.warn ?? ((m) => process.stderr.write(`figures: cache warning: ${m}\n`));
  }

  /** Path of the entry for `name` (e.g. "fig6" or "runs/langevin") and a configuration. */
  path(name: string, config: unknown): string {
    return join(this.dir, `${name}-${configHash(config)}.json`);
  }

  /**
   * The cached value, or undefined when absent or refused (unreadable, stored for another configuration, no or a
   * wrong checksum, or failing `validate`); a refusal is warned about, and the caller recomputes and overwrites.
   */
  get<T>(name: string, config: unknown, validate?: Validator): T | undefined {
    const p = this.path(name, config);
    if (!existsSync(p)) return undefined;
    const problem = (() => {
      let entry: unknown;
      try {
        entry = JSON.parse(readFileSync(p, "utf8"));
      } catch (e) {
        return `unreadable (${e instanceof Error ? e.message : String(e)})`;
      }
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return "not a cache entry (not a JSON object)";
      const en = entry as Partial<CacheEntry<unknown>>;
      if (canonicalJson(en.config) !== canonicalJson(config)) return "stored for another configuration";
      if (!("value" in en)) return "no value";
      if (typeof en.checksum !== "string") return "no checksum (written by hand or by a version before checksums)";
      if (en.checksum !== valueChecksum(en.value)) return "checksum mismatch: the value was edited or corrupted";
      const bad = validate?.(en.value) ?? null;
      if (bad !== null) return `the value does not fit the schema of its kind (${bad})`;
      return { value: en.value as T };
    })();
    if (typeof problem === "string") {
      this.refuse(`${p}: ${problem}; recomputing`);
      return undefined;
    }
    return problem.value;
  }

  /**
   * Store `value` (as JSON) with its checksum. A value that JSON cannot hold or that fails `validate` is not
   * stored (it would be refused on every read): warned about, false returned.
   */
  set<T>(name: string, config: unknown, value: T, validate?: Validator): boolean {
    const p = this.path(name, config);
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) {
      this.refuse(`${p}: not stored: the value has no JSON form`);
      return false;
    }
    const stored = JSON.parse(text) as unknown; // what a later read gets (NaN → null, typed arrays → objects, …)
    const bad = validate?.(stored) ?? null;
    if (bad !== null) {
      this.refuse(`${p}: not stored: the computed value does not fit the schema of its kind (${bad}) — update src/cache-schema.ts with the code that makes it`);
      return false;
    }
    const head = JSON.stringify({ key: configHash(config), config, checksum: valueChecksum(stored), savedAt: new Date().toISOString() });
    writeAtomic(p, `${head.slice(0, -1)},"value":${text}}`);
    return true;
  }

  /** Cached value for (name, config), else compute, store and return it. */
  async memo<T>(name: string, config: unknown, compute: () => T | Promise<T>, validate?: Validator): Promise<{ value: T; cached: boolean }> {
    const hit = this.get<T>(name, config, validate);
    if (hit !== undefined) {
      this.stats.hits++;
      return { value: hit, cached: true };
    }
    this.stats.misses++;
    const value = await compute();
    this.set(name, config, value, validate);
    return { value, cached: false };
  }

  private refuse(message: string): void {
    this.refused.push(message);
    this.warn(message);
  }
}

/** Write a file so that readers see the old content or the new, never a half-written one. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
