/**
 * A minimal reader of MATLAB level-5 MAT-files (the format of SVHN's
 * `train_32x32.mat`): little-endian files, numeric matrices, uncompressed or
 * zlib-compressed (miCOMPRESSED) elements. Cells, structs, sparse, character and
 * complex arrays are listed with their class and dimensions but not decoded.
 * Reference: MathWorks, "MAT-File Format" (Level 5 MAT-File Format).
 *
 * The reader treats the file as hostile: every declared size (element tags in both
 * the normal and the 4-byte small format, array flags, dimensions, name, real part,
 * padding) is checked against the bytes of the element that holds it; a numeric
 * array must hold exactly as many values as its dimensions say, each representable
 * in its class; a compressed element is inflated only as far as its dimensions can
 * need (zlib's `maxOutputLength`), never nested, and everything the reader inflates
 * or copies counts against `maxBytes`. Every failure is an `Error` whose message
 * starts with `MAT-file <where>:` and says which element and which size is wrong.
 */
import { constants as zlibConstants, inflateSync } from "node:zlib";
import { checkInt } from "./validate.js";

export type MatTypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

export interface MatVariable {
  name: string;
  /** MATLAB class code (6 double, 7 single, 8 int8, 9 uint8, …, 1 cell, 2 struct). */
  classCode: number;
  /** Dimensions, column-major (MATLAB order). */
  dims: number[];
  /**
   * The real part in its stored type (a writer may store a class in a narrower type, e.g. a
   * double array as uint8), column-major, exactly prod(dims) values, each representable in the
   * class; null for classes not decoded (cell, struct, object, char, sparse, complex).
   */
  data: MatTypedArray | null;
}

export interface ReadMatOptions {
  /**
   * The most bytes the reader inflates or copies for one file (all elements together), an
   * integer in 1 … 2³² (default {@link MAT_DEFAULT_MAX_BYTES}, 1 GiB). A file that needs more
   * is refused before the bytes are produced.
   */
  maxBytes?: number;
}

/** Default of `maxBytes`: 1 GiB. */
export const MAT_DEFAULT_MAX_BYTES = 2 ** 30;
/** Largest allowed `maxBytes`: 4 GiB. */
export const MAT_MAX_BYTES_LIMIT = 2 ** 32;
/** The array header (flags, dimensions, name) of a compressed element must lie in its first 8 KiB. */
export const MAT_HEADER_WINDOW = 8192;

const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

