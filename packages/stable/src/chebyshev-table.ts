/**
 * Adaptive piecewise Chebyshev interpolation of a smooth function on [lo, hi]:
 * each piece holds the coefficients of a degree-n interpolant at Chebyshev
 * points of the first kind; a piece is split in two until its last two
 * coefficients fall below `tol`. Evaluation is O(1) lookup through a uniform
 * index grid plus a Clenshaw recurrence. This is what makes the bulk
 * pdf/cdf of the stable law fast.
 */

export interface ChebyshevOptions {
  /** Polynomial degree of each piece (default 16). */
  degree?: number;
  /** Accept a piece when |c_{n−1}| + |c_n| ≤ tol + relTol·max|h| on the piece. */
  tol: number;
  /** Part of the tolerance proportional to the size of the values (default 0). */
  relTol?: number;
  /** Extra tolerance for the piece [a, b], e.g. the rounding noise of h there (default 0). */
  noiseAt?: (a: number, b: number) => number;
  /** Number of equal pieces to start from (default 8). */
  initialPieces?: number;
  /**
   * Smallest piece width (default 1/256 of an initial piece). A piece that
   * reaches it without meeting the tolerance (rounding noise in h, a
   * singularity) is marked as not tabulated: `evaluate` returns NaN there and
   * the caller evaluates pointwise.
   */
  minWidth?: number;
}

export class PiecewiseChebyshev {
  /** Left ends of the pieces, increasing, then `hi`. */
  readonly breaks: Float64Array;
  /** (degree+1) coefficients per piece, piece-major. */
  readonly coeffs: Float64Array;
  readonly degree: number;
  readonly lo: number;
  readonly hi: number;
  /** Largest coefficient tail among accepted pieces (an error indicator). */
  readonly worstTail: number;
  /** Function evaluations spent building the table. */
  readonly evaluations: number;
  private readonly index: Int32Array;
  private readonly indexScale: number;

  constructor(
    breaks: Float64Array,
    coeffs: Float64Array,
    degree: number,
    worstTail: number,
    evaluations: number,
    shared?: { index: Int32Array; indexScale: number },
  ) {
    this.breaks = breaks;
    this.coeffs = coeffs;
    this.degree = degree;
    this.lo = breaks[0];
    this.hi = breaks[breaks.length - 1];
    this.worstTail = worstTail;
    this.evaluations = evaluations;
    if (shared) {
      this.index = shared.index;
      this.indexScale = shared.indexScale;
      return;
    }
    // uniform index grid: cell i covers [lo + i/s, lo + (i+1)/s); store the piece containing its left end
    const pieces = breaks.length - 1;
    let minW = Infinity;
    for (let i = 0; i < pieces; i++) minW = Math.min(minW, breaks[i + 1] - breaks[i]);
    const cells = Math.min(1 << 16, Math.max(pieces, Math.ceil((this.hi - this.lo) / minW)));
    this.indexScale = cells / (this.hi - this.lo);
    this.index = new Int32Array(cells + 1);
    let p = 0;
    for (let i = 0; i <= cells; i++) {
      const x = this.lo + i / this.indexScale;
      while (p < pieces - 1 && breaks[p + 1] <= x) p++;
      this.index[i] = p;
    }
  }

  /**
   * The interpolant of another function on the same pieces: h at this table's nodes (pieces that
   * are not tabulated here stay untabulated). `worstTail` is the largest coefficient tail found.
   */
  sameBreaks(h: (u: number) => number): PiecewiseChebyshev {
    const n = this.degree;
    const m = n + 1;
    const pieces = this.breaks.length - 1;
    const coeffs = new Float64Array(pieces * m);
    const values = new Float64Array(m);
    const nodes = chebyshevNodes(n);
    let worstTail = 0;
    let evaluations = 0;
    for (let p = 0; p < pieces; p++) {
      if (this.coeffs[p * m] !== this.coeffs[p * m]) {
        coeffs.fill(NaN, p * m, (p + 1) * m);
        continue;
      }
      const a = this.breaks[p];
      const b = this.breaks[p + 1];
      let finite = true;
      for (let j = 0; j < m; j++) {
        const v = h(0.5 * (a + b) + 0.5 * (b - a) * nodes[j]);
        values[j] = v;
        if (!Number.isFinite(v)) finite = false;
      }
      evaluations += m;
      if (!finite) {
        coeffs.fill(NaN, p * m, (p + 1) * m);
        continue;
      }
      chebyshevCoefficients(values, n, coeffs, p * m);
      worstTail = Math.max(worstTail, Math.abs(coeffs[p * m + n - 1]) + Math.abs(coeffs[p * m + n]));
    }
    return new PiecewiseChebyshev(this.breaks, coeffs, n, worstTail, evaluations, { index: this.index, indexScale: this.indexScale });
  }

