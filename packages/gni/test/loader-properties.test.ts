/**
 * Property tests of the data loaders (issue 12), seeded: truncations and mutations of small
 * valid files never read outside the bytes they were given, never give NaN or out-of-range
 * values, and either parse to the same content or fail with an Error that names the file.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadCifar10, loadSvhn, readMatV5, type MatVariable } from "../src/index.js";
import { bytes, compressed, matFile, matrix, MI, MX, numeric, flags, dimsEl, nameEl, svhnVars } from "./mat-builder.js";

const SEED = 20_211_231;
const W = "prop.mat";
const CLEAR = /^MAT-file prop\.mat: /;

// a small valid file: a uint8 [2, 3], a double [3, 1] with a 5-character name, an int16 [1, 2]
// stored as uint8 (as MATLAB does), a cell array (listed, not decoded), each kind of tag
const vars = [
  numeric("a", MX.UINT8, [2, 3], MI.UINT8, Buffer.from([0, 1, 2, 253, 254, 255])),
  numeric("dbl_v", MX.DOUBLE, [3, 1], MI.DOUBLE, bytes(new Float64Array([1.5, -2, 1e300]))),
  numeric("s", MX.INT16, [1, 2], MI.UINT8, Buffer.from([7, 200])),
  matrix([flags(MX.CELL), dimsEl([1, 1]), nameEl("c"), numeric("", MX.DOUBLE, [1, 1], MI.DOUBLE, bytes(new Float64Array([4])))]),
];
const plainFile = matFile(...vars);
const zFile = matFile(...vars.map(compressed));

/** Comparable content of the parse. */
const content = (vs: MatVariable[]) => vs.map((v) => ({ name: v.name, classCode: v.classCode, dims: v.dims, data: v.data ? Array.from(v.data as ArrayLike<number>) : null }));
const expected = content(readMatV5(plainFile, W));

/** Every returned array is whole (prod(dims) values) and made of bytes that exist in `source`. */
function checkSound(vs: MatVariable[], sources: Buffer[]): void {
  for (const v of vs) {
    if (!v.data) continue;
    expect(v.data.length).toBe(v.dims.reduce((a, b) => a * b, 1));
    const raw = Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);
    if (raw.length > 0) expect(sources.some((s) => s.indexOf(raw) >= 0)).toBe(true);
  }
}

