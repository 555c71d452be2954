/**
 * Generates the WebAssembly SIMD kernel of the stable sampler:
 *   wasm/sample.wat              the text, for reading and review;
 *   src/sample-wasm-binary.ts    the assembled module, base64 in a TypeScript constant, so that
 *                                users and tests need no toolchain.
 * Run: pnpm --filter @heavytails/stable exec tsx scripts/make-sample-wasm.ts
 * (test/sample-simd.test.ts fails when the committed module differs from what this script
 * assembles now.)
 *
 * What the kernels compute: exactly the pure-JS loops of src/sample-kernels.ts — `general` is
 * fillGeneralJs (α ∉ {1, 2}), `alphaOne` is fillAlphaOne (α = 1, β ≠ 0), `cauchy` is
 * fillCauchy (α = 1, β = 0) — two variates per iteration in f64x2 lanes. The random stream
 * (xoroshiro128+, one uniform then one ziggurat exponential per variate) runs in scalar i64 code,
 * the rare ziggurat slow path included (it calls the host's Math.exp / Math.log as the JS one
 * does); the formula runs in f64x2 with the same polynomial kernels, constants, tables and order
 * of operations as those loops. WebAssembly has no fused multiply-add in this instruction set
 * and every f64x2 operation is IEEE-754 rounded like a JS double operation, so the draws are bit
 * for bit those of the JS loops. Each output block runs in chunks of 512 draws: the next chunk's
 * stream is drawn inside this chunk's trigonometric pass (the serial integer chain of
 * xoroshiro128+ then overlaps the vector arithmetic), then log and exp (or the α = 1
 * combination) run as short passes of independent iterations. Table look-ups are two-lane
 * gathers: the lane's byte offset is read with i32x4.extract_lane and one v128.load fetches the
 * (hi, lo) pair of that entry; shuffles then regroup the pairs of both lanes.
 *
 * Assembled with wabt (the WebAssembly Binary Toolkit, compiled to JS: npm `wabt`).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { COS_COEFFS, EXP_COEFFS, KERNEL_CONSTANTS, LOG_COEFFS, SIN_COEFFS } from "../src/sample-kernels.js";

const { COS_FLOOR, EXP_INV, EXP_LN2_HI, EXP_LN2_LO, LN2_HI, LN2_LO, PI, ROUND_SHIFT, TWO52_INV } = KERNEL_CONSTANTS;
import { ZIG_EXP_R } from "../src/rng.js";
import { WASM_LAYOUT as L } from "../src/sample-simd-layout.js";

/** Coefficients the kernel is built with (a test plants wrong ones to see the checks fail). */
export interface KernelCoefficients {
  sin: readonly number[];
  cos: readonly number[];
  log: readonly number[];
  exp: readonly number[];
}

export const DEFAULT_COEFFICIENTS: KernelCoefficients = {
  sin: SIN_COEFFS,
  cos: COS_COEFFS,
  log: LOG_COEFFS,
  exp: EXP_COEFFS,
};

/** Exact hexadecimal literal of a finite double (normal or zero). */
export function hexFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0x0p+0" : "0x0p+0";
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  if (e === 0 || e === 0x7ff) throw new Error(`hexFloat: ${x} is not a normal number`);
  const mant = (hi & 0xfffff).toString(16).padStart(5, "0") + lo.toString(16).padStart(8, "0");
  const p = e - 1023;
  return `${hi >>> 31 ? "-" : ""}0x1.${mant}p${p >= 0 ? "+" : ""}${p}`;
}

// ---- small WAT helpers (folded s-expressions) -----------------------------------------------
const get = (name: string) => `(local.get $${name})`;
const set = (name: string, e: string) => `(local.set $${name} ${e})`;
/**
 * Vector constants live in a data segment at WASM_LAYOUT.constants and are loaded into locals
 * once per call. V8 (TurboFan) materialises every use of a v128.const with three instructions,
 * and a v128.load inside the loops is scheduled at the loop's top and spilled; a local that
 * holds a loaded value is spilled once and read back as an operand.
 */