interface TypeInfo {
  name: string;
  size: number;
  make: (b: ArrayBuffer, offset: number, length: number) => MatTypedArray;
}
const TYPES: Record<number, TypeInfo> = {
  1: { name: "miINT8", size: 1, make: (b, o, n) => new Int8Array(b, o, n) },
  2: { name: "miUINT8", size: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  3: { name: "miINT16", size: 2, make: (b, o, n) => new Int16Array(b, o, n) },
  4: { name: "miUINT16", size: 2, make: (b, o, n) => new Uint16Array(b, o, n) },
  5: { name: "miINT32", size: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  6: { name: "miUINT32", size: 4, make: (b, o, n) => new Uint32Array(b, o, n) },
  7: { name: "miSINGLE", size: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  9: { name: "miDOUBLE", size: 8, make: (b, o, n) => new Float64Array(b, o, n) },
  12: { name: "miINT64", size: 8, make: (b, o, n) => new BigInt64Array(b, o, n) },
  13: { name: "miUINT64", size: 8, make: (b, o, n) => new BigUint64Array(b, o, n) },
};

interface ClassInfo {
  name: string;
  size: number;
  /** The data type that stores this class without conversion. */
  type: number;
  /** Integer range, or null for floating-point classes. */
  range: [bigint, bigint] | null;
}
const CLASSES: Record<number, ClassInfo> = {
  6: { name: "double", size: 8, type: 9, range: null },
  7: { name: "single", size: 4, type: 7, range: null },
  8: { name: "int8", size: 1, type: 1, range: [-(2n ** 7n), 2n ** 7n - 1n] },
  9: { name: "uint8", size: 1, type: 2, range: [0n, 2n ** 8n - 1n] },
  10: { name: "int16", size: 2, type: 3, range: [-(2n ** 15n), 2n ** 15n - 1n] },
  11: { name: "uint16", size: 2, type: 4, range: [0n, 2n ** 16n - 1n] },
  12: { name: "int32", size: 4, type: 5, range: [-(2n ** 31n), 2n ** 31n - 1n] },
  13: { name: "uint32", size: 4, type: 6, range: [0n, 2n ** 32n - 1n] },
  14: { name: "int64", size: 8, type: 12, range: [-(2n ** 63n), 2n ** 63n - 1n] },
  15: { name: "uint64", size: 8, type: 13, range: [0n, 2n ** 64n - 1n] },
};

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Where the bytes being parsed came from: the file itself, or a compressed element of it. */
interface Ctx {
  where: string;
  /** Offset of the enclosing compressed element in the file, or -1 for the file's own bytes. */
  zAt: number;
}
const at = (ctx: Ctx, off: number) => (ctx.zAt < 0 ? `byte ${off}` : `byte ${off} of the compressed element at byte ${ctx.zAt}`);
const fail = (ctx: Ctx, msg: string) => new Error(`MAT-file ${ctx.where}: ${msg}`);

interface Tag {
  type: number;
  nbytes: number;
  /** Offset of the data. */
  data: number;
  /** Offset of the next element (after the padding). */
  next: number;
}

/**
 * The tag at `off`, checked against `end` (the end of the enclosing element, described by
 * `inside`): the data and, when `padded`, its padding to 8 bytes must lie before `end`.
 */
function readTag(buf: Buffer, off: number, end: number, ctx: Ctx, inside: string, padded: boolean): Tag {
  if (off + 8 > end) throw fail(ctx, `truncated element tag at ${at(ctx, off)}: ${Math.max(0, end - off)} bytes remain in ${inside}, a tag needs 8`);
  const first = buf.readUInt32LE(off);
  if (first >>> 16 !== 0) {
    // small data element: 2-byte size, 2-byte type, at most 4 bytes of data in the rest of the 8
    const nbytes = first >>> 16;
    const type = first & 0xffff;
    if (nbytes > 4) throw fail(ctx, `small data element at ${at(ctx, off)} (type ${type}) declares ${nbytes} bytes; the small format holds at most 4`);
    return { type, nbytes, data: off + 4, next: off + 8 };
  }
  const nbytes = buf.readUInt32LE(off + 4);
  const remain = end - off - 8;
  if (nbytes > remain) throw fail(ctx, `element at ${at(ctx, off)} (type ${first}) declares ${nbytes} bytes, past the end of ${inside} (${remain} bytes remain)`);
  const next = padded ? off + 8 + pad8(nbytes) : off + 8 + nbytes;
  if (next > end) throw fail(ctx, `element at ${at(ctx, off)} (type ${first}, ${nbytes} bytes): its padding to a multiple of 8 bytes runs past the end of ${inside}`);
  return { type: first, nbytes, data: off + 8, next };
}

interface MatrixHeader {
  name: string;
  classCode: number;
  complex: boolean;
  dims: number[];
  /** prod(dims). */
  count: number;
  /** Offset just after the name element. */
  next: number;
}

const dimsText = (dims: number[]) => `[${dims.join(", ")}]`;

/** Flags, dimensions and name of the matrix whose sub-elements span [start, end). */
function readMatrixHeader(buf: Buffer, start: number, end: number, ctx: Ctx, inside: string): MatrixHeader {
  const flags = readTag(buf, start, end, ctx, inside, true);
  if (flags.type !== 6 || flags.nbytes !== 8) {
    throw fail(ctx, `array flags at ${at(ctx, start)}: expected 8 bytes of miUINT32, found ${flags.nbytes} bytes of type ${flags.type}`);
  }
  const word = buf.readUInt32LE(flags.data);
  const classCode = word & 0xff;
  const complex = (word & 0x800) !== 0;
  const dimTag = readTag(buf, flags.next, end, ctx, inside, true);
  if (dimTag.type !== 5 || dimTag.nbytes % 4 !== 0 || dimTag.nbytes < 8) {
    throw fail(ctx, `dimensions at ${at(ctx, flags.next)}: expected at least 2 miINT32 values, found ${dimTag.nbytes} bytes of type ${dimTag.type}`);
  }
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < dimTag.nbytes / 4; i++) {
    const d = buf.readInt32LE(dimTag.data + 4 * i);
    if (d < 0) throw fail(ctx, `dimensions at ${at(ctx, flags.next)}: dimension ${i + 1} is ${d}, negative`);
    dims.push(d);
    count *= d;
  }
  const nameTag = readTag(buf, dimTag.next, end, ctx, inside, true);
  if (nameTag.type !== 1 && nameTag.type !== 2) {
    throw fail(ctx, `array name at ${at(ctx, dimTag.next)}: expected miINT8 characters, found type ${nameTag.type}`);
  }
  const name = buf.toString("latin1", nameTag.data, nameTag.data + nameTag.nbytes);
  return { name, classCode, complex, dims, count, next: nameTag.next };
}

/** Whether the reader returns the data of this matrix (real numeric arrays). */
const decoded = (h: MatrixHeader) => h.classCode in CLASSES && !h.complex;

/** The most bytes a numeric matrix with this header can occupy: header, then the real part in its class's type. */
function matrixNeed(h: MatrixHeader, headerBytes: number): number {
  return headerBytes + 8 + pad8(h.count * CLASSES[h.classCode]!.size);
}

/** Throw unless every value of `data` (stored as `type`) is representable in class `cls`. */
function checkFitsClass(data: MatTypedArray, type: number, cls: ClassInfo, h: MatrixHeader, ctx: Ctx): void {
  if (type === cls.type) return;
  const bad = (i: number, v: number | bigint) =>
    fail(ctx, `variable "${h.name}"[${i}] = ${v} (stored as ${TYPES[type]!.name}) is not representable in its class ${cls.name}`);
  if (cls.range === null) {
    if (cls.size === 8 || data instanceof BigInt64Array || data instanceof BigUint64Array) return; // doubles take any stored value
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (Math.fround(v) !== v && !Number.isNaN(v)) throw bad(i, v);
    }
    return;
  }
  const [lo, hi] = cls.range;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) if (data[i]! < lo || data[i]! > hi) throw bad(i, data[i]!);
    return;
  }
  const l = Number(lo);
  const u = Number(hi);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    // 64-bit bounds are not exact as doubles (2^63 would pass v <= Number(hi)): compare as bigints
    if (!Number.isInteger(v) || v < l || v > u || (cls.size === 8 && (BigInt(v) < lo || BigInt(v) > hi))) throw bad(i, v);
  }
}

