/**
 * Adaptive Gauss–Kronrod (7–15) quadrature on a finite interval, used only by the
 * reference operators. Bisects the interval with the largest error estimate until the
 * total estimate is below max(absTol, relTol·|I|) or `maxIntervals` is reached.
 */
import { LIMITS, rangeError } from "./validate.js";

const XK = [
  0.991455371120812639, 0.949107912342758525, 0.864864423359769073, 0.741531185599394440,
  0.586087235467691130, 0.405845151377397167, 0.207784955007898468, 0,
];
const WK = [
  0.022935322010529225, 0.063092092629978553, 0.104790010322250184, 0.140653259715525919,
  0.169004726639267903, 0.190350578064785410, 0.204432940075298892, 0.209482141084727828,
];
const WG = [0.129484966168869693, 0.279705391489276668, 0.381830050505118945, 0.417959183673469388];

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

function gk15(f: (x: number) => number, a: number, b: number): Piece {
  const c = 0.5 * (a + b), hl = 0.5 * (b - a);
  const fc = f(c);
  let k = WK[7] * fc;
  let g = WG[3] * fc;
  for (let i = 0; i < 7; i++) {
    const dx = hl * XK[i];
    const s = f(c - dx) + f(c + dx);
    k += WK[i] * s;
    if (i % 2 === 1) g += WG[(i - 1) / 2] * s;
  }
  return { a, b, value: k * hl, error: Math.abs((k - g) * hl) };
}

export interface QuadratureOptions {
  absTol?: number;
  relTol?: number;
  maxIntervals?: number;
}

/** ∫_a^b f(x) dx with an error estimate. */
export function integrate(f: (x: number) => number, a: number, b: number, o: QuadratureOptions = {}): { value: number; error: number } {
  const absTol = o.absTol ?? 1e-14, relTol = o.relTol ?? 1e-12, maxIntervals = o.maxIntervals ?? 2000;
  if (!Number.isSafeInteger(maxIntervals) || maxIntervals < 1 || maxIntervals > LIMITS.quadratureIntervals) {
    throw rangeError("maxIntervals", maxIntervals, `{1, 2, ..., ${LIMITS.quadratureIntervals}}`);
  }
  if (!(absTol >= 0)) throw rangeError("absTol", absTol, "[0, Infinity]");
  if (!(relTol >= 0)) throw rangeError("relTol", relTol, "[0, Infinity]");
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw rangeError(Number.isFinite(a) ? "b" : "a", Number.isFinite(a) ? b : a, "(-Infinity, Infinity)");
  if (a === b) return { value: 0, error: 0 };
  const pieces: Piece[] = [gk15(f, a, b)];
  let value = pieces[0].value, error = pieces[0].error;
  while (error > Math.max(absTol, relTol * Math.abs(value)) && pieces.length < maxIntervals) {
    let worst = 0;
    for (let i = 1; i < pieces.length; i++) if (pieces[i].error > pieces[worst].error) worst = i;
    const p = pieces[worst];
    const mid = 0.5 * (p.a + p.b);
    const l = gk15(f, p.a, mid), r = gk15(f, mid, p.b);
    pieces[worst] = l;
    pieces.push(r);
    value = 0;
    error = 0;
    for (const q of pieces) {
      value += q.value;
      error += q.error;
    }
  }
  if (!Number.isFinite(value)) throw new RangeError(`quadrature gave ${value}: the integrand is not finite on [${a}, ${b}]`);
  return { value, error };
}
