/**
 * Choosing the TensorFlow.js backend: @tensorflow/tfjs-node when it is
 * installed (an optional peer dependency: it downloads a native binary at
 * install time), else the WebAssembly backend, else the plain JavaScript cpu
 * backend. Every public result of this package reports the backend it ran on.
 *
 * tfjs keeps its active backend in a process-wide registry; this is the one
 * piece of global state the package touches, and only through `selectBackend`.
 */
import * as tf from "@tensorflow/tfjs-core";
import { ensureGradients } from "./gradients.js";
import { checkOneOf } from "./validate.js";

export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Module specifier that registers each backend when imported. */
export const BACKEND_MODULES: Readonly<Record<BackendName, string>> = {
  tensorflow: "@tensorflow/tfjs-node",
  wasm: "@tensorflow/tfjs-backend-wasm",
  cpu: "@tensorflow/tfjs-backend-cpu",
};

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was not used (module missing, initialisation failed). */
  reason?: string;
}

export interface BackendInfo {
  /** The backend now active (tf.getBackend()). */
  backend: BackendName;
  /** Every backend tried, in order, with the reason each failure gave. */
  attempts: BackendAttempt[];
}

export interface SelectBackendOptions {
  /** Order of preference; default ['tensorflow', 'wasm', 'cpu']. */
  order?: BackendName[];
  /** Imports a module specifier (injectable for tests); default: dynamic `import()`. */
  importer?: (specifier: string) => Promise<unknown>;
  /** Activates a registered backend (injectable for tests); default: tf.setBackend then tf.ready. */
  activate?: (name: BackendName) => Promise<boolean>;
}

const defaultImporter = (specifier: string): Promise<unknown> => import(specifier);

async function defaultActivate(name: BackendName): Promise<boolean> {
  const ok = await tf.setBackend(name);
  if (!ok) return false;
  await tf.ready();
  return tf.getBackend() === name;
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const first = e.message.split("\n")[0] ?? "";
    return code ? `${code}: ${first}` : first;
  }
  return String(e);
}

/**
 * Use the first backend in `order` that can be imported and activated.
 * Throws an Error listing every attempt when none works.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const order = options.order ?? ["tensorflow", "wasm", "cpu"];
  if (!Array.isArray(order) || order.length === 0) throw new RangeError("order must be a non-empty array of backend names");
  for (const [i, b] of order.entries()) checkOneOf(`order[${i}]`, b, ["tensorflow", "wasm", "cpu"] as const);
  const importer = options.importer ?? defaultImporter;
  const activate = options.activate ?? defaultActivate;
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      await importer(BACKEND_MODULES[name]);
    } catch (e) {
      attempts.push({ backend: name, ok: false, reason: `import ${BACKEND_MODULES[name]} failed: ${describeError(e)}` });
      continue;
    }
    try {
      if (await activate(name)) {
        ensureGradients();
        attempts.push({ backend: name, ok: true });
        return { backend: name, attempts };
      }
      attempts.push({ backend: name, ok: false, reason: `tf.setBackend('${name}') returned false` });
    } catch (e) {
      attempts.push({ backend: name, ok: false, reason: `initialising ${name} failed: ${describeError(e)}` });
    }
  }
  throw new Error(`no TensorFlow.js backend could be started:\n${attempts.map((a) => `  ${a.backend}: ${a.reason}`).join("\n")}`);
}

/** The active backend's name; throws when none has been selected (call selectBackend first). */
export function currentBackend(): string {
  let name: string | undefined;
  try {
    name = tf.getBackend();
  } catch (e) {
    throw new Error(`no TensorFlow.js backend is active: call \`await selectBackend()\` first (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!name) throw new Error("no TensorFlow.js backend is active: call `await selectBackend()` first");
  return name;
}