/** Tracks the bytes inflated or copied against `maxBytes`. */
interface Budget {
  used: number;
  max: number;
}
function spend(budget: Budget, bytes: number, what: string, ctx: Ctx): void {
  if (budget.used + bytes > budget.max) {
    throw fail(ctx, `${what} needs ${bytes} more bytes after ${budget.used}, past maxBytes = ${budget.max} (the most the reader inflates or copies for one file)`);
  }
  budget.used += bytes;
}

/**
 * The matrix whose sub-elements span [start, end): its header and, for real numeric classes, its
 * data. `owned`: `buf` is the reader's own inflated buffer, counted against the budget already;
 * when it is the whole of its ArrayBuffer the data is a view into it (no copy), else a copy.
 */
function readMatrix(buf: Buffer, start: number, end: number, ctx: Ctx, budget: Budget, matrixAt: number, owned: boolean): MatVariable {
  const inside = `the matrix at ${at(ctx, matrixAt)}`;
  const h = readMatrixHeader(buf, start, end, ctx, inside);
  const out: MatVariable = { name: h.name, classCode: h.classCode, dims: h.dims, data: null };
  if (!decoded(h)) return out;
  const cls = CLASSES[h.classCode]!;
  const what = `variable "${h.name}" (${cls.name} ${dimsText(h.dims)})`;
  if (h.next >= end) {
    if (h.count === 0) {
      out.data = TYPES[cls.type]!.make(new ArrayBuffer(0), 0, 0);
      return out;
    }
    throw fail(ctx, `${what} has no real part`);
  }
  const re = readTag(buf, h.next, end, ctx, inside, true);
  const t = TYPES[re.type];
  if (!t) throw fail(ctx, `${what}: real part at ${at(ctx, h.next)} has unsupported data type ${re.type}`);
  if (re.nbytes % t.size !== 0) throw fail(ctx, `${what}: real part at ${at(ctx, h.next)} has ${re.nbytes} bytes, not a multiple of ${t.size} (the size of ${t.name})`);
  const values = re.nbytes / t.size;
  if (values !== h.count) {
    throw fail(ctx, `variable "${h.name}": the real part holds ${values} values, its dimensions ${dimsText(h.dims)} need ${h.count}`);
  }
  if (re.next !== end) throw fail(ctx, `${what}: ${end - re.next} unexpected bytes after the real part, at ${at(ctx, re.next)}`);
  if (owned && buf.byteOffset === 0 && buf.buffer.byteLength === buf.length && re.data % t.size === 0) {
    // the inflated buffer is ours and holds nothing but the inflated bytes: view, don't copy
    out.data = t.make(buf.buffer as ArrayBuffer, re.data, values);
  } else {
    // copy exactly the checked range of this view (never the view's underlying ArrayBuffer beyond it)
    spend(budget, re.nbytes, what, ctx);
    const copy = new Uint8Array(re.nbytes);
    copy.set(buf.subarray(re.data, re.data + re.nbytes));
    out.data = t.make(copy.buffer, 0, values);
  }
  checkFitsClass(out.data, re.type, cls, h, ctx);
  return out;
}

