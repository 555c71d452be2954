/** Vega-Lite building blocks shared by the figures. */
import { sig, spread } from "./stats.js";
export const COLORS = {
  black: "#000000",
  blue: "#1f77b4",
  orange: "#ff7f0e",
  green: "#2ca02c",
  red: "#d62728",
  purple: "#9467bd",
  brown: "#8c564b",
  grey: "#9e9e9e",
  pink: "#e377c2",
} as const;

export const PALETTE = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.red, COLORS.purple, COLORS.brown, COLORS.pink];

export interface HistBar {
  lo: number;
  hi: number;
  density: number;
  count: number;
}

/** A point of a curve: y (mean over seeds) with the seed spread [lo, hi]. */
export interface CurvePoint {
  x: number;
  series: string;
  y: number;
  lo: number;
  hi: number;
}

/**
 * Mean over seeds with the min–max band, per evaluation index: one (step, value) history per seed. A
 * point is drawn only where every seed has a value (a diverged seed ends the curve there).
 */
export function seedMeanCurve(histories: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, series: string): CurvePoint[] {
  const out: CurvePoint[] = [];
  const n = Math.min(...histories.map((h) => h.length));
  for (let i = 0; i < n; i++) {
    const s = spread(histories.map((h) => h[i]![1]));
    out.push({ x: histories[0]![i]![0], series, y: sig(s.mean), lo: sig(s.min), hi: sig(s.max) });
  }
  return out;
}

export interface DensityPanelOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  bars?: HistBar[];
  barSeries?: string;
  curves: CurvePoint[];
  log: boolean;
  domain: [number, number];
  colors: Record<string, string>;
  width?: number;
  height?: number;
  /** Series drawn thicker and on top (e.g. the Gibbs density). */
  emphasise?: string;
  /** Log axes only: false = the y domain hugs the data instead of widening to powers of ten (default true). */
  logNice?: boolean;
  /** d3-format of the y tick labels (default: "~e" on log axes, Vega's own otherwise); "~g" gives plain numbers (4.545, 0.01). */
  yFormat?: string;
}

/** Plain tick labels for log axes: 4.545, 0.01, 20 (not 4.545e+0). */
export const PLAIN_FORMAT = "~g";

/** Histogram bars, seed-spread bands and mean curves in one layered chart. */
export function densityPanel(o: DensityPanelOptions): Record<string, unknown> {
  const domain = Object.keys(o.colors);
  const color = { field: "series", type: "nominal", title: null, scale: { domain, range: domain.map((k) => o.colors[k]) }, legend: { orient: "bottom", columns: 2, labelLimit: 320 } };
  const yScale = o.log ? (o.logNice === false ? { type: "log", nice: false } : { type: "log" }) : { zero: true };
  const yAxis = o.yFormat !== undefined ? { axis: { format: o.yFormat } } : o.log ? { axis: { format: "~e" } } : {};
  const x = { field: "x", type: "quantitative", title: o.xTitle, scale: { domain: o.domain, nice: false } };
  const layers: Record<string, unknown>[] = [];
  if (o.bars && o.bars.length > 0) {
    layers.push({
      data: { values: o.bars.map((b) => ({ ...b, series: o.barSeries ?? "samples" })) },
      mark: { type: "rect", opacity: 0.45, clip: true },
      encoding: {
        x: { field: "lo", type: "quantitative", title: o.xTitle, scale: { domain: o.domain, nice: false } },
        x2: { field: "hi" },
        y: { field: "density", type: "quantitative", title: o.yTitle, scale: yScale, ...yAxis },
        ...(o.log ? {} : { y2: { datum: 0 } }),
        color,
      },
    });
    if (o.log) {
      // on a log axis a bar has no bottom: mark the bin value by a horizontal tick
      layers[layers.length - 1] = {
        data: { values: o.bars.map((b) => ({ ...b, series: o.barSeries ?? "samples" })) },
        mark: { type: "rule", strokeWidth: 2.5, clip: true },
        encoding: {
          x: { field: "lo", type: "quantitative", title: o.xTitle, scale: { domain: o.domain, nice: false } },
          x2: { field: "hi" },
          y: { field: "density", type: "quantitative", title: o.yTitle, scale: yScale, ...yAxis },
          color,
        },
      };
    }
  }
  const banded = o.curves.filter((c) => c.hi > c.lo);
  if (banded.length > 0) {
    layers.push({
      data: { values: banded },
      mark: { type: "area", opacity: 0.25, clip: true },
      encoding: { x, y: { field: "lo", type: "quantitative", title: o.yTitle, scale: yScale, ...yAxis }, y2: { field: "hi" }, color, detail: { field: "series" } },
    });
  }
  layers.push({
    data: { values: o.curves },
    mark: { type: "line", strokeWidth: 1.6, clip: true },
    encoding: {
      x,
      y: { field: "y", type: "quantitative", title: o.yTitle, scale: yScale, ...yAxis },
      color,
      ...(o.emphasise ? { strokeWidth: { condition: { test: `datum.series === '${o.emphasise.replace(/'/g, "\\'")}'`, value: 2.6 }, value: 1.4 } } : {}),
      ...(o.emphasise ? { strokeDash: { condition: { test: `datum.series === '${o.emphasise.replace(/'/g, "\\'")}'`, value: [6, 3] }, value: [1, 0] } } : {}),
    },
  });
  return { title: o.title, width: o.width ?? 260, height: o.height ?? 180, layer: layers };
}
