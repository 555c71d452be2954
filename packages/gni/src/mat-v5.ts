/**
 * A minimal reader of MATLAB level-5 MAT-files (the format of SVHN's
 * `train_32x32.mat`): little-endian files, numeric matrices, uncompressed or
 * zlib-compressed (miCOMPRESSED) elements. Cells, structs, sparse and complex
 * arrays are listed with their class but not decoded.
 * Reference: MathWorks, "MAT-File Format" (Level 5 MAT-File Format).
 */
import { inflateSync } from "node:zlib";

export type MatTypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

export interface MatVariable {
  name: string;
  /** MATLAB class code (6 double, 7 single, 8 int8, 9 uint8, …, 1 cell, 2 struct). */
  classCode: number;
  /** Dimensions, column-major (MATLAB order). */
  dims: number[];
  /** The real part in its stored type, column-major; null for classes not decoded. */
  data: MatTypedArray | null;
}

const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

function typedView(type: number, buf: Buffer, off: number, nbytes: number): MatTypedArray {
  const slice = buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + nbytes);
  switch (type) {
    case 1: return new Int8Array(slice);
    case 2: return new Uint8Array(slice);
    case 3: return new Int16Array(slice);
    case 4: return new Uint16Array(slice);
    case 5: return new Int32Array(slice);
    case 6: return new Uint32Array(slice);
    case 7: return new Float32Array(slice);
    case 9: return new Float64Array(slice);
    case 12: return new BigInt64Array(slice);
    case 13: return new BigUint64Array(slice);
    default: throw new Error(`MAT-file: unsupported data type ${type}`);
  }
}

interface Tag {
  type: number;
  nbytes: number;
  /** Offset of the data. */
  data: number;
  /** Offset of the next element. */
  next: number;
}

function readTag(buf: Buffer, off: number, where: string): Tag {
  if (off + 8 > buf.length) throw new Error(`MAT-file ${where}: truncated element tag at byte ${off}`);
  const first = buf.readUInt32LE(off);
  if (first >>> 16 !== 0) {
    // small data element: 2-byte size, 2-byte type, data in the following 4 bytes
    return { type: first & 0xffff, nbytes: first >>> 16, data: off + 4, next: off + 8 };
  }
  const nbytes = buf.readUInt32LE(off + 4);
  const end = off + 8 + nbytes;
  if (end > buf.length) throw new Error(`MAT-file ${where}: element at byte ${off} claims ${nbytes} bytes, only ${buf.length - off - 8} remain`);
  return { type: first, nbytes, data: off + 8, next: first === MI_COMPRESSED ? end : off + 8 + Math.ceil(nbytes / 8) * 8 };
}

function readMatrix(buf: Buffer, start: number, end: number, where: string): MatVariable {
  const flags = readTag(buf, start, where);
  const classCode = buf.readUInt32LE(flags.data) & 0xff;
  const complex = (buf.readUInt32LE(flags.data) & 0x800) !== 0;
  const dimTag = readTag(buf, flags.next, where);
  const dims: number[] = [];
  for (let i = 0; i < dimTag.nbytes / 4; i++) dims.push(buf.readInt32LE(dimTag.data + 4 * i));
  const nameTag = readTag(buf, dimTag.next, where);
  const name = buf.toString("latin1", nameTag.data, nameTag.data + nameTag.nbytes);
  let data: MatTypedArray | null = null;
  if (classCode >= 6 && classCode <= 15 && !complex && nameTag.next < end) {
    const re = readTag(buf, nameTag.next, where);
    data = typedView(re.type, buf, re.data, re.nbytes);
  }
  return { name, classCode, dims, data };
}

/** Parse every top-level variable of a level-5 MAT-file. */
export function readMatV5(file: Buffer, where = "(buffer)"): MatVariable[] {
  if (file.length < 128) throw new Error(`MAT-file ${where}: ${file.length} bytes, shorter than the 128-byte header`);
  const text = file.toString("latin1", 0, 116);
  const endian = file.toString("latin1", 126, 128);
  if (endian === "MI") throw new Error(`MAT-file ${where}: big-endian files are not supported`);
  if (endian !== "IM" || !text.startsWith("MATLAB")) {
    throw new Error(`MAT-file ${where}: not a MATLAB level-5 MAT-file (MATLAB 7.3 files are HDF5 and not supported)`);
  }
  const out: MatVariable[] = [];
  const walk = (buf: Buffer, off: number) => {
    while (off + 8 <= buf.length) {
      const tag = readTag(buf, off, where);
      if (tag.type === MI_COMPRESSED) {
        walk(inflateSync(buf.subarray(tag.data, tag.data + tag.nbytes)), 0);
      } else if (tag.type === MI_MATRIX) {
        if (tag.nbytes > 0) out.push(readMatrix(buf, tag.data, tag.data + tag.nbytes, where));
      }
      off = tag.next;
    }
  };
  walk(file, 128);
  return out;
}
