/** The TensorFlow.js backend the network figures run on (@heavytails/gni's selectBackend, chosen once per process). */
import { selectBackend, type BackendAttempt } from "@heavytails/gni";

export interface TfjsBackend {
  /** "tensorflow" (tfjs-node), "wasm" or "cpu". */
  backend: string;
  /** Every backend tried, and why the ones before failed. */
  attempts: BackendAttempt[];
}

let selected: Promise<TfjsBackend> | undefined;

/** Select the fastest available tfjs backend (tfjs-node → wasm → cpu) once, and report it. */
export function tfjsBackend(): Promise<TfjsBackend> {
  selected ??= selectBackend().then((b) => ({ backend: b.backend, attempts: b.attempts }));
  return selected;
}