let pool: Map<string, { addr: number; bytes: Uint8Array }> | null = null;
function constant(key: string, bytes: () => Uint8Array): string {
  if (pool === null) throw new Error("constant() outside sampleWat()");
  let e = pool.get(key);
  if (e === undefined) {
    e = { addr: L.constants + 16 * pool.size, bytes: bytes() };
    pool.set(key, e);
  }
  return `(local.get $k${(e.addr - L.constants) / 16})`;
}
const v2 = (x: number) =>
  constant(`f${hexFloat(x)}`, () => {
    const b = new DataView(new ArrayBuffer(16));
    b.setFloat64(0, x, true);
    b.setFloat64(8, x, true);
    return new Uint8Array(b.buffer);
  });
const i2 = (x: bigint | number | string) =>
  constant(`i${x}`, () => {
    const b = new DataView(new ArrayBuffer(16));
    b.setBigUint64(0, BigInt(x), true);
    b.setBigUint64(8, BigInt(x), true);
    return new Uint8Array(b.buffer);
  });
const add = (a: string, b: string) => `(f64x2.add ${a} ${b})`;
const sub = (a: string, b: string) => `(f64x2.sub ${a} ${b})`;
const mul = (a: string, b: string) => `(f64x2.mul ${a} ${b})`;
const div = (a: string, b: string) => `(f64x2.div ${a} ${b})`;
const f = (x: number) => `(f64.const ${hexFloat(x)})`;

/** Horner form c[0] + t·(c[1] + t·(… + t·c[last])) in f64x2, as the JS kernels write it. */
function horner(c: readonly number[], t: string): string {
  let e = v2(c[c.length - 1]!);
  for (let k = c.length - 2; k >= 0; k--) e = add(v2(c[k]!), mul(t, e));
  return e;
}

/** dst = sinKernel(src): src + (src·t)·P(t), t = src² (src must be a local). */
function sinK(dst: string, src: string, c: KernelCoefficients): string {
  return [set("t", mul(get(src), get(src))), set(dst, add(get(src), mul(mul(get(src), get("t")), horner(c.sin, get("t")))))].join("\n    ");
}

/** dst = cosKernel(src): (1 − t/2) + (t·t)·P(t), t = src². */
function cosK(dst: string, src: string, c: KernelCoefficients): string {
  return [
    set("t", mul(get(src), get(src))),
    set(dst, add(sub(v2(1), mul(v2(0.5), get("t"))), mul(mul(get("t"), get("t")), horner(c.cos, get("t"))))),
  ].join("\n    ");
}

/** Two-lane gather of 16-byte (a, b) table entries at byte offsets `idx` (i64x2) from `base`: sets dstA, dstB. */
function gather(dstA: string, dstB: string, idx: string, base: number): string {
  return [
    set("ga", `(v128.load offset=${base} (i32x4.extract_lane 0 ${get(idx)}))`),
    set("gb", `(v128.load offset=${base} (i32x4.extract_lane 2 ${get(idx)}))`),
    set(dstA, `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${get("ga")} ${get("gb")})`),
    set(dstB, `(i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 ${get("ga")} ${get("gb")})`),
  ].join("\n    ");
}

/** One xoroshiro128+ step on the i64 locals s0, s1; leaves the 64-bit output in x. */
const STEP = [
  set("x", "(i64.add (local.get $s0) (local.get $s1))"),
  set("a", "(i64.xor (local.get $s1) (local.get $s0))"),
  set("s0", "(i64.xor (i64.xor (i64.rotl (local.get $s0) (i64.const 24)) (local.get $a)) (i64.shl (local.get $a) (i64.const 16)))"),
  set("s1", "(i64.rotl (local.get $a) (i64.const 37))"),
].join("\n      ");

