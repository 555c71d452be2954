/** Shared test setup: the backend the package would pick here (tfjs-node is not installed on CI: wasm). */
import { selectBackend, type BackendInfo } from "../src/index.js";

let info: Promise<BackendInfo> | null = null;

export function useBackend(): Promise<BackendInfo> {
  info ??= selectBackend();
  return info;
}
