/** Every figure, in the paper's order, then the project's own. Adding a figure = one file + one line here. */
import type { FigureDefinition } from "./figure.js";
import { a1 } from "./figures/a1.js";
import { a2 } from "./figures/a2.js";
import { a3 } from "./figures/a3.js";
import { a4 } from "./figures/a4.js";
import { d1 } from "./figures/d1.js";
import { fig2 } from "./figures/fig2.js";
import { fig3 } from "./figures/fig3.js";
import { fig4 } from "./figures/fig4.js";
import { fig5 } from "./figures/fig5.js";
import { fig6 } from "./figures/fig6.js";
import { fig7 } from "./figures/fig7.js";
import { fig8 } from "./figures/fig8.js";
import { t41 } from "./figures/t41.js";
import { t42 } from "./figures/t42.js";

export const FIGURES: readonly FigureDefinition[] = [
  fig2, fig3, fig4, fig5, fig6, fig7, fig8,
  a1, a2, a3, a4,
  t41, t42, d1,
];

/** "3", "fig3", "Fig. 3", "a.1", "t4.1" → the canonical id, or undefined. */
export function resolveFigureId(raw: string): string | undefined {
  const s = raw.trim().replace(/^fig(ure)?\.?\s*/i, "").toUpperCase();
  return FIGURES.find((f) => f.id.toUpperCase() === s)?.id;
}

export function figureById(id: string): FigureDefinition {
  const f = FIGURES.find((x) => x.id === id);
  if (!f) throw new Error(`unknown figure id ${id}`);
  return f;
}

/** `--list`: one line per figure. */
export function listLines(): string[] {
  return FIGURES.map((f) => `${f.id.padEnd(5)} ${f.title}`);
}
