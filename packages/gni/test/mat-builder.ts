/**
 * Hand-built MATLAB level-5 byte buffers for the loader tests (MathWorks, "MAT-File Format",
 * level 5): every size field can be set to a lie, so the tests can hand the reader hostile files.
 * Nothing here uses the reader under test.
 */
import { deflateSync } from "node:zlib";

export const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15 } as const;
export const MX = { CELL: 1, STRUCT: 2, CHAR: 4, DOUBLE: 6, SINGLE: 7, INT8: 8, UINT8: 9, INT16: 10, UINT16: 11, INT32: 12, UINT32: 13 } as const;

const u32 = (...v: number[]) => Buffer.from(new Uint32Array(v).buffer);
const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** A normal data element: tag (type, declared byte count) then the payload, zero-padded to 8 bytes. */
export function el(type: number, payload: Buffer, o: { declared?: number; pad?: boolean } = {}): Buffer {
  const body = o.pad === false ? payload : Buffer.concat([payload, Buffer.alloc(pad8(payload.length) - payload.length)]);
  return Buffer.concat([u32(type, o.declared ?? payload.length), body]);
}

/** A small data element: 2-byte size and 2-byte type, then at most 4 bytes of payload (zero-padded). */
export function small(type: number, payload: Buffer, declared = payload.length): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(((declared & 0xffff) << 16) | type, 0);
  payload.copy(out, 4, 0, Math.min(4, payload.length));
  return out;
}

export const flags = (classCode: number, complex = false) => el(MI.UINT32, u32(classCode | (complex ? 0x800 : 0), 0));
export const dimsEl = (dims: number[]) => el(MI.INT32, Buffer.from(new Int32Array(dims).buffer));
export const nameEl = (name: string) => (name.length <= 4 ? small(MI.INT8, Buffer.from(name, "latin1")) : el(MI.INT8, Buffer.from(name, "latin1")));

/** An miMATRIX element around the given sub-elements (declared size: their total unless overridden). */
export function matrix(parts: Buffer[], declared?: number): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(MI.MATRIX, declared ?? body.length), body]);
}

/** Bytes of a typed array as a Buffer. */
export const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A numeric matrix: flags, dims, name, the real part as one element of `type`. */
export function numeric(name: string, classCode: number, dims: number[], type: number, data: Buffer): Buffer {
  return matrix([flags(classCode), dimsEl(dims), nameEl(name), el(type, data)]);
}

/** An miCOMPRESSED element holding `plain` deflated (top-level compressed elements are not padded). */
export function compressed(plain: Buffer): Buffer {
  const z = deflateSync(plain);
  return Buffer.concat([u32(MI.COMPRESSED, z.length), z]);
}

/** A whole file: the 128-byte header (text, version 0x0100, "IM") then the elements. */
export function matFile(...elements: Buffer[]): Buffer {
  const header = Buffer.alloc(128, 0x20);
  header.write("MATLAB 5.0 MAT-file, written by heavytails tests", 0, "latin1");
  header.writeUInt16LE(0x0100, 124);
  header.write("IM", 126, "latin1");
  return Buffer.concat([header, ...elements]);
}

/** SVHN-shaped variables: X uint8 [32, 32, 3, n] (pixel k·3072 + i = (k + i) mod 256) and y double [n, 1]. */
export function svhnVars(n: number, labels: number[] = Array.from({ length: n }, (_, k) => (k % 10) + 1)): { X: Buffer; y: Buffer } {
  const px = new Uint8Array(3072 * n);
  for (let k = 0; k < n; k++) for (let i = 0; i < 3072; i++) px[k * 3072 + i] = (k + i) % 256;
  return { X: numeric("X", MX.UINT8, [32, 32, 3, n], MI.UINT8, bytes(px)), y: numeric("y", MX.DOUBLE, [n, 1], MI.DOUBLE, bytes(new Float64Array(labels))) };
}
