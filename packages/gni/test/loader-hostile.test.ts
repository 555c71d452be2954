/**
 * Hostile input for the data loaders (issue 12, High 1–3, Low 11, Medium 10): hand-built
 * MATLAB level-5 files whose size fields lie, decompression bombs, SVHN / CIFAR-10 files whose
 * contents disagree with their shapes or ranges, directories where files should be. Each case
 * failed (or returned silently wrong data) before the loaders checked it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadCifar10, loadMnist, loadSvhn, readMatV5 } from "../src/index.js";
import { bytes, compressed, dimsEl, el, flags, matFile, matrix, MI, MX, nameEl, numeric, small, svhnVars } from "./mat-builder.js";

const W = "hostile.mat";
const tmp = mkdtempSync(join(tmpdir(), "gni-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirCount = 0;
/** A fresh directory holding the given files. */
function dirWith(files: Record<string, Buffer | "dir">): string {
  const d = join(tmp, `d${dirCount++}`);
  mkdirSync(d);
  for (const [name, content] of Object.entries(files)) {
    if (content === "dir") mkdirSync(join(d, name));
    else writeFileSync(join(d, name), content);
  }
  return d;
}
const svhnDir = (train: Buffer) => dirWith({ "train_32x32.mat": train });
const svhnFile = (X: Buffer, y: Buffer, compress = false) => matFile(...(compress ? [compressed(X), compressed(y)] : [X, y]));

describe("High 1: every declared size is checked against the bytes that exist", () => {
  it("a small data element (4-byte payload) that declares more bytes, inside a compressed element", () => {
    // the case: the real part declares 8000 uint8 values in the 4-byte small format
    const m = matrix([flags(MX.UINT8), dimsEl([1, 8000]), nameEl("v"), small(MI.UINT8, Buffer.from([1, 2, 3, 4]), 8000)]);
    expect(() => readMatV5(matFile(compressed(m)), W)).toThrow(/MAT-file hostile\.mat: .*small data element .*declares 8000 bytes/);
    // and uncompressed
    expect(() => readMatV5(matFile(m), W)).toThrow(/MAT-file hostile\.mat: .*small data element .*declares 8000 bytes/);
  });
  it("a small element that declares 5…65535 bytes is refused wherever it appears (flags, dims, name)", () => {
    const bad = small(MI.INT8, Buffer.from("abcd", "latin1"), 300);
    const cases = [
      matrix([small(MI.UINT32, Buffer.alloc(4), 12), dimsEl([1, 1]), nameEl("v"), el(MI.DOUBLE, Buffer.alloc(8))]),
      matrix([flags(MX.DOUBLE), small(MI.INT32, Buffer.alloc(4), 16), nameEl("v"), el(MI.DOUBLE, Buffer.alloc(8))]),
      matrix([flags(MX.DOUBLE), dimsEl([1, 1]), bad, el(MI.DOUBLE, Buffer.alloc(8))]),
    ];
    for (const m of cases) {
      expect(() => readMatV5(matFile(compressed(m)), W)).toThrow(/MAT-file hostile\.mat: /);
      expect(() => readMatV5(matFile(m), W)).toThrow(/MAT-file hostile\.mat: /);
    }
  });
  it("a sub-element running past the end of its matrix (into the next variable) is an error", () => {
    // "a" claims a 16-byte real part inside a matrix that declares only its first 8 bytes: the
    // other 8 belong to the next variable, which the old reader returned as a's data
    const real = el(MI.UINT8, Buffer.alloc(16, 7));
    const a = matrix([flags(MX.UINT8), dimsEl([1, 16]), nameEl("a"), real]);
    const short = Buffer.from(a);
    short.writeUInt32LE(a.length - 8 - 8, 4); // matrix ends 8 bytes early
    const b = numeric("b", MX.UINT8, [1, 8], MI.UINT8, Buffer.alloc(8, 9));
    expect(() => readMatV5(matFile(short, b), W)).toThrow(/MAT-file hostile\.mat: .*(past|beyond) the end of/);
    expect(() => readMatV5(matFile(compressed(Buffer.concat([short, b]))), W)).toThrow(/MAT-file hostile\.mat: /);
  });
  it("dimensions, flags and name sub-elements that claim more bytes than the matrix holds", () => {
    const dimsLie = matrix([flags(MX.DOUBLE), el(MI.INT32, bytes(new Int32Array([1, 1])), { declared: 4000 }), nameEl("v"), el(MI.DOUBLE, Buffer.alloc(8))]);
    const flagsShort = matrix([el(MI.UINT32, Buffer.alloc(0)), dimsEl([1, 1]), nameEl("v"), el(MI.DOUBLE, Buffer.alloc(8))]);
    const nameLie = matrix([flags(MX.DOUBLE), dimsEl([1, 1]), el(MI.INT8, Buffer.from("vv"), { declared: 3000 }), el(MI.DOUBLE, Buffer.alloc(8))]);
    for (const m of [dimsLie, flagsShort, nameLie]) {
      for (const f of [matFile(m), matFile(compressed(m))]) expect(() => readMatV5(f, W)).toThrow(/MAT-file hostile\.mat: /);
    }
  });
  it("a real part whose byte count is not a whole number of its type's elements names the file", () => {
    const m = matrix([flags(MX.DOUBLE), dimsEl([1, 1]), nameEl("v"), el(MI.DOUBLE, Buffer.alloc(12))]);
    expect(() => readMatV5(matFile(m), W)).toThrow(/MAT-file hostile\.mat: .*12 bytes.*multiple of 8/);
  });
  it("padding: an element whose 8-byte padding runs past its matrix", () => {
    // a 5-byte real part (3 bytes of padding) in a matrix that declares the unpadded size only:
    // the old reader accepted it; its padding would be the next element's first bytes
    const parts = [flags(MX.UINT8), dimsEl([1, 5]), nameEl("a"), el(MI.UINT8, Buffer.from([1, 2, 3, 4, 5]))];
    const m = matrix(parts, Buffer.concat(parts).length - 3);
    expect(() => readMatV5(matFile(m), W)).toThrow(/MAT-file hostile\.mat: .*padding to a multiple of 8 bytes runs past the end of the matrix/);
  });
  it("loadSvhn refuses the 184-byte-style file instead of training on process memory", () => {
    const X = matrix([flags(MX.UINT8), dimsEl([32, 32, 3, 1]), nameEl("X"), small(MI.UINT8, Buffer.from([1, 2, 3, 4]), 3072)]);
    const y = numeric("y", MX.DOUBLE, [1, 1], MI.DOUBLE, bytes(new Float64Array([3])));
    const d = svhnDir(svhnFile(X, y, true));
    expect(() => loadSvhn(d, { limit: 1 })).toThrow(/train_32x32\.mat: .*small data element/);
  });
});

