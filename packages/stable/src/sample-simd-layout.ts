/**
 * Linear-memory layout of the WebAssembly sampling kernel (four 64 KiB pages), shared by its
 * generator (scripts/make-sample-wasm.ts) and its loader (sample-simd.ts). Byte offsets.
 */
export const WASM_LAYOUT = {
  /** xoroshiro128+ state: s0 (i64, little-endian) at 0, s1 at 8. */
  state: 0,
  /** Exponential ziggurat RATIO[0..255] (f64). */
  zigRatio: 64,
  /** Exponential ziggurat X[0..256] (f64). */
  zigX: 64 + 256 * 8,
  /** Exponential ziggurat F[0..256] (f64). */
  zigF: 64 + 256 * 8 + 264 * 8,
  /** exp table: (EXP_HI[j], EXP_LO[j]) pairs, 16 bytes per j < 128. */
  expTable: 64 + 256 * 8 + 2 * 264 * 8,
  /** log table: (LOG_INV[i], LOG_LOGC[i]) pairs, 16 bytes per i < 128. */
  logTable: 64 + 256 * 8 + 2 * 264 * 8 + 2048,
  /** Vector constants of the kernel (a data segment of the module), 16 bytes each. */
  constants: 10496,
  /** Exponential ziggurat thresholds on the uniform's 52 bits, THR[j] = ⌈RATIO[j]·2^52 − ½⌉ (i64). */
  zigThr: 12288,
  /** Exponential ziggurat X[j]·2^−52 (f64, j < 256). */
  zigXs: 14336,
  /** Output block: up to `block` f64 draws (plus one spare slot for an odd count). */
  out: 131072,
  block: 16384,
  /**
   * Draws per chunk of the kernel's passes, and its buffers (chunk + 2 f64 each): two sets of
   * (d bits, W) — this chunk's and the next one's, the second set at byte offset `set2` from the
   * first — then bp and q/y.
   */
  chunk: 512,
  bufD: 65536,
  bufW: 65536 + 4112,
  set2: 2 * 4112,
  bufP: 65536 + 4 * 4112,
  bufQ: 65536 + 5 * 4112,
} as const;