/** ((x >>> 12) + ½)·2^−52: the stream's uniform on (0, 1), exactly as rng.ts forms it. */
const UNIFORM = `(f64.mul (f64.add (f64.convert_i64_s (i64.shr_u (local.get $x) (i64.const 12))) ${f(0.5)}) ${f(TWO52_INV)})`;

/**
 * Draw one variate into the pass buffers at byte offset addr: the uniform's 52 bits m_d = x >>> 12
 * (i64; pass 2 forms d = (m_d + ½)·2^−52 − ½ from them, exactly as rng.ts does) and the
 * ziggurat exponential W (state in s0, s1). The ziggurat's test u < RATIO[j] with
 * u = (m + ½)·2^−52 is made on integers, m < THR[j] = ⌈RATIO[j]·2^52 − ½⌉ (the same outcome),
 * and W = (m + ½)·XS[j] with XS[j] = X[j]·2^−52 is the same product as u·X[j].
 */
function draw(addr: string): string {
  return `
      ${STEP}
      ${set("md", "(i64.shr_u (local.get $x) (i64.const 12))")}
      (i64.store offset=${L.bufD} ${addr} (local.get $md))
      ${STEP}
      ${set("j", "(i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 4))) (i32.const 255)) (i32.const 3))")}
      ${set("mw", "(i64.shr_u (local.get $x) (i64.const 12))")}
      (if (i64.lt_u (local.get $mw) (i64.load offset=${L.zigThr} (local.get $j)))
        (then ${set("ww", `(f64.mul (f64.add (f64.convert_i64_s (local.get $mw)) ${f(0.5)}) (f64.load offset=${L.zigXs} (local.get $j)))`)})
        (else
          (i64.store (i32.const ${L.state}) (local.get $s0))
          (i64.store (i32.const ${L.state + 8}) (local.get $s1))
          ${set("ww", `(call $zigSlow (i32.shr_u (local.get $j) (i32.const 3)) ${UNIFORM})`)}
          ${set("s0", `(i64.load (i32.const ${L.state}))`)}
          ${set("s1", `(i64.load (i32.const ${L.state + 8}))`)}))
      (f64.store offset=${L.bufW} ${addr} (local.get $ww))`;
}

/** Pass 2 on a pair (d, w) → (bp, q); mirrors fillGeneral's pass 1 operation by operation. */
function passTrig(c: KernelCoefficients): string {
  return `
    ;; V = πd, cos V = sin(π(½ − |d|)), αU = αV + αB, h = αU/2
    ${set("v", mul(v2(PI), get("d")))}
    ${set("xx", mul(v2(PI), sub(v2(0.5), `(f64x2.abs ${get("d")})`)))}
    ${sinK("cv", "xx", c)}
    ${set("au", add(mul(get("alpha"), get("v")), get("ab")))}
    ${set("h", mul(v2(0.5), get("au")))}
    ;; c2 = max(cos(V − αU), COS_FLOOR)
    ${set("xx", sub(get("v"), get("au")))}
    ${cosK("c2", "xx", c)}
    ${set("c2", `(f64x2.pmax ${get("c2")} ${v2(COS_FLOOR)})`)}
    ;; bp = c·sin h·cos h / cos V, q = cos V·W / c2
    ${sinK("sh", "h", c)}
    ${cosK("ch", "h", c)}
    ${set("bp", div(mul(mul(get("c"), get("sh")), get("ch")), get("cv")))}
    ${set("q", div(mul(get("cv"), get("w")), get("c2")))}`;
}