  /** Σ w_i · table_i, coefficient by coefficient, for tables on these same pieces (from sameBreaks). */
  combine(terms: Array<[weight: number, table: PiecewiseChebyshev]>): PiecewiseChebyshev {
    const coeffs = new Float64Array(this.coeffs.length);
    for (const [w, t] of terms) {
      const c = t.coeffs;
      for (let i = 0; i < coeffs.length; i++) coeffs[i] += w * c[i];
    }
    return new PiecewiseChebyshev(this.breaks, coeffs, this.degree, 0, 0, { index: this.index, indexScale: this.indexScale });
  }

  /** Piece index, the local variable t ∈ [−1, 1] and d t/d u for u in [lo, hi], written to loc[0..2]. */
  locate(u: number, loc: Float64Array): void {
    const p = this.pieceOf(u);
    const a = this.breaks[p];
    const b = this.breaks[p + 1];
    loc[0] = p;
    loc[1] = (2 * u - a - b) / (b - a);
    loc[2] = 2 / (b - a);
  }

  /** Index of the piece containing u (u in [lo, hi]). */
  private pieceOf(u: number): number {
    const breaks = this.breaks;
    let p = this.index[Math.floor((u - this.lo) * this.indexScale)];
    while (breaks[p + 1] < u) p++;
    return p;
  }

  /**
   * Value, first and second derivative in u at u (in [lo, hi]), written to out[0..2];
   * NaNs inside a piece that is not tabulated.
   */
  evaluateWithDerivatives(u: number, out: Float64Array): void {
    const p = this.pieceOf(u);
    const a = this.breaks[p];
    const b = this.breaks[p + 1];
    const t = (2 * u - a - b) / (b - a);
    const scale = 2 / (b - a);
    clenshaw2(this.coeffs, p * (this.degree + 1), this.degree, t, out);
    out[1] *= scale;
    out[2] *= scale * scale;
  }

  /** Value at u, which must lie in [lo, hi]; NaN inside a piece that is not tabulated. */
  evaluate(u: number): number {
    const p = this.pieceOf(u);
    const a = this.breaks[p];
    const b = this.breaks[p + 1];
    return clenshaw(this.coeffs, p * (this.degree + 1), this.degree, (2 * u - a - b) / (b - a));
  }
}

