/** data.json: everything about one figure's run. */
import type { Backend } from "./backend.js";
import type { ClaimCheck } from "./figure.js";
import type { Preset } from "./presets.js";
import type { RecordedProtocol } from "./protocol.js";
import type { PaperFigureManipulation } from "./authors-manipulations.js";

export interface FigureRecord {
  id: string;
  title: string;
  origin: "paper" | "beyond";
  implemented: boolean;
  /** The paper's caption (our own for 'beyond' figures). */
  caption: string;
  claimCheck: ClaimCheck;
  preset: Preset;
  /** The protocol the numbers were made under (`authors`, `paper`), or `independent` for figures that do not depend on one. */
  protocol: RecordedProtocol;
  /** What the paper's published figure did that this one does not (offsets, mislabelled series, …), with notebook and cell. */
  paperFigureDid: PaperFigureManipulation[];
  /** The full configuration (the cache key), seeds included. */
  configuration: unknown;
  configHash: string | null;
  seeds: number[];
  /** What we ran, and the paper's scale. */
  whatWeRan: string;
  paperScale: string;
  backend: Backend;
  /** Seconds spent computing the figure's numbers (when it was computed), rendering excluded. */
  wallSeconds: number | null;
  /** Seconds spent rendering SVG and PNG in this invocation. */
  renderSeconds: number | null;
  /** True when the numbers came from the on-disk cache in this invocation. */
  fromCache: boolean;
  computedAt: string | null;
  /** Sub-runs computed when the figure was computed vs taken from checkpoints (shared with other figures or an interrupted run); wallSeconds covers only the computed ones. */
  subRuns: { computed: number; fromCheckpoint: number } | null;
  files: { svg: string | null; png: string | null; data: string };
  /** The numbers plotted. */
  data: unknown;
}