describe("High 2: decompression is bounded by what the declared dimensions can need", () => {
  it("a compressed element that inflates past its matrix's needs stops at the bound, naming the file", () => {
    // a 1 × 16 uint8 matrix followed, inside the same compressed element, by 8 MB of zeros
    const m = numeric("v", MX.UINT8, [1, 16], MI.UINT8, Buffer.alloc(16, 1));
    const plain = Buffer.concat([m, Buffer.alloc(8 << 20)]);
    const file = matFile(compressed(plain));
    expect(file.length).toBeLessThan(10_000);
    expect(() => readMatV5(file, W)).toThrow(/MAT-file hostile\.mat: compressed element at byte 128 inflates to more than \d+ bytes/);
  });
  it("a matrix that declares more bytes than its dimensions can need is refused before inflating", () => {
    const m = numeric("v", MX.UINT8, [1, 16], MI.UINT8, Buffer.alloc(16, 1));
    const lie = Buffer.from(m);
    lie.writeUInt32LE(200 << 20, 4); // the matrix claims 200 MB
    expect(() => readMatV5(matFile(compressed(Buffer.concat([lie, Buffer.alloc(1 << 20)]))), W)).toThrow(/MAT-file hostile\.mat: .*declares 209715200 bytes/);
  });
  it("nested compression is refused", () => {
    const inner = compressed(numeric("v", MX.UINT8, [1, 8], MI.UINT8, Buffer.alloc(8, 1)));
    const file = matFile(compressed(inner));
    expect(() => readMatV5(file, W)).toThrow(/MAT-file hostile\.mat: .*nested compress/);
  });
  it("a global cap (maxBytes) on everything the reader inflates and returns", () => {
    const file = matFile(compressed(numeric("v", MX.UINT8, [1, 4000], MI.UINT8, Buffer.alloc(4000, 1))));
    expect(readMatV5(file, W)[0]!.data!.length).toBe(4000);
    expect(() => readMatV5(file, W, { maxBytes: 2000 })).toThrow(/MAT-file hostile\.mat: .*maxBytes = 2000/);
    expect(() => readMatV5(file, W, { maxBytes: -1 })).toThrow(RangeError);
    expect(() => readMatV5(file, W, { maxBytes: 2 ** 40 })).toThrow(/maxBytes = 1099511627776 is outside the allowed range/);
  });
  it("arrays that are not decoded are listed from their header alone; header reading counts against maxBytes", () => {
    // a cell array whose 7000-character name is incompressible, then 16 MB of zeros in the same
    // compressed element: the header needs ~9 KB of input, which may inflate to a few MB
    let r = 12345;
    const name = Buffer.from(Array.from({ length: 7000 }, () => 97 + ((r = (r * 1103515245 + 12345) >>> 0) >>> 16) % 26));
    const body = Buffer.concat([flags(MX.CELL), dimsEl([1, 1]), el(MI.INT8, name), Buffer.alloc(16 << 20)]);
    const file = matFile(compressed(matrix([body])));
    const vars = readMatV5(file, W);
    expect(vars).toHaveLength(1);
    expect(vars[0]!.classCode).toBe(MX.CELL);
    expect(vars[0]!.data).toBeNull();
    expect(() => readMatV5(file, W, { maxBytes: 1 << 20 })).toThrow(/MAT-file hostile\.mat: reading the array header of the compressed element at byte 128 needs \d+ more bytes after \d+, past maxBytes = 1048576/);
  });
  it("loadSvhn on a bomb: X declares one image, the compressed element holds 16 MB of zeros after it", () => {
    const { X, y } = svhnVars(1);
    const bomb = Buffer.concat([X, Buffer.alloc(16 << 20)]);
    const z = deflateSync(bomb, { level: 9 });
    const file = matFile(Buffer.concat([Buffer.from(new Uint32Array([MI.COMPRESSED, z.length]).buffer), z]), compressed(y));
    const d = svhnDir(file);
    expect(() => loadSvhn(d, { limit: 1 })).toThrow(/train_32x32\.mat: compressed element at byte 128 inflates to more than/);
  });
  it("zlib errors carry the file name (Low 11)", () => {
    const junk = Buffer.concat([Buffer.from(new Uint32Array([MI.COMPRESSED, 16]).buffer), Buffer.alloc(16, 0xab)]);
    expect(() => readMatV5(matFile(junk), W)).toThrow(/MAT-file hostile\.mat: compressed element at byte 128: zlib: /);
    const truncated = compressed(numeric("v", MX.UINT8, [1, 64], MI.UINT8, Buffer.alloc(64, 3)));
    truncated.writeUInt32LE(truncated.length - 8 - 4, 4); // cut the adler32 trailer and a little more
    expect(() => readMatV5(matFile(truncated.subarray(0, truncated.length - 4)), W)).toThrow(/MAT-file hostile\.mat: compressed element at byte 128: zlib: /);
  });
});

