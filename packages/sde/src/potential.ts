/**
 * Potentials f for the SDE dw = b(w)dt + ε dL^{α,θ}: either two functions (f, f′) or a
 * mathjs expression in `w` (e.g. 'w^4/4 - w^2/2'), differentiated symbolically by mathjs.
 * In d dimensions the potential is separable, f(w) = Σᵢ f(wᵢ), matching the coordinate-wise
 * drift of eq. (4.7).
 *
 * Expressions are untrusted text, so they are handled defensively (issue 12):
 * - they are parsed by a private mathjs instance (`create(all)`), never the process-wide one,
 *   in which `import`, `createUnit`, `evaluate`, `parse`, `simplify`, `derivative`, `resolve`,
 *   `reviver`, `compile` and friends are disabled (mathjs' security advice);
 * - every node must be on a whitelist: finite numbers, the variable `w`, the constants `pi`
 *   and `e`, + − * / ^ (unary ±), parentheses and the functions in `FUNCTIONS` below (each
 *   one mathjs can differentiate). Anything else (strings, assignments, blocks, matrices,
 *   comparisons, `import(…)`, `evaluate(…)`, …) is refused with an error naming the potential,
 *   and so is an expression that does not depend on `w` (`""`, `"3"`);
 * - size is bounded (`POTENTIAL_LIMITS`: 500 characters, 200 nodes, depth 32), and the
 *   derivative is taken without mathjs' `simplify`, whose cost is exponential in the
 *   expression size (a 71-character product of sines took 5–12 s). Without simplification the
 *   derivative has O(nodes · depth) nodes; it is bounded too (20 000 nodes).
 * Both f and f′ are then translated to plain JavaScript (Math.*; subexpressions free of `w`
 * folded to numbers), so the integrator runs at native speed and mathjs never evaluates
 * anything. `derivativeExpression` is the unsimplified derivative as mathjs prints it.
 */
import { type MathNode, all, create } from "mathjs";

export interface PotentialFunctions {
  /** f(w) for one coordinate. */
  f: (w: number) => number;
  /** f′(w) for one coordinate. */
  fPrime: (w: number) => number;
}

/** A potential: functions, or a mathjs expression string in the variable `w`. */
export type PotentialSpec = string | PotentialFunctions;

export interface Potential extends PotentialFunctions {
  /** The expression, when given as a string. */
  expression?: string;
  /** f′ as mathjs printed it (not simplified), when given as a string. */
  derivativeExpression?: string;
}

/** Size limits of an expression potential (documented in the README). */
export const POTENTIAL_LIMITS = {
  /** Characters of the expression. */
  length: 500,
  /** Nodes of the parsed expression. */
  nodes: 200,
  /** Nesting depth of the parsed expression (the root has depth 1). */
  depth: 32,
  /** Nodes of the (unsimplified) derivative. */
  derivativeNodes: 20_000,
} as const;

/** Whitelisted functions: JavaScript for given argument sources (by arity). All are differentiable by mathjs. */
const FUNCTIONS: Record<string, { arity: number[]; js: (a: string[]) => string }> = {};
for (const name of ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp", "sqrt", "cbrt", "abs", "log10"]) {
  FUNCTIONS[name] = { arity: [1], js: (a) => `Math.${name}(${a[0]})` };
}
for (const [name, js] of [["sec", "cos"], ["csc", "sin"], ["cot", "tan"], ["sech", "cosh"], ["csch", "sinh"], ["coth", "tanh"]]) {
  FUNCTIONS[name] = { arity: [1], js: (a) => `(1/Math.${js}(${a[0]}))` };
}
for (const [name, js] of [["asec", "acos"], ["acsc", "asin"], ["acot", "atan"], ["asech", "acosh"], ["acsch", "asinh"], ["acoth", "atanh"]]) {
  FUNCTIONS[name] = { arity: [1], js: (a) => `Math.${js}(1/${a[0]})` };
}
FUNCTIONS.log = { arity: [1, 2], js: (a) => (a.length === 1 ? `Math.log(${a[0]})` : `(Math.log(${a[0]})/Math.log(${a[1]}))`) };
FUNCTIONS.pow = { arity: [2], js: (a) => `Math.pow(${a[0]}, ${a[1]})` };

const OPERATORS: Record<string, string> = { add: "+", subtract: "-", multiply: "*", divide: "/" };
const CONSTANTS: Record<string, string> = { w: "w", pi: "Math.PI", e: "Math.E" };
/** Functions that parse, evaluate or change mathjs: disabled in the private instance and named in the error. */
const DISABLED = ["import", "createUnit", "evaluate", "parse", "simplify", "simplifyConstant", "simplifyCore", "derivative", "resolve", "reviver", "compile", "rationalize", "symbolicEqual", "parser"];

