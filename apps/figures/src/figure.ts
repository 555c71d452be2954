/** What a figure is: its paper text, its configuration per preset, its computation and its plot. */
import type { DiskCache } from "./cache.js";
import type { Preset } from "./presets.js";
import type { Protocol } from "./protocol.js";
import type { TaskConfig, TaskKind, TaskResult } from "./tasks/registry.js";

export type Outcome = "pass" | "fail" | "not run";

export interface ClaimCheck {
  /** The claim in one sentence. */
  claim: string;
  /** The numbers the outcome is decided on. */
  measured: Record<string, unknown>;
  outcome: Outcome;
  /** How the outcome was decided, and anything that qualifies it. */
  details: string;
  /** Set when the outcome rests on less than the paper's setting, e.g. "MNIST stand-in only"; shown beside the outcome everywhere. */
  scope?: string;
}

export interface RunOptions {
  preset: Preset;
  /** Number of seeds (0, 1, …, n−1); undefined = the preset's default. */
  seeds?: number;
  /** Directory with SVHN / CIFAR-10 / MNIST files, for the figures that need them. */
  dataDir?: string;
  /** The protocol to run under (`authors` or `paper`, see protocol.ts); figures that do not depend on one ignore it. */
  protocol?: Protocol;
}

export interface FigureContext {
  cache: DiskCache;
  /** One progress line. */
  progress: (message: string) => void;
  /**
   * A checkpointed sub-run of a registered kind (tasks/registry.ts): the cached value for (kind, config), or the
   * value computed by the run's executor (this process, the `--jobs` pool or the `--queue` workers) from `config`
   * alone and stored. Request many before awaiting any (Promise.all) so that they can run concurrently. The value
   * is always what the cache reads back (JSON: NaN and ±Infinity are null). Sub-runs are shared across figures
   * (T4.1 reuses Fig. 6's Euler runs) and an equal request in flight is computed once.
   */
  subRun<K extends TaskKind>(kind: K, config: TaskConfig<K>, label: string): Promise<TaskResult<K>>;
}

export interface FigureOutput<D> {
  /** The numbers plotted (and those the claim is measured on). */
  data: D;
  claim: ClaimCheck;
}

interface FigureBase {
  id: string;
  /** One line for --list. */
  title: string;
  /** 'paper' for the paper's figures, 'beyond' for the project's own verification figures. */
  origin: "paper" | "beyond";
  /** The paper's caption (or our own for 'beyond' figures). */
  caption: string;
  /** The claim, one sentence. */
  claim: string;
  /** The protocols this figure implements (protocol.ts): [] = it does not depend on one (no network, no notebook). */
  protocols: readonly Protocol[];
}

export interface ImplementedFigure<C extends { seeds: number[] }, D> extends FigureBase {
  implemented: true;
  /**
   * Version of the figure's code: bump it when the computation or the claim check changes, so cached
   * results made by older code are not reused (sub-runs carry their own version in their keys).
   */
  version: number;
  /** The full configuration for a preset (the cache key). */
  config(options: RunOptions): C;
  /** The paper's settings, in words. */
  paperScale: string;
  /** What was run, and how it differs from the paper's scale. */
  describe(config: C, preset: Preset): string;
  run(config: C, ctx: FigureContext): Promise<FigureOutput<D>>;
  /** A Vega-Lite specification of the figure. */
  spec(output: FigureOutput<D>, config: C): Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyImplemented = ImplementedFigure<any, any>;
export type FigureDefinition = AnyImplemented;