describe("High 3: data that disagrees with its dimensions or range is an error, not NaN", () => {
  it("an SVHN X that declares more images than it stores (the NaN-pixel file)", () => {
    const { y } = svhnVars(3);
    const X = numeric("X", MX.UINT8, [32, 32, 3, 3], MI.UINT8, Buffer.alloc(3072 * 2, 5));
    for (const compress of [false, true]) {
      const d = svhnDir(svhnFile(X, y, compress));
      expect(() => loadSvhn(d)).toThrow(/train_32x32\.mat: .*"X".*6144 values.*dimensions \[32, 32, 3, 3\].*9216/);
    }
    expect(() => readMatV5(svhnFile(X, y), W)).toThrow(/MAT-file hostile\.mat: .*"X".*6144 values/);
  });
  it("a data array longer than its dimensions", () => {
    const X = numeric("X", MX.UINT8, [32, 32, 3, 1], MI.UINT8, Buffer.alloc(3072 * 2, 5));
    expect(() => readMatV5(matFile(X, svhnVars(1).y), W)).toThrow(/MAT-file hostile\.mat: .*"X".*6144 values.*3072/);
  });
  it("pixel values outside uint8's 0…255 (X stored as doubles): 300, −1, 0.5, NaN", () => {
    for (const bad of [300, -1, 0.5, NaN]) {
      const px = new Float64Array(3072).fill(10);
      px[77] = bad;
      const X = numeric("X", MX.DOUBLE, [32, 32, 3, 1], MI.DOUBLE, bytes(px));
      const d = svhnDir(svhnFile(X, svhnVars(1).y));
      expect(() => loadSvhn(d)).toThrow(/train_32x32\.mat: X\[77\] = .* is not a pixel value \(an integer in 0…255\)/);
    }
  });
  it("a stored value that does not fit the class (uint8 class, int16 data of 300) is refused by the reader", () => {
    const X = numeric("X", MX.UINT8, [1, 2], MI.INT16, bytes(new Int16Array([3, 300])));
    expect(() => readMatV5(matFile(X), W)).toThrow(/MAT-file hostile\.mat: .*"X"\[1\] = 300 .*uint8/);
  });
  it("fractional and out-of-range labels", () => {
    for (const [bad, re] of [[2.5, /y\[1\] = 2\.5 is not an integer label in 1…10/], [0, /y\[1\] = 0 is not an integer label/], [11, /y\[1\] = 11/]] as const) {
      const { X, y } = svhnVars(2, [3, bad]);
      expect(() => loadSvhn(svhnDir(svhnFile(X, y)))).toThrow(re);
    }
  });
  it("labels past `limit` are checked too (the whole file is validated, not just the part used)", () => {
    const { X, y } = svhnVars(3, [3, 4, 2.5]);
    expect(() => loadSvhn(svhnDir(svhnFile(X, y)), { limit: 1 })).toThrow(/y\[2\] = 2\.5/);
  });
  it("a directory where a file should be (SVHN and CIFAR-10)", () => {
    expect(() => loadSvhn(dirWith({ "train_32x32.mat": "dir" }))).toThrow(/train_32x32\.mat is not a regular file/);
    const cifar: Record<string, Buffer | "dir"> = { "test_batch.bin": "dir" };
    expect(() => loadCifar10(dirWith(cifar), { split: "test" })).toThrow(/test_batch\.bin is not a regular file/);
  });
  it("CIFAR-10: an out-of-range label names the file and the record; an empty file is an error, not 'limit = 0'", () => {
    const rec = Buffer.alloc(3073, 1);
    rec[0] = 10;
    const d = dirWith({ "test_batch.bin": Buffer.concat([Buffer.alloc(3073), rec]) });
    expect(() => loadCifar10(d, { split: "test" })).toThrow(/test_batch\.bin: record 1 has label 10, not in 0…9/);
    expect(() => loadCifar10(dirWith({ "test_batch.bin": Buffer.alloc(0) }), { split: "test" })).toThrow(/test_batch\.bin: .*no records/);
  });
  it("a label past `limit` in CIFAR-10 is checked too", () => {
    const rec = Buffer.alloc(3073, 1);
    rec[0] = 200;
    const d = dirWith({ "test_batch.bin": Buffer.concat([Buffer.alloc(3073), rec]) });
    expect(() => loadCifar10(d, { split: "test", limit: 1 })).toThrow(/record 1 has label 200/);
  });
});

