/**
 * The one tolerance helper of the project: compares actual with expected under
 * an absolute and/or relative tolerance and, on failure, throws an error that
 * prints the inputs, the actual and expected values and the difference.
 */

export interface Tolerance {
  /** Allowed |actual − expected|. */
  abs?: number;
  /** Allowed |actual − expected| / |expected|. */
  rel?: number;
}

export interface CloseResult {
  ok: boolean;
  absErr: number;
  relErr: number;
}

/** True when actual is within abs OR rel of expected (both NaN-safe: NaN never passes). */
export function closeness(actual: number, expected: number, tol: Tolerance): CloseResult {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return { ok: false, absErr: NaN, relErr: NaN };
  if (actual === expected) return { ok: true, absErr: 0, relErr: 0 };
  const absErr = Math.abs(actual - expected);
  const relErr = expected === 0 ? Infinity : absErr / Math.abs(expected);
  const ok = (tol.abs !== undefined && absErr <= tol.abs) || (tol.rel !== undefined && relErr <= tol.rel);
  return { ok, absErr, relErr };
}

function formatInputs(inputs: unknown): string {
  try {
    return JSON.stringify(inputs);
  } catch {
    return String(inputs);
  }
}

/** Throw with a full report unless actual ≈ expected. */
export function expectClose(actual: number, expected: number, tol: Tolerance, inputs: unknown = {}): void {
  const r = closeness(actual, expected, tol);
  if (!r.ok) {
    throw new Error(
      `not within tolerance ${formatInputs(tol)}\n  inputs:   ${formatInputs(inputs)}\n  actual:   ${actual}\n  expected: ${expected}\n  abs diff: ${r.absErr}\n  rel diff: ${r.relErr}`,
    );
  }
}

export interface CaseReport<I> {
  inputs: I;
  actual: number;
  expected: number;
  absErr: number;
  relErr: number;
}

/**
 * Check many cases at once and report every failure (up to `maxReport`) with its
 * inputs, plus the worst relative and absolute errors seen, so one run shows the
 * whole picture rather than the first miss.
 */
export function expectAllClose<I>(
  cases: ReadonlyArray<{ inputs: I; actual: number; expected: number; tol: Tolerance }>,
  maxReport = 20,
): { worstAbs: CaseReport<I> | undefined; worstRel: CaseReport<I> | undefined } {
  const failures: string[] = [];
  let worstAbs: CaseReport<I> | undefined;
  let worstRel: CaseReport<I> | undefined;
  for (const c of cases) {
    const r = closeness(c.actual, c.expected, c.tol);
    const report = { inputs: c.inputs, actual: c.actual, expected: c.expected, absErr: r.absErr, relErr: r.relErr };
    if (!(r.absErr <= (worstAbs?.absErr ?? -1))) worstAbs = report;
    if (!(r.relErr <= (worstRel?.relErr ?? -1))) worstRel = report;
    if (!r.ok && failures.length < maxReport) {
      failures.push(
        `inputs ${formatInputs(c.inputs)}: actual ${c.actual}, expected ${c.expected}, abs diff ${r.absErr}, rel diff ${r.relErr}, tol ${formatInputs(c.tol)}`,
      );
    }
  }
  const nFail = cases.filter((c) => !closeness(c.actual, c.expected, c.tol).ok).length;
  if (nFail > 0) {
    throw new Error(`${nFail} of ${cases.length} cases outside tolerance:\n  ${failures.join("\n  ")}`);
  }
  return { worstAbs, worstRel };
}
