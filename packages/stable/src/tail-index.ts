/**
 * Tail-index estimators for heavy-tailed (gradient) noise.
 *
 * - Block sums (Mohammadi, Mohammadpour & Ogata 2015, Metrika; as used by Şimşekli,
 *   Sagun & Gürbüzbalaban 2019 on SGD noise): for strictly α-stable X₁ … X_K, K = K₁K₂,
 *   block sums Y_i = X_{(i−1)K₁+1} + … + X_{iK₁} are K₁^{1/α}-scaled copies, so
 *     1/α̂ = (1/log K₁) [ (1/K₂) Σ_i log|Y_i| − (1/K) Σ_j log|X_j| ]  → 1/α  (a.s., K₂ → ∞).
 *   It assumes strict stability (centred data when α > 1); it does not centre the data.
 * - Hill (1975): with the order statistics of |X| (or of X, −X for one tail)
 *   X_(1) ≥ … ≥ X_(k+1) > 0,  1/α̂ = (1/k) Σ_{i ≤ k} log(X_(i) / X_(k+1));
 *   asymptotically α̂ ≈ N(α, α²/k) for Pareto-type tails.
 */
import { checkSample, describeValue, rangeError } from "./validate.js";

export interface BlockSumTailIndex {
  /** α̂ = 1/inverseAlpha (Infinity when inverseAlpha ≤ 0: no heavy tail detected). */
  alpha: number;
  /** The estimate of 1/α, the quantity the estimator averages. */
  inverseAlpha: number;
  /** K₁, values per block. */
  blockSize: number;
  /** K₂, number of blocks. */
  blocks: number;
  /** K₁K₂ values used: the first ones; the last K mod K₁ are dropped. */
  used: number;
}

/**
 * Block-sum tail-index estimator. `blockSize` K₁ defaults to ⌊√K⌋ (Şimşekli et al. take
 * K₁ near √K); it must leave at least 2 blocks. Data must be finite and nonzero.
 */
export function tailIndexBlockSums(data: ArrayLike<number>, options: { blockSize?: number } = {}): BlockSumTailIndex {
  checkSample("data", data, 4);
  const K = data.length;
  const k1 = options.blockSize ?? Math.floor(Math.sqrt(K));
  if (!Number.isSafeInteger(k1) || k1 < 2 || k1 > Math.floor(K / 2)) {
    throw rangeError("blockSize", k1, `{2, ..., ${Math.floor(K / 2)}} (an integer leaving at least 2 blocks)`);
  }
  const k2 = Math.floor(K / k1);
  const used = k1 * k2;
  let sumLogX = 0;
  let sumLogY = 0;
  for (let b = 0; b < k2; b++) {
    let y = 0;
    for (let j = b * k1, end = j + k1; j < end; j++) {
      const x = data[j];
      if (x === 0) throw new RangeError(`data[${j}] = 0: log|x| is undefined; the block-sum estimator needs nonzero values`);
      sumLogX += Math.log(Math.abs(x));
      y += x;
    }
    if (y === 0) throw new RangeError(`the sum of block ${b} is exactly 0: log|Y| is undefined; try another blockSize`);
    sumLogY += Math.log(Math.abs(y));
  }
  const inverseAlpha = (sumLogY / k2 - sumLogX / used) / Math.log(k1);
  return { alpha: inverseAlpha > 0 ? 1 / inverseAlpha : Infinity, inverseAlpha, blockSize: k1, blocks: k2, used };
}

export interface HillTailIndex {
  /** α̂ = 1/H, H the mean log-excess over the threshold. */
  alpha: number;
  /** Number of upper order statistics used. */
  k: number;
  /** X_(k+1), the threshold. */
  threshold: number;
  /** α̂/√k, the asymptotic standard error for Pareto-type tails. */
  standardError: number;
}

/**
 * Hill estimator from the k largest values of |x| (tail 'absolute', default), of x
 * ('upper') or of −x ('lower'). Needs 1 ≤ k < n and a positive threshold X_(k+1).
 */
export function tailIndexHill(
  data: ArrayLike<number>,
  options: { k: number; tail?: "absolute" | "upper" | "lower" },
): HillTailIndex {
  checkSample("data", data, 2);
  const n = data.length;
  const k = options?.k;
  if (typeof k !== "number" || !Number.isSafeInteger(k) || k < 1 || k > n - 1) {
    throw rangeError("k", k, `{1, ..., ${n - 1}} (fewer than the ${n} values)`);
  }
  const tail = options.tail ?? "absolute";
  if (tail !== "absolute" && tail !== "upper" && tail !== "lower") {
    throw rangeError("tail", tail, "{'absolute', 'upper', 'lower'}");
  }
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = tail === "absolute" ? Math.abs(data[i]) : tail === "upper" ? data[i] : -data[i];
  v.sort(); // ascending
  const threshold = v[n - 1 - k];
  if (!(threshold > 0)) {
    throw new RangeError(`threshold X_(k+1) = ${describeValue(threshold)} must be > 0; use a smaller k (k = ${k})`);
  }
  let h = 0;
  const logT = Math.log(threshold);
  for (let i = n - k; i < n; i++) h += Math.log(v[i]) - logT;
  h /= k;
  const alpha = h > 0 ? 1 / h : Infinity;
  return { alpha, k, threshold, standardError: alpha / Math.sqrt(k) };
}
