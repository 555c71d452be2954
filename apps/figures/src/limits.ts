/** Size limits of the figures CLI (documented in README, "Limits"). */

/**
 * The largest `--seeds` accepted, for every preset. The figures keep every seed's sub-run results in memory and
 * in one cache entry, and the defaults are 1–8 seeds; 1000 is far beyond any run that finishes on one machine
 * (Fig. 6 at `quick` is ~4 s per seed and panel, the network figures minutes), and small enough that building
 * the seed lists and configurations costs nothing. `--seeds 1000000000` used to run the process out of memory.
 */
export const MAX_SEEDS = 1000;

/** A user error (bad option or path): the CLI prints its message on one line and exits with code 2, no stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `n` as a seed count: a positive integer, at most MAX_SEEDS; else a UsageError naming `name`. */
export function checkSeeds(n: number, name = "--seeds"): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SEEDS) throw new UsageError(`${name} must be a positive integer, at most ${MAX_SEEDS} (MAX_SEEDS); got ${String(n)}`);
  return n;
}