type Tools = { parse: (s: string) => MathNode; derivative: (n: MathNode, v: string, o: { simplify: boolean }) => MathNode };
let tools: Tools | null = null;

/** The private mathjs instance's parse and derivative (resolved before the dangerous functions are disabled). */
function mathTools(): Tools {
  if (tools) return tools;
  const m = create(all);
  const parse = m.parse as unknown as Tools["parse"];
  const derivative = m.derivative as unknown as Tools["derivative"];
  const off: Record<string, () => never> = {};
  for (const name of DISABLED) {
    if (name in m) off[name] = () => { throw new Error(`function ${name} is disabled in potentials`); };
  }
  m.import(off, { override: true });
  tools = { parse, derivative };
  return tools;
}

type N = MathNode & { type: string; [k: string]: unknown };

function refuse(spec: string, what: string): RangeError {
  return new RangeError(`potential ${JSON.stringify(spec)} ${what}`);
}

/** Check every node against the whitelist; returns [nodes, depth, uses w]. */
function audit(root: MathNode, spec: string): { nodes: number; depth: number; usesW: boolean } {
  let nodes = 0, depth = 0, usesW = false;
  const visit = (node: MathNode, level: number): void => {
    const n = node as N;
    nodes++;
    if (level > depth) depth = level;
    if (level > POTENTIAL_LIMITS.depth) throw refuse(spec, `is nested deeper than ${POTENTIAL_LIMITS.depth} levels (depth > ${POTENTIAL_LIMITS.depth} is outside the allowed range [1, ${POTENTIAL_LIMITS.depth}])`);
    if (nodes > POTENTIAL_LIMITS.nodes) throw refuse(spec, `has more than ${POTENTIAL_LIMITS.nodes} nodes (nodes is outside the allowed range [1, ${POTENTIAL_LIMITS.nodes}])`);
    switch (n.type) {
      case "ConstantNode":
        if (typeof n.value !== "number" || !Number.isFinite(n.value)) {
          throw refuse(spec, `contains the constant ${n.value === undefined ? "(nothing)" : JSON.stringify(n.value)}; only finite numbers are allowed`);
        }
        return;
      case "SymbolNode": {
        const name = n.name as string;
        if (!(name in CONSTANTS)) throw refuse(spec, `uses the symbol ${name}; only the variable w (and the constants pi, e) are allowed`);
        if (name === "w") usesW = true;
        return;
      }
      case "ParenthesisNode":
        return visit(n.content as MathNode, level + 1);
      case "OperatorNode": {
        const fn = n.fn as string, args = n.args as MathNode[];
        const ok = (args.length === 1 && (fn === "unaryMinus" || fn === "unaryPlus")) || (args.length === 2 && (fn in OPERATORS || fn === "pow")) || (args.length > 2 && (fn === "add" || fn === "multiply"));
        if (!ok) throw refuse(spec, `uses the operator ${JSON.stringify(n.op)} (${fn}); allowed are + - * / ^ and unary + -`);
        for (const a of args) visit(a, level + 1);
        return;
      }
      case "FunctionNode": {
        const fnNode = n.fn as N;
        const name = fnNode?.type === "SymbolNode" ? (fnNode.name as string) : null;
        if (name === null) throw refuse(spec, "calls something that is not a named function; only the whitelisted functions of w are allowed");
        if (DISABLED.includes(name)) throw refuse(spec, `calls ${name}, which is disabled in potentials (it could parse, run or change expressions); potentials are not allowed to use it`);
        const entry = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
        const args = n.args as MathNode[];
        if (!entry) {
          throw refuse(spec, `uses the function ${name}, which is not allowed: mathjs cannot differentiate it to a real function of w, or it is not one (allowed: ${Object.keys(FUNCTIONS).join(", ")}); pass { f, fPrime } instead`);
        }
        if (!entry.arity.includes(args.length)) throw refuse(spec, `calls ${name} with ${args.length} arguments; it takes ${entry.arity.join(" or ")}`);
        for (const a of args) visit(a, level + 1);
        return;
      }
      default:
        throw refuse(spec, `contains a ${n.type} (${node.toString().slice(0, 40)}), which is not allowed: a potential is one expression in w built from numbers, + - * / ^, pi, e and the functions ${Object.keys(FUNCTIONS).join(", ")}`);
    }
  };
  visit(root, 1);
  return { nodes, depth, usesW };
}