/** α = 1, β ≠ 0, on a pair (d, w) → (bp, q); mirrors fillAlphaOne's first loop. */
function passTrigAlphaOne(c: KernelCoefficients): string {
  return `
    ;; cos V = sin(π(½ − |d|)), pb = π(½ + βd) = π/2 + βV, bp = pb·tan V, q = (π/2)·W·cos V / pb
    ${set("xx", mul(v2(PI), sub(v2(0.5), `(f64x2.abs ${get("d")})`)))}
    ${sinK("cv", "xx", c)}
    ${set("h", mul(v2(PI), add(v2(0.5), mul(get("beta"), get("d")))))}
    ${set("xx", mul(v2(PI), get("d")))}
    ${sinK("sh", "xx", c)}
    ${set("bp", div(mul(get("h"), get("sh")), get("cv")))}
    ${set("q", div(mul(mul(v2(0.5 * PI), get("w")), get("cv")), get("h")))}`;
}

/** α = 1, β = 0 (Cauchy) on a pair (d, w) → res = σ·tan V + shift; mirrors fillCauchy (W is drawn, not used). */
function passCauchy(c: KernelCoefficients): string {
  return `
    ${set("xx", mul(v2(PI), get("d")))}
    ${sinK("sh", "xx", c)}
    ${set("xx", mul(v2(PI), sub(v2(0.5), `(f64x2.abs ${get("d")})`)))}
    ${sinK("cv", "xx", c)}
    ${set("res", add(div(mul(get("c"), get("sh")), get("cv")), get("shift")))}`;
}

/** Pass 3 on a pair q → y = e·log q (fillGeneral's pass 2). */
function passLog(c: KernelCoefficients): string {
  return `
    ;; y = e·log q: q = 2^k·m, m ∈ [1, 2), c_i = 1 + (i + ½)/128 from m's top 7 mantissa bits
    ${set("kf", sub(`(v128.or (i64x2.shr_u ${get("q")} (i32.const 52)) ${i2("0x4330000000000000")})`, v2(2 ** 52 + 1023)))}
    ${set("idx", `(v128.and (i64x2.shr_u ${get("q")} (i32.const 41)) ${i2("0x7f0")})`)}
    ${gather("linv", "llogc", "idx", L.logTable)}
    ${set("r", mul(sub(`(v128.or (v128.and ${get("q")} ${i2("0x000fffffffffffff")}) ${i2("0x3ff0000000000000")})`, `(v128.or (v128.and ${get("q")} ${i2("0x000fe00000000000")}) ${i2("0x3ff0100000000000")})`), get("linv")))}
    ${set("p", mul(mul(get("r"), get("r")), horner(c.log, get("r"))))}
    ${set("y", mul(get("e"), add(add(mul(get("kf"), v2(LN2_HI)), get("llogc")), add(get("r"), add(get("p"), mul(get("kf"), v2(LN2_LO)))))))}`;
}

/** Pass 4 on a pair (y, bp) → res = bp·eʸ + shift (fillGeneral's pass 3). */
function passExp(c: KernelCoefficients): string {
  return `
    ;; eʸ = 2^(k + j/128)·e^r
    ${set("tt", add(mul(get("y"), v2(EXP_INV)), v2(ROUND_SHIFT)))}
    ${set("kd", sub(get("tt"), v2(ROUND_SHIFT)))}
    ${set("r", sub(sub(get("y"), mul(get("kd"), v2(EXP_LN2_HI))), mul(get("kd"), v2(EXP_LN2_LO))))}
    ${set("p", add(get("r"), mul(mul(get("r"), get("r")), horner(c.exp, get("r")))))}
    ${set("idx", `(i64x2.shl (v128.and ${get("tt")} ${i2(127)}) (i32.const 4))`)}
    ${gather("th", "tl", "idx", L.expTable)}
    ;; 2^⌊k/128⌋ = ((k + 1023·128) >>> 7) << 52 with k = bits(tt) − bits(1.5·2^52); k + 1023·128 ≥ 0 for y > −708
    ;; (a logical shift: x64 has no 64-bit arithmetic vector shift below AVX-512, V8 emulates i64x2.shr_s)
    ${set("sc", `(i64x2.shl (i64x2.shr_u (i64x2.sub ${get("tt")} ${i2(String(0x4338000000000000n - 1023n * 128n))}) (i32.const 7)) (i32.const 52))`)}
    ${set("ex", mul(add(get("th"), add(mul(get("th"), get("p")), get("tl"))), get("sc")))}
    ;; |y| ≥ 708 (rare): Math.exp for that lane, as the JS loop does
    (if (i32.eqz (i64x2.all_true (v128.and (f64x2.gt ${get("y")} ${v2(-708)}) (f64x2.lt ${get("y")} ${v2(708)}))))
      (then
        ${set("ys", `(f64x2.extract_lane 0 ${get("y")})`)}
        (if (i32.eqz (i32.and (f64.gt (local.get $ys) ${f(-708)}) (f64.lt (local.get $ys) ${f(708)})))
          (then ${set("ex", `(f64x2.replace_lane 0 ${get("ex")} (call $exp (local.get $ys)))`)}))
        ${set("ys", `(f64x2.extract_lane 1 ${get("y")})`)}
        (if (i32.eqz (i32.and (f64.gt (local.get $ys) ${f(-708)}) (f64.lt (local.get $ys) ${f(708)})))
          (then ${set("ex", `(f64x2.replace_lane 1 ${get("ex")} (call $exp (local.get $ys)))`)}))))
    ${set("res", add(mul(get("bp"), get("ex")), get("shift")))}`;
}