/** zlib errors (and the output bound) as errors naming the file and the element. */
function inflateChecked(z: Buffer, opts: { maxOutputLength: number; partial?: boolean }, ctx: Ctx, bound: string): Buffer {
  try {
    return inflateSync(z, opts.partial ? { maxOutputLength: opts.maxOutputLength, finishFlush: zlibConstants.Z_SYNC_FLUSH } : { maxOutputLength: opts.maxOutputLength });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_BUFFER_TOO_LARGE") throw fail(ctx, `compressed element at byte ${ctx.zAt} inflates to more than ${opts.maxOutputLength} bytes, ${bound}`);
    throw fail(ctx, `compressed element at byte ${ctx.zAt}: zlib: ${err.message}`);
  }
}

/** Input prefixes (bytes) inflated to read a compressed element's array header, tried in turn. */
const HEAD_STEPS = [64, 512, 2048, MAT_HEADER_WINDOW + 1024];

/** One compressed element at `zAt` of the file, its deflated bytes `z`: one matrix, inflated within bounds. */
function readCompressed(z: Buffer, zAt: number, where: string, budget: Budget): MatVariable | null {
  const ctx: Ctx = { where, zAt };
  // The array header first, from growing prefixes of the input: k input bytes inflate to at most
  // ~1032·k bytes (deflate's largest ratio), and what they inflate to counts against maxBytes, so
  // a header that never completes cannot make the reader work without bound.
  let head: Buffer = Buffer.alloc(0);
  let h: MatrixHeader | undefined;
  let total = 0;
  for (const k of HEAD_STEPS) {
    const n = Math.min(k, z.length);
    const last = n === z.length || k === HEAD_STEPS[HEAD_STEPS.length - 1];
    head = inflateChecked(z.subarray(0, n), { maxOutputLength: 1100 * n + 65536, partial: true }, ctx, "while reading its header");
    spend(budget, head.length, `reading the array header of the compressed element at byte ${zAt}`, ctx);
    if (head.length < 8) {
      if (last) throw fail(ctx, `compressed element at byte ${zAt} inflates to ${head.length} bytes, too short for an element tag`);
      continue;
    }
    const first = head.readUInt32LE(0);
    const type = first >>> 16 !== 0 ? first & 0xffff : first;
    if (type === MI_COMPRESSED) throw fail(ctx, `compressed element at byte ${zAt} holds another compressed element: nested compression is not supported (MATLAB never writes it)`);
    if (type !== MI_MATRIX || first >>> 16 !== 0) throw fail(ctx, `compressed element at byte ${zAt} holds an element of type ${type}, expected a matrix (type 14)`);
    const declared = head.readUInt32LE(4);
    if (declared === 0) return null; // an empty matrix element
    total = 8 + declared;
    const known = Math.min(total, head.length, MAT_HEADER_WINDOW);
    const inside = known < total ? `the first ${known} inflated bytes of the matrix (its array header must fit in ${MAT_HEADER_WINDOW} bytes)` : `the matrix at ${at(ctx, 0)}`;
    try {
      h = readMatrixHeader(head, 8, known, ctx, inside);
      break;
    } catch (e) {
      // a header cut by the prefix: inflate more, unless nothing more can come
      if (last || known === total || known === MAT_HEADER_WINDOW) throw e;
    }
  }
  if (!h) throw fail(ctx, `compressed element at byte ${zAt}: no array header`);
  if (!decoded(h)) {
    // listed, not decoded: nothing past the header is inflated
    return { name: h.name, classCode: h.classCode, dims: h.dims, data: null };
  }
  const declared = total - 8;
  const need = matrixNeed(h, h.next);
  if (total > need) {
    throw fail(ctx, `matrix "${h.name}" in the compressed element at byte ${zAt} declares ${declared} bytes; its class ${CLASSES[h.classCode]!.name} and dimensions ${dimsText(h.dims)} need at most ${need - 8}`);
  }
  spend(budget, total, `the compressed element at byte ${zAt} (matrix "${h.name}")`, ctx);
  const plain = inflateChecked(z, { maxOutputLength: total }, ctx, `the size its matrix "${h.name}" declares (one matrix per compressed element)`);
  if (plain.length !== total) throw fail(ctx, `compressed element at byte ${zAt} inflates to ${plain.length} bytes, its matrix "${h.name}" declares ${total}`);
  return readMatrix(plain, 8, total, ctx, budget, 0, true);
}