/** JavaScript source for an audited node; subexpressions free of w are folded to numbers (`value`). */
function toJs(node: MathNode): { js: string; w: boolean; value?: number } {
  const n = node as N;
  switch (n.type) {
    case "ConstantNode":
      return { js: `(${n.value as number})`, w: false, value: n.value as number };
    case "SymbolNode":
      return { js: CONSTANTS[n.name as string], w: n.name === "w" };
    case "ParenthesisNode":
      return toJs(n.content as MathNode);
    case "OperatorNode": {
      const parts = (n.args as MathNode[]).map(toJs);
      const w = parts.some((p) => p.w);
      const a = parts.map((p) => p.js);
      const fn = n.fn as string;
      let js: string;
      if (parts.length === 1) js = fn === "unaryMinus" ? `(-${a[0]})` : `(${a[0]})`;
      else if (fn === "pow") {
        const e = parts[1].value;
        // x^1 is x; small integer powers of short operands as products (faster, exact for negative bases)
        if (e === 1) js = a[0];
        else if (e !== undefined && Number.isInteger(e) && e >= 2 && e <= 6 && a[0].length <= 24) js = `(${Array(e).fill(a[0]).join("*")})`;
        else js = `Math.pow(${a[0]}, ${a[1]})`;
      } else js = `(${a.join(` ${OPERATORS[fn]} `)})`;
      return fold(js, w);
    }
    case "FunctionNode": {
      const parts = (n.args as MathNode[]).map(toJs);
      const name = (n.fn as N).name as string;
      if (!Object.hasOwn(FUNCTIONS, name)) throw new TypeError(`internal: mathjs' derivative produced the function ${name}, which has no JavaScript translation`);
      return fold(FUNCTIONS[name].js(parts.map((p) => p.js)), parts.some((p) => p.w));
    }
    default:
      throw new Error(`internal: unaudited node ${n.type}`);
  }
}

function fold(js: string, w: boolean): { js: string; w: boolean; value?: number } {
  if (w) return { js, w };
  const v = (new Function(`"use strict"; return ${js};`) as () => number)();
  return Number.isFinite(v) ? { js: `(${v})`, w: false, value: v } : { js, w: false };
}

function compile(node: MathNode): (w: number) => number {
  return new Function("w", `"use strict"; return ${toJs(node).js};`) as (w: number) => number;
}

/** Resolve a potential spec into (f, f′); strings are audited, parsed and differentiated (see the file comment). */
export function resolvePotential(spec: PotentialSpec): Potential {
  if (typeof spec === "string") {
    if (spec.length > POTENTIAL_LIMITS.length) {
      throw new RangeError(`potential ${JSON.stringify(spec.slice(0, 60))}… has ${spec.length} characters (length = ${spec.length} is outside the allowed range [1, ${POTENTIAL_LIMITS.length}]); pass { f, fPrime } for longer potentials`);
    }
    const { parse, derivative } = mathTools();
    let node: MathNode;
    try {
      node = parse(spec);
    } catch (e) {
      throw new SyntaxError(`potential ${JSON.stringify(spec)} is not a valid mathjs expression: ${(e as Error).message}`);
    }
    const { usesW } = audit(node, spec);
    if (!usesW) throw refuse(spec, "does not depend on w; a potential must be an expression in w (for a constant potential pass { f, fPrime })");
    let d: MathNode;
    try {
      d = derivative(node, "w", { simplify: false });
    } catch (e) {
      throw new TypeError(`mathjs cannot differentiate the potential ${JSON.stringify(spec)}: ${(e as Error).message}; pass { f, fPrime } instead`);
    }
    let dNodes = 0;
    d.traverse(() => void dNodes++);
    if (dNodes > POTENTIAL_LIMITS.derivativeNodes) {
      throw refuse(spec, `has a derivative of ${dNodes} nodes (derivative nodes = ${dNodes} is outside the allowed range [1, ${POTENTIAL_LIMITS.derivativeNodes}]); pass { f, fPrime } instead`);
    }
    return { f: compile(node), fPrime: compile(d), expression: spec, derivativeExpression: d.toString() };
  }
  if (spec == null || typeof spec.f !== "function" || typeof spec.fPrime !== "function") {
    throw new TypeError("potential must be a mathjs expression string in w or an object { f, fPrime } of functions");
  }
  return { f: spec.f, fPrime: spec.fPrime };
}