/** Run `f`; a thrown value must be an Error matching `clear`. Returns the result or null. */
function parseOrClearError<T>(f: () => T, clear: RegExp): T | null {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof Error) || !clear.test(e.message)) throw new Error(`unclear failure: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return null;
  }
}

/** The plaintext of each compressed element of zFile (what a read of it may legitimately return). */
const plains = (() => {
  const out: Buffer[] = [];
  let off = 128;
  while (off < zFile.length) {
    const n = zFile.readUInt32LE(off + 4);
    out.push(inflateSync(zFile.subarray(off + 8, off + 8 + n)));
    off += 8 + n;
  }
  return out;
})();

/** Size-field values worth lying with: zero, around the element sizes, huge, and the small-element form. */
const sizeLie = fc.oneof(
  fc.constantFrom(0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 24, 48, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff),
  fc.integer({ min: 0, max: 256 }),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.record({ n: fc.integer({ min: 0, max: 0xffff }), t: fc.integer({ min: 0, max: 20 }) }).map(({ n, t }) => ((n << 16) | t) >>> 0),
);

/** Mutations of a buffer: overwrite aligned 32-bit words (size fields) and single bytes. */
const mutations = (len: number) =>
  fc.array(
    fc.oneof(
      fc.record({ word: fc.integer({ min: 0, max: Math.floor(len / 4) - 1 }), value: sizeLie }),
      fc.record({ at: fc.integer({ min: 0, max: len - 1 }), byte: fc.integer({ min: 0, max: 255 }) }),
    ),
    { minLength: 1, maxLength: 4 },
  );
function mutate(buf: Buffer, ms: Array<{ word: number; value: number } | { at: number; byte: number }>, from = 0): Buffer {
  const out = Buffer.from(buf);
  for (const m of ms) {
    if ("word" in m) {
      if (4 * m.word >= from) out.writeUInt32LE(m.value, 4 * m.word);
    } else if (m.at >= from) out[m.at] = m.byte;
  }
  return out;
}

describe("readMatV5 properties", () => {
  it("the reference file parses to its content", () => {
    expect(expected.map((v) => v.name)).toEqual(["a", "dbl_v", "s", "c"]);
    expect(expected[1]!.data).toEqual([1.5, -2, 1e300]);
    expect(content(readMatV5(zFile, W))).toEqual(expected);
  });
  it("a truncated file (uncompressed or compressed) parses to a prefix of the variables or fails clearly", () => {
    for (const file of [plainFile, zFile]) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: file.length - 1 }), (len) => {
          const r = parseOrClearError(() => readMatV5(file.subarray(0, len), W), CLEAR);
          if (r) expect(content(r)).toEqual(expected.slice(0, r.length));
        }),
        { seed: SEED, numRuns: 300 },
      );
    }
  });
  it("mutated size fields and bytes of an uncompressed file: whole arrays of bytes that exist, or a clear error", () => {
    fc.assert(
      fc.property(mutations(plainFile.length), (ms) => {
        const f = mutate(plainFile, ms, 128);
        const r = parseOrClearError(() => readMatV5(f, W), CLEAR);
        if (r) checkSound(r, [f]);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
  it("mutations inside compressed elements (of the inflated bytes, deflated again): the same", () => {
    const arb = fc.integer({ min: 0, max: plains.length - 1 }).chain((which) => fc.tuple(fc.constant(which), mutations(plains[which]!.length)));
    fc.assert(
      fc.property(arb, ([which, ms]) => {
        const m = mutate(plains[which]!, ms);
        const f = matFile(...plains.map((q, i) => compressed(i === which ? m : q)));
        const r = parseOrClearError(() => readMatV5(f, W), CLEAR);
        if (r) checkSound(r, [...plains, m]);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
  it("mutated compressed bytes (zlib stream damage): a clear error or sound arrays", () => {
    fc.assert(
      fc.property(mutations(zFile.length), (ms) => {
        const f = mutate(zFile, ms, 128);
        const r = parseOrClearError(() => readMatV5(f, W), CLEAR);
        if (r) checkSound(r, plains);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("loader properties", () => {
  const tmp = mkdtempSync(join(tmpdir(), "gni-prop-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const svhnDir = join(tmp, "svhn");
  const cifarDir = join(tmp, "cifar");
  mkdirSync(svhnDir);
  mkdirSync(cifarDir);

  /** A dataset from a loader is finite, in [0, 1], with labels in 0…9 and matching one-hot targets. */
  function checkDataset(d: { x: Float32Array; y: Float32Array; n: number; labels?: Int32Array }) {
    expect(d.x.length).toBe(d.n * 3072);
    for (const v of d.x) if (!(v >= 0 && v <= 1)) throw new Error(`pixel ${v} outside [0, 1]`);
    for (let k = 0; k < d.n; k++) {
      const l = d.labels![k]!;
      expect(Number.isInteger(l) && l >= 0 && l <= 9).toBe(true);
      expect(d.y[k * 10 + l]).toBe(1);
    }
  }

  it("loadSvhn on mutated / truncated SVHN files: a clean data set or an error naming the file", () => {
    const { X, y } = svhnVars(2, [10, 4]);
    const plain = matFile(X, y);
    const z = matFile(compressed(X), compressed(y));
    const file = join(svhnDir, "train_32x32.mat");
    const clear = new RegExp(`^(MAT-file )?${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    for (const base of [plain, z]) {
      fc.assert(
        fc.property(fc.oneof(mutations(base.length), fc.integer({ min: 0, max: base.length - 1 })), (m) => {
          writeFileSync(file, typeof m === "number" ? base.subarray(0, m) : mutate(base, m, 128));
          const d = parseOrClearError(() => loadSvhn(svhnDir), clear);
          if (d) checkDataset(d);
        }),
        { seed: SEED, numRuns: 100 },
      );
    }
  });
  it("loadCifar10 on mutated / truncated batches: a clean data set or an error naming the file", () => {
    const rec = (label: number, k: number) => Buffer.concat([Buffer.from([label]), Buffer.from(Array.from({ length: 3072 }, (_, i) => (i * 7 + k) % 256))]);
    const base = Buffer.concat([rec(3, 0), rec(9, 1)]);
    const file = join(cifarDir, "test_batch.bin");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: base.length + 3073 }),
          fc.array(fc.record({ at: fc.constantFrom(0, 3073, 5, 4000), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 2 }),
        ),
        (m) => {
          const f = typeof m === "number" ? (m <= base.length ? base.subarray(0, m) : Buffer.concat([base, Buffer.alloc(m - base.length, 1)])) : Buffer.from(base);
          if (typeof m !== "number") for (const { at, byte } of m) f[at] = byte;
          writeFileSync(file, f);
          const d = parseOrClearError(() => loadCifar10(cifarDir, { split: "test" }), new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
          if (d) {
            checkDataset(d);
            expect(d.labels![0]).toBe(f[0]);
          }
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
