/**
 * Throughput of `sample` (Chambers–Mallows–Stuck) in samples per second.
 * Peer: bench/peers/cms_numpy.py (the same formula vectorised with numpy's default_rng).
 *
 * Inputs (the Rng, the output buffer) are prepared outside the timed loop; the timed
 * call is `sampleInto`, which is `sample` without the allocation. After a warm-up the
 * median of `repeats` runs is reported (best and CPU-time rates as details: on a shared
 * machine the CPU-time rate is the steadier one). The result is checked: every value
 * finite and the sample median near the law's median (a KS-type bound on n draws).
 */
import { sampleInto } from "../src/sample.js";
import { createRng } from "../src/rng.js";

export interface BenchSampleResult {
  /** n / median wall seconds per call. */
  samplesPerSecond: number;
  /** n / fastest call. */
  bestSamplesPerSecond: number;
  /** n / median process CPU seconds per call (robust to other processes on the machine). */
  cpuSamplesPerSecond: number;
  nsPerSample: number;
  n: number;
  alpha: number;
  beta: number;
  repeats: number;
}

export interface BenchSampleOptions {
  alpha?: number;
  beta?: number;
  repeats?: number;
  seed?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Median of x without sorting a copy of all of it: a subsample of 20001 values. */
function roughMedian(x: Float64Array): number {
  const m = Math.min(x.length, 20001);
  const step = x.length / m;
  const s = new Float64Array(m);
  for (let i = 0; i < m; i++) s[i] = x[Math.floor(i * step)];
  s.sort();
  return s[m >> 1];
}

/**
 * Benchmark n draws of S_α(1, β, 0) (S1); default α = 1.5, β = 0.5 (median ≈ −0.3661,
 * as scipy.stats.levy_stable.ppf(0.5, 1.5, 0.5) gives: −0.36615). Throws if the output is wrong.
 */
export function benchSample(n: number, opts: BenchSampleOptions = {}): BenchSampleResult {
  const alpha = opts.alpha ?? 1.5;
  const beta = opts.beta ?? 0.5;
  const repeats = opts.repeats ?? 7;
  const rng = createRng(opts.seed ?? 20210701);
  const out = new Float64Array(n);
  const params = { alpha, beta };
  // warm-up: let the JIT compile the kernel
  const warm = new Float64Array(Math.min(n, 200_000));
  for (let k = 0; k < 3; k++) sampleInto(warm, params, rng);

  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    sampleInto(out, params, rng);
    const t1 = process.hrtime.bigint();
    const c1 = process.cpuUsage(c0);
    wall.push(Number(t1 - t0) * 1e-9);
    cpu.push((c1.user + c1.system) * 1e-6);
  }

  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i])) throw new Error(`benchSample: out[${i}] = ${out[i]} is not finite`);
  }
  if (alpha === 1.5 && beta === 0.5 && n >= 100_000) {
    // the subsample median of 20001 draws has sd ≈ 1/(2 f(m) √20001) ≈ 0.013 (f(m) ≈ 0.28)
    const med = roughMedian(out);
    if (Math.abs(med - -0.3661) > 0.07) throw new Error(`benchSample: median ${med}, expected ≈ -0.3661`);
  }
  const wallMed = median(wall);
  return {
    samplesPerSecond: n / wallMed,
    bestSamplesPerSecond: n / Math.min(...wall),
    cpuSamplesPerSecond: n / Math.max(median(cpu), 1e-6),
    nsPerSample: (wallMed * 1e9) / n,
    n,
    alpha,
    beta,
    repeats,
  };
}