/** Σ c_k T_k(t) for the degree-n series starting at c[base]. */
export function clenshaw(c: Float64Array, base: number, n: number, t: number): number {
  let b1 = 0;
  let b2 = 0;
  const t2 = 2 * t;
  for (let k = n; k >= 1; k--) {
    const b0 = c[base + k] + t2 * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return c[base] + t * b1 - b2;
}

/**
 * Σ c_k T_k(t) and its first two t-derivatives in one pass (the Clenshaw recurrence
 * b_k = c_k + 2t b_{k+1} − b_{k+2} differentiated: b'_k = 2b_{k+1} + 2t b'_{k+1} − b'_{k+2},
 * b''_k = 4b'_{k+1} + 2t b''_{k+1} − b''_{k+2}), written to out[0..2].
 */
export function clenshaw2(c: Float64Array, base: number, n: number, t: number, out: Float64Array): void {
  let b1 = 0;
  let b2 = 0;
  let d1 = 0;
  let d2 = 0;
  let e1 = 0;
  let e2 = 0;
  const t2 = 2 * t;
  for (let k = n; k >= 1; k--) {
    const e0 = 4 * d1 + t2 * e1 - e2;
    const d0 = 2 * b1 + t2 * d1 - d2;
    const b0 = c[base + k] + t2 * b1 - b2;
    e2 = e1;
    e1 = e0;
    d2 = d1;
    d1 = d0;
    b2 = b1;
    b1 = b0;
  }
  out[0] = c[base] + t * b1 - b2;
  out[1] = b1 + t * d1 - d2;
  out[2] = 2 * d1 + t * e1 - e2;
}

const COS_CACHE = new Map<number, Float64Array>();
const NODE_CACHE = new Map<number, Float64Array>();

/** First-kind Chebyshev points cos(π(j + ½)/(n + 1)), j = 0..n. */
function chebyshevNodes(n: number): Float64Array {
  let nodes = NODE_CACHE.get(n);
  if (!nodes) {
    const m = n + 1;
    nodes = new Float64Array(m);
    for (let j = 0; j < m; j++) nodes[j] = Math.cos((Math.PI * (j + 0.5)) / m);
    NODE_CACHE.set(n, nodes);
  }
  return nodes;
}

/** Chebyshev coefficients of the interpolant at the n+1 first-kind points of [a, b]. */
export function chebyshevCoefficients(values: Float64Array, n: number, out: Float64Array, offset: number): void {
  const m = n + 1;
  let cos = COS_CACHE.get(n);
  if (!cos) {
    cos = new Float64Array(m * m);
    for (let k = 0; k <= n; k++) for (let j = 0; j < m; j++) cos[k * m + j] = Math.cos((Math.PI * k * (j + 0.5)) / m);
    COS_CACHE.set(n, cos);
  }
  for (let k = 0; k <= n; k++) {
    let s = 0;
    const row = k * m;
    for (let j = 0; j < m; j++) s += values[j] * cos[row + j];
    out[offset + k] = ((k === 0 ? 1 : 2) / m) * s;
  }
}

/**
 * Build a piecewise Chebyshev interpolant of h on [lo, hi]. Where h is not
 * finite the pieces are refined down to `minWidth` and then left untabulated.
 */
export function buildPiecewiseChebyshev(
  h: (u: number) => number,
  lo: number,
  hi: number,
  options: ChebyshevOptions,
): PiecewiseChebyshev {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`table range [${lo}, ${hi}] must be finite and non-empty`);
  }
  const n = options.degree ?? 16;
  const m = n + 1;
  const initial = options.initialPieces ?? 8;
  const minWidth = options.minWidth ?? (hi - lo) / initial / 256;
  const relTol = options.relTol ?? 0;
  const nodes = chebyshevNodes(n);
  const values = new Float64Array(m);
  const coef = new Float64Array(m);
  const acceptedLo: number[] = [];
  const acceptedCoeffs: Float64Array[] = [];
  let evaluations = 0;
  let worstTail = 0;
  // depth-first, left to right, so accepted pieces come out ordered
  const stack: Array<[number, number]> = [];
  const w0 = (hi - lo) / initial;
  for (let i = initial - 1; i >= 0; i--) stack.push([lo + i * w0, i === initial - 1 ? hi : lo + (i + 1) * w0]);
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let finite = true;
    for (let j = 0; j < m && finite; j++) {
      const v = h(0.5 * (a + b) + 0.5 * (b - a) * nodes[j]);
      finite = Number.isFinite(v);
      values[j] = v;
      evaluations++;
    }
    // a piece is accepted when its coefficients have decayed; otherwise it is split, and
    // below minWidth (a support edge, underflow, rounding noise) left to pointwise evaluation
    let accept = false;
    if (finite) {
      chebyshevCoefficients(values, n, coef, 0);
      const tail = Math.abs(coef[n - 1]) + Math.abs(coef[n]);
      let size = 0;
      for (let j = 0; j < m; j++) size = Math.max(size, Math.abs(values[j]));
      const noise = options.noiseAt ? options.noiseAt(a, b) : 0;
      accept = tail <= options.tol + relTol * size + noise;
      if (accept && tail > worstTail) worstTail = tail;
    }
    if (accept) {
      acceptedLo.push(a);
      acceptedCoeffs.push(coef.slice());
    } else if (b - a <= minWidth) {
      acceptedLo.push(a);
      acceptedCoeffs.push(new Float64Array(m).fill(NaN));
    } else {
      const mid = 0.5 * (a + b);
      stack.push([mid, b]);
      stack.push([a, mid]);
    }
  }
  const pieces = acceptedLo.length;
  const breaks = new Float64Array(pieces + 1);
  const coeffs = new Float64Array(pieces * m);
  for (let i = 0; i < pieces; i++) {
    breaks[i] = acceptedLo[i];
    coeffs.set(acceptedCoeffs[i], i * m);
  }
  breaks[pieces] = hi;
  return new PiecewiseChebyshev(breaks, coeffs, n, worstTail, evaluations);
}