describe("Medium 10 (loader parts): size parameters have a maximum and a RangeError naming them", () => {
  it("limit is checked before any file is read, with its documented range", () => {
    const none = join(tmp, "no-such-dir");
    for (const bad of [0, -1, 1.5, NaN, 1e9, "10" as unknown as number]) {
      expect(() => loadSvhn(none, { limit: bad })).toThrow(RangeError);
      expect(() => loadCifar10(none, { limit: bad })).toThrow(RangeError);
    }
    expect(() => loadSvhn(none, { limit: 1e9 })).toThrow(/limit = 1000000000 is outside the allowed range \{1, \.\.\., 73257\}/);
    expect(() => loadCifar10(none, { limit: 60_001 })).toThrow(/limit = 60001 is outside the allowed range \{1, \.\.\., 50000\}/);
    expect(() => loadCifar10(none, { split: "test", limit: 10_001 })).toThrow(/limit = 10001 is outside the allowed range \{1, \.\.\., 10000\}/);
  });
  it("loadMnist: shape and seed are checked (a typo no longer silently gives the flat shape)", () => {
    expect(() => loadMnist({ limit: 5, shape: "square" as never })).toThrow(/shape = "square" is outside the allowed range/);
    expect(() => loadMnist({ limit: 5, seed: 0.5 })).toThrow(/seed = 0\.5/);
    expect(() => loadMnist({ limit: 1e9 })).toThrow(/limit = 1000000000 is outside the allowed range \{1, \.\.\., 10000\}/);
  });
});
