/**
 * Potentials f for the SDE dw = b(w)dt + ε dL^{α,θ}: either two functions (f, f′) or a
 * mathjs expression in `w` (e.g. 'w^4/4 - w^2/2'), differentiated symbolically by
 * mathjs. Expressions are translated to plain JavaScript (Math.*) so that the integrator
 * runs at native speed; nodes outside the supported set fall back to mathjs' own
 * compiled evaluation. In d dimensions the potential is separable, f(w) = Σᵢ f(wᵢ),
 * matching the coordinate-wise drift of eq. (4.7).
 */
import { type MathNode, derivative, parse } from "mathjs";

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
  /** f′ as mathjs printed it, when given as a string. */
  derivativeExpression?: string;
}

const FUNCTIONS: Record<string, string> = {
  sin: "Math.sin", cos: "Math.cos", tan: "Math.tan", exp: "Math.exp", log: "Math.log", sqrt: "Math.sqrt",
  abs: "Math.abs", sinh: "Math.sinh", cosh: "Math.cosh", tanh: "Math.tanh", atan: "Math.atan",
  asin: "Math.asin", acos: "Math.acos", log1p: "Math.log1p", expm1: "Math.expm1", cbrt: "Math.cbrt",
  sign: "Math.sign", sec: "1/Math.cos", csc: "1/Math.sin", cot: "1/Math.tan",
};
const BINARY: Record<string, string> = { add: "+", subtract: "-", multiply: "*", divide: "/" };

/** JavaScript source for a mathjs node in `w`, or null if a node is not supported. */
function toJs(node: MathNode): string | null {
  const n = node as MathNode & { type: string; [k: string]: unknown };
  switch (n.type) {
    case "ConstantNode": {
      const v = n.value;
      return typeof v === "number" && Number.isFinite(v) ? `(${v})` : null;
    }
    case "SymbolNode": {
      const name = n.name as string;
      if (name === "w") return "w";
      if (name === "pi") return "Math.PI";
      if (name === "e") return "Math.E";
      return null;
    }
    case "ParenthesisNode":
      return toJs(n.content as MathNode);
    case "OperatorNode": {
      const args = (n.args as MathNode[]).map(toJs);
      if (args.some((a) => a === null)) return null;
      const fn = n.fn as string;
      if (args.length === 1) {
        if (fn === "unaryMinus") return `(-${args[0]})`;
        if (fn === "unaryPlus") return `(${args[0]})`;
        return null;
      }
      if (args.length === 2) {
        if (fn === "pow") {
          const e = (n.args as MathNode[])[1] as MathNode & { type: string; value?: unknown };
          // small integer powers as products (faster and exact for negative bases)
          if (e.type === "ConstantNode" && typeof e.value === "number" && Number.isInteger(e.value) && e.value >= 2 && e.value <= 6) {
            return `(${Array(e.value).fill(args[0]).join("*")})`;
          }
          return `Math.pow(${args[0]}, ${args[1]})`;
        }
        const op = BINARY[fn];
        return op ? `(${args[0]} ${op} ${args[1]})` : null;
      }
      if (args.length > 2 && (fn === "add" || fn === "multiply")) return `(${args.join(fn === "add" ? " + " : " * ")})`;
      return null;
    }
    case "FunctionNode": {
      const name = (n.fn as { name?: string }).name ?? "";
      const js = FUNCTIONS[name];
      const args = (n.args as MathNode[]).map(toJs);
      if (!js || args.length !== 1 || args[0] === null) return null;
      return `${js}(${args[0]})`;
    }
    default:
      return null;
  }
}

function compileNode(node: MathNode, what: string): (w: number) => number {
  const js = toJs(node);
  if (js !== null) return new Function("w", `"use strict"; return ${js};`) as (w: number) => number;
  const code = node.compile();
  return (w: number) => {
    const v = code.evaluate({ w });
    if (typeof v !== "number") throw new TypeError(`${what} evaluated to a ${typeof v} at w = ${w}; expected a real number`);
    return v;
  };
}

/** Resolve a potential spec into (f, f′); strings are parsed and differentiated by mathjs. */
export function resolvePotential(spec: PotentialSpec): Potential {
  if (typeof spec === "string") {
    let node: MathNode;
    try {
      node = parse(spec);
    } catch (e) {
      throw new SyntaxError(`potential ${JSON.stringify(spec)} is not a valid mathjs expression: ${(e as Error).message}`);
    }
    const symbols = new Set<string>();
    node.traverse((x, path, parent) => {
      const t = x as MathNode & { type: string; name?: string };
      const isFnName = parent && (parent as MathNode & { type: string }).type === "FunctionNode" && path === "fn";
      if (t.type === "SymbolNode" && !isFnName) symbols.add(t.name!);
    });
    for (const s of symbols) {
      if (s !== "w" && s !== "pi" && s !== "e") {
        throw new RangeError(`potential ${JSON.stringify(spec)} uses the symbol ${s}; only the variable w (and the constants pi, e) are allowed`);
      }
    }
    let d: MathNode;
    try {
      d = derivative(node, "w");
    } catch (e) {
      throw new TypeError(`mathjs cannot differentiate the potential ${JSON.stringify(spec)}: ${(e as Error).message}; pass { f, fPrime } instead`);
    }
    return { f: compileNode(node, "the potential"), fPrime: compileNode(d, "its derivative"), expression: spec, derivativeExpression: d.toString() };
  }
  if (spec == null || typeof spec.f !== "function" || typeof spec.fPrime !== "function") {
    throw new TypeError("potential must be a mathjs expression string in w or an object { f, fPrime } of functions");
  }
  return { f: spec.f, fPrime: spec.fPrime };
}