/** One exported kernel: its name, scalar parameters (splatted into v128 locals of the same name), passes. */
interface KernelSpec {
  name: string;
  doc: string;
  params: string[];
  /** Statements of the fused pass on the pair (d, w) at byte offset i (storing its results). */
  trig: string;
  /** The passes after it, over the chunk's pairs. */
  later: string;
}

function kernelFunc(k: KernelSpec, constLocals: string, constLoads: string, loadD: string, vlocals: string[]): string {
  return `  ;; ${k.doc}
  ;; n ≤ ${L.block} draws into the output block at ${L.out};
  ;; the stream state is read from and written back to memory at ${L.state}. The work runs in
  ;; chunks of ${L.chunk} draws, each in four short passes (draws; trigonometric factors; log; exp)
  ;; whose iterations are independent, so that the CPU overlaps consecutive ones.
  (func (export "${k.name}") (param $n i32) ${k.params.map((p) => `(param $${p}S f64)`).join(" ")}
    (local $s0 i64) (local $s1 i64) (local $x i64) (local $a i64) (local $j i32) (local $u f64)
    (local $md i64) (local $mw i64) (local $ww f64) (local $ys f64) (local $i i32) (local $m i32) (local $c0 i32) (local $o i32) (local $mn i32) (local $so i32) (local $sn i32) (local $a8 i32)
    ${vlocals.map((n) => `(local $${n} v128)`).join(" ")}
    ${constLocals}
    ${constLoads}
    ${k.params.map((p) => set(p, `(f64x2.splat (local.get $${p}S))`)).join("\n    ")}
    ${set("s0", `(i64.load (i32.const ${L.state}))`)}
    ${set("s1", `(i64.load (i32.const ${L.state + 8}))`)}
    ;; the first chunk's draws; every later chunk's are drawn during the previous chunk's pass 2
    ${set("mn", `(i32.shl (select (local.get $n) (i32.const ${L.chunk}) (i32.lt_u (local.get $n) (i32.const ${L.chunk}))) (i32.const 3))`)}
    (if (i32.gt_u (local.get $mn) (i32.const 0))
      (then
        (loop $draws
          ${draw("(local.get $i)")}
          ${set("i", "(i32.add (local.get $i) (i32.const 8))")}
          (br_if $draws (i32.lt_u (local.get $i) (local.get $mn))))
        ;; an odd count: the spare lane repeats the last draw (its result is not used)
        (i64.store offset=${L.bufD} (local.get $i) (local.get $md))
        (f64.store offset=${L.bufW} (local.get $i) (local.get $ww))))
    (block $chunksDone
      (loop $chunks
        (br_if $chunksDone (i32.ge_u (local.get $c0) (local.get $n)))
        ;; this chunk: m = min(chunk, n − c0) draws (m·8 bytes), in buffer set so; the next: mn draws, set sn
        ${set("m", "(local.get $mn)")}
        ${set("mn", `(i32.sub (i32.sub (local.get $n) (local.get $c0)) (i32.const ${L.chunk}))`)}
        (if (i32.gt_s (local.get $mn) (i32.const ${L.chunk})) (then ${set("mn", `(i32.const ${L.chunk})`)}))
        (if (i32.lt_s (local.get $mn) (i32.const 0)) (then ${set("mn", "(i32.const 0)")}))
        ${set("mn", "(i32.shl (local.get $mn) (i32.const 3))")}
        ${set("sn", `(i32.xor (local.get $so) (i32.const ${L.set2}))`)}
        ${set("o", "(i32.shl (local.get $c0) (i32.const 3))")}
        ;; pass 2: trigonometric factors bp and q of this chunk, fused with pass 1 of the next chunk
        ;; (the stream's scalar integer chain overlaps the vector arithmetic; the same draws in the same order)
        ${set("i", "(i32.const 0)")}
        (loop $trig
          ${set("a8", "(i32.add (local.get $i) (local.get $so))")}
          ${loadD}
          ${set("w", `(v128.load offset=${L.bufW} (local.get $a8))`)}
          ${k.trig}
          (if (i32.lt_u (local.get $i) (local.get $mn))
            (then
              ${set("a8", "(i32.add (local.get $i) (local.get $sn))")}
              ${draw("(local.get $a8)")}
              (if (i32.lt_u (i32.add (local.get $i) (i32.const 8)) (local.get $mn))
                (then
                  ${set("a8", "(i32.add (local.get $a8) (i32.const 8))")}
                  ${draw("(local.get $a8)")})
                (else
                  ;; an odd count: the spare lane repeats the last draw (its result is not used)
                  (i64.store offset=${L.bufD + 8} (local.get $a8) (local.get $md))
                  (f64.store offset=${L.bufW + 8} (local.get $a8) (local.get $ww))))))
          ${set("i", "(i32.add (local.get $i) (i32.const 16))")}
          (br_if $trig (i32.lt_u (local.get $i) (local.get $m))))
        ${k.later}
        ${set("so", "(local.get $sn)")}
        ${set("c0", `(i32.add (local.get $c0) (i32.const ${L.chunk}))`)}
        (br $chunks)))
    (i64.store (i32.const ${L.state}) (local.get $s0))
    (i64.store (i32.const ${L.state + 8}) (local.get $s1)))`;
}

