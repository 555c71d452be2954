/**
 * Vega-Lite spec → SVG (Vega's headless SVG renderer, no browser, no canvas) → PNG (resvg).
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import { Resvg } from "@resvg/resvg-js";

const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/** The project's look: white background, one font for every text mark. */
export function withTheme(spec: Record<string, unknown>, title?: string, subtitle?: string): Record<string, unknown> {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    background: "white",
    padding: 12,
    ...(title ? { title: { text: title, ...(subtitle ? { subtitle } : {}), fontSize: 15, subtitleFontSize: 12, anchor: "start" } } : {}),
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.35 },
      legend: { labelFontSize: 11, symbolStrokeWidth: 2.5 },
      title: { fontSize: 13 },
      concat: { spacing: 24 },
    },
    ...spec,
  };
}

export async function toSvg(vegaLiteSpec: Record<string, unknown>): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const compiled = vl.compile(vegaLiteSpec as any).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Uint8Array {
  const r = new Resvg(svg, { fitTo: { mode: "zoom", value: scale }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "white" });
  return r.render().asPng();
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
