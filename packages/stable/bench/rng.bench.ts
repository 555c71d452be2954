/**
 * Throughput of the random streams (src/rng.ts): nanoseconds per uniform for
 * `fillUniform` and for repeated `uniform()` calls, and per normal / exponential for
 * `fillNormal` / `fillExponential`. Buffers are prepared outside the timed loop; the
 * median of `repeats` runs is reported; results are checked (range and mean).
 */
import { createRng } from "../src/rng.js";

export interface BenchRngResult {
  /** Median ns per value of fillUniform. */
  nsPerUniformFill: number;
  /** Median ns per call of uniform(). */
  nsPerUniformCall: number;
  nsPerNormalFill: number;
  nsPerExponentialFill: number;
  n: number;
  repeats: number;
}

function medianNs(f: () => void, n: number, repeats: number): number {
  f(); // warm-up
  f();
  const t: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    f();
    t.push(Number(process.hrtime.bigint() - t0) / n);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

/** Benchmark n draws per run (default 10⁶). Throws if the values are out of range or their mean is off. */
export function benchRng(n = 1_000_000, repeats = 9): BenchRngResult {
  const rng = createRng(20210701);
  const buf = new Float64Array(n);
  let sink = 0;
  const nsPerUniformFill = medianNs(() => rng.fillUniform(buf), n, repeats);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!(buf[i] > 0 && buf[i] < 1)) throw new Error(`benchRng: uniform ${buf[i]} outside (0, 1)`);
    mean += buf[i];
  }
  mean /= n;
  if (Math.abs(mean - 0.5) > 6 * Math.sqrt(1 / 12 / n)) throw new Error(`benchRng: uniform mean ${mean}`);
  const nsPerUniformCall = medianNs(
    () => {
      let s = 0;
      for (let i = 0; i < n; i++) s += rng.uniform();
      sink += s;
    },
    n,
    repeats,
  );
  if (!(Math.abs(sink / (n * (repeats + 2)) - 0.5) < 0.01)) throw new Error("benchRng: uniform() mean is off");
  const nsPerNormalFill = medianNs(() => rng.fillNormal(buf), n, repeats);
  const nsPerExponentialFill = medianNs(() => rng.fillExponential(buf), n, repeats);
  for (let i = 0; i < n; i++) if (!(buf[i] >= 0 && buf[i] < 60)) throw new Error(`benchRng: exponential ${buf[i]}`);
  return { nsPerUniformFill, nsPerUniformCall, nsPerNormalFill, nsPerExponentialFill, n, repeats };
}