/**
 * Parse every top-level variable of a level-5 MAT-file. `where` names the file in error
 * messages; `options.maxBytes` bounds what is inflated or copied (default 1 GiB, at most 4 GiB).
 */
export function readMatV5(file: Buffer | Uint8Array, where = "(buffer)", options: ReadMatOptions = {}): MatVariable[] {
  const maxBytes = checkInt("maxBytes", options.maxBytes ?? MAT_DEFAULT_MAX_BYTES, 1, MAT_MAX_BYTES_LIMIT);
  if (!(file instanceof Uint8Array)) throw new TypeError(`readMatV5: file must be a Buffer or Uint8Array, got ${typeof file}`);
  const buf = Buffer.isBuffer(file) ? file : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const ctx: Ctx = { where, zAt: -1 };
  if (buf.length < 128) throw fail(ctx, `${buf.length} bytes, shorter than the 128-byte header`);
  const text = buf.toString("latin1", 0, 116);
  const endian = buf.toString("latin1", 126, 128);
  if (endian === "MI") throw fail(ctx, "big-endian files are not supported");
  if (endian !== "IM" || !text.startsWith("MATLAB")) {
    throw fail(ctx, "not a MATLAB level-5 MAT-file (MATLAB 7.3 files are HDF5 and not supported)");
  }
  const budget: Budget = { used: 0, max: maxBytes };
  const out: MatVariable[] = [];
  let off = 128;
  while (off < buf.length) {
    if (buf.length - off < 8) throw fail(ctx, `${buf.length - off} stray bytes at the end of the file (byte ${off})`);
    // top-level elements: a missing final padding at the very end of the file is tolerated
    const tag = readTag(buf, off, buf.length, ctx, "the file", false);
    if (tag.type === MI_COMPRESSED) {
      const v = readCompressed(buf.subarray(tag.data, tag.data + tag.nbytes), off, where, budget);
      if (v) out.push(v);
    } else if (tag.type === MI_MATRIX && tag.nbytes > 0) {
      const end = tag.data + tag.nbytes;
      out.push(readMatrix(buf, tag.data, end, ctx, budget, off, false));
    }
    const smallFormat = tag.data === off + 4;
    off = tag.type === MI_COMPRESSED || smallFormat ? tag.next : Math.min(buf.length, tag.data + pad8(tag.nbytes));
  }
  return out;
}