/** The module's text. */
export function sampleWat(c: KernelCoefficients = DEFAULT_COEFFICIENTS): string {
  pool = new Map();
  // d = ((2^52 + m_d) − (2^52 − ½))·2^−52 − ½ = (m_d + ½)·2^−52 − ½, every step exact
  const loadD = set("d", sub(mul(sub(`(v128.or (v128.load offset=${L.bufD} (local.get $a8)) ${i2("0x4330000000000000")})`, v2(2 ** 52 - 0.5)), v2(TWO52_INV)), v2(0.5)));
  const logs = `
        ;; y = e·log q (in place)
        ${set("i", "(i32.const 0)")}
        (loop $logs
          ${set("q", `(v128.load offset=${L.bufQ} (local.get $i))`)}
          ${passLog(c)}
          (v128.store offset=${L.bufQ} (local.get $i) (local.get $y))
          ${set("i", "(i32.add (local.get $i) (i32.const 16))")}
          (br_if $logs (i32.lt_u (local.get $i) (local.get $m))))`;
  const storePQ = `
          (v128.store offset=${L.bufP} (local.get $i) (local.get $bp))
          (v128.store offset=${L.bufQ} (local.get $i) (local.get $q))`;
  const specs: KernelSpec[] = [
    {
      name: "general",
      doc: "α ∉ {1, 2} (fillGeneral): σZ + shift, Z standard S1; αB = arctan(β tan(πα/2)), c = 2σS_{α,β}, e = (α − 1)/α",
      params: ["alpha", "ab", "c", "e", "shift"],
      trig: passTrig(c) + storePQ,
      later: `${logs}
        ;; X = bp·eʸ + shift into the output block
        ${set("i", "(i32.const 0)")}
        (loop $exps
          ${set("y", `(v128.load offset=${L.bufQ} (local.get $i))`)}
          ${set("bp", `(v128.load offset=${L.bufP} (local.get $i))`)}
          ${passExp(c)}
          (v128.store offset=${L.out} (i32.add (local.get $o) (local.get $i)) (local.get $res))
          ${set("i", "(i32.add (local.get $i) (i32.const 16))")}
          (br_if $exps (i32.lt_u (local.get $i) (local.get $m))))`,
    },
    {
      name: "alphaOne",
      doc: "α = 1, β ≠ 0 (fillAlphaOne): c·(pb·tan V − β log q) + shift, c = 2σ/π, e = β",
      params: ["beta", "c", "e", "shift"],
      trig: passTrigAlphaOne(c) + storePQ,
      later: `${logs}
        ;; X = c·(bp − y) + shift into the output block
        ${set("i", "(i32.const 0)")}
        (loop $outs
          ${set("y", `(v128.load offset=${L.bufQ} (local.get $i))`)}
          ${set("bp", `(v128.load offset=${L.bufP} (local.get $i))`)}
          (v128.store offset=${L.out} (i32.add (local.get $o) (local.get $i)) ${add(mul(get("c"), sub(get("bp"), get("y"))), get("shift"))})
          ${set("i", "(i32.add (local.get $i) (i32.const 16))")}
          (br_if $outs (i32.lt_u (local.get $i) (local.get $m))))`,
    },
    {
      name: "cauchy",
      doc: "α = 1, β = 0 (fillCauchy): c·tan V + shift with c = σ (W is drawn, to keep the stream's layout)",
      params: ["c", "shift"],
      trig: `${passCauchy(c)}
          (v128.store offset=${L.out} (i32.add (local.get $o) (local.get $i)) (local.get $res))`,
      later: "",
    },
  ];
  const data = [...pool.values()]
    .map((e) => `(data (i32.const ${e.addr}) "${[...e.bytes].map((b) => "\\" + b.toString(16).padStart(2, "0")).join("")}")`)
    .join("\n  ");
  if (pool.size * 16 > L.zigThr - L.constants) throw new Error("constant pool overflows its area");
  const constLocals = [...pool.values()].map((e) => `(local $k${(e.addr - L.constants) / 16} v128)`).join(" ");
  const constLoads = [...pool.values()]
    .map((e) => `(local.set $k${(e.addr - L.constants) / 16} (v128.load offset=${e.addr} (i32.const 0)))`)
    .join("\n    ");
  pool = null;
  const vlocals = ["d", "w", "v", "xx", "t", "cv", "au", "h", "c2", "sh", "ch", "bp", "q", "kf", "idx", "ga", "gb", "linv", "llogc", "r", "p", "y", "tt", "kd", "th", "tl", "sc", "ex", "res", "alpha", "beta", "ab", "c", "e", "shift"];
  const kernels = specs.map((k) => kernelFunc(k, constLocals, constLoads, loadD, vlocals));
  return `;; GENERATED by packages/stable/scripts/make-sample-wasm.ts: do not edit.
;; The pure-JS stable sampler of src/sample.ts (fillGeneral, fillAlphaOne, fillCauchy) in WebAssembly SIMD,
;; bit for bit. Memory layout: src/sample-simd-layout.ts.
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 4 4)
  ${data}

  ;; Exponential ziggurat slow path (rng.ts expZigSlow): layer j was drawn with uniform u ≥ RATIO[j].
  ;; Continues from the state stored in memory and stores the state it leaves.
  (func $zigSlow (param $j i32) (param $u f64) (result f64)
    (local $s0 i64) (local $s1 i64) (local $x i64) (local $a i64) (local $xv f64) (local $lo f64) (local $r f64)
    ${set("s0", `(i64.load (i32.const ${L.state}))`)}
    ${set("s1", `(i64.load (i32.const ${L.state + 8}))`)}
    (loop $again
      (if (i32.eqz (local.get $j))
        (then
          ${STEP}
          ${set("r", `(f64.sub ${f(ZIG_EXP_R)} (call $log ${UNIFORM}))`)}
          (i64.store (i32.const ${L.state}) (local.get $s0))
          (i64.store (i32.const ${L.state + 8}) (local.get $s1))
          (return (local.get $r))))
      ${set("xv", `(f64.mul (local.get $u) (f64.load offset=${L.zigX} (i32.shl (local.get $j) (i32.const 3))))`)}
      ${set("lo", `(f64.load offset=${L.zigF} (i32.shl (local.get $j) (i32.const 3)))`)}
      ${STEP}
      (if (f64.lt
            (f64.add (local.get $lo) (f64.mul ${UNIFORM} (f64.sub (f64.load offset=${L.zigF + 8} (i32.shl (local.get $j) (i32.const 3))) (local.get $lo))))
            (call $exp (f64.neg (local.get $xv))))
        (then
          (i64.store (i32.const ${L.state}) (local.get $s0))
          (i64.store (i32.const ${L.state + 8}) (local.get $s1))
          (return (local.get $xv))))
      ${STEP}
      ${set("j", "(i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 4))) (i32.const 255))")}
      ${set("u", UNIFORM)}
      (if (f64.lt (local.get $u) (f64.load offset=${L.zigRatio} (i32.shl (local.get $j) (i32.const 3))))
        (then
          (i64.store (i32.const ${L.state}) (local.get $s0))
          (i64.store (i32.const ${L.state + 8}) (local.get $s1))
          (return (f64.mul (local.get $u) (f64.load offset=${L.zigX} (i32.shl (local.get $j) (i32.const 3)))))))
      (br $again))
    (unreachable))

  ${kernels.join("\n\n")}
)
`;
}

/** Assemble WAT text to a module binary with wabt (SIMD enabled). */
export async function assembleWat(wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  // UTF-8 bytes: given a string, wabt's wrapper keeps only the low byte of each character
  const mod = wabt.parseWat("sample.wat", new TextEncoder().encode(wat), { simd: true });
  try {
    mod.resolveNames();
    mod.validate();
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** Base64 of bytes, wrapped at 100 characters, as the generated module stores it. */
export function toBase64Lines(bytes: Uint8Array): string[] {
  const b64 = Buffer.from(bytes).toString("base64");
  const lines: string[] = [];
  for (let k = 0; k < b64.length; k += 100) lines.push(b64.slice(k, k + 100));
  return lines;
}

async function main(): Promise<void> {
  const wat = sampleWat();
  const bytes = await assembleWat(wat);
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  writeFileSync(here("../wasm/sample.wat"), wat);
  const ts = `// GENERATED by scripts/make-sample-wasm.ts from its WAT text (wasm/sample.wat): do not edit.
// The WebAssembly SIMD kernel of the stable sampler, ${bytes.length} bytes, base64.

/** @internal */
export const SAMPLE_WASM_BASE64 =
${toBase64Lines(bytes).map((l) => `  "${l}"`).join(" +\n")};
`;
  writeFileSync(here("../src/sample-wasm-binary.ts"), ts);
  console.log(`wrote wasm/sample.wat and src/sample-wasm-binary.ts (${bytes.length} bytes)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
