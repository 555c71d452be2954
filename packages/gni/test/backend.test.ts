import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { selectBackend, type BackendName } from "../src/index.js";

const notFound = (spec: string) => Object.assign(new Error(`Cannot find package '${spec}'`), { code: "ERR_MODULE_NOT_FOUND" });
const realImport = (spec: string) => import(spec);

describe("selectBackend: tfjs-node → wasm → cpu", () => {
  it("tfjs-node is really absent here, so the default order lands on wasm", async () => {
    const info = await selectBackend();
    expect(info.backend).toBe("wasm");
    expect(info.attempts[0]!.backend).toBe("tensorflow");
    expect(info.attempts[0]!.ok).toBe(false);
    expect(info.attempts[0]!.reason).toMatch(/tfjs-node/);
    expect(tf.getBackend()).toBe("wasm");
  });

  it("falls back to cpu when tfjs-node is missing and wasm fails to initialise", async () => {
    const activated: BackendName[] = [];
    const info = await selectBackend({
      importer: (spec) => (spec === "@tensorflow/tfjs-node" ? Promise.reject(notFound(spec)) : realImport(spec)),
      activate: async (name) => {
        activated.push(name);
        if (name === "wasm") throw new Error("WebAssembly.instantiate(): simulated failure");
        return tf.setBackend(name);
      },
    });
    expect(info.backend).toBe("cpu");
    expect(activated).toEqual(["wasm", "cpu"]);
    expect(info.attempts.map((a) => [a.backend, a.ok])).toEqual([["tensorflow", false], ["wasm", false], ["cpu", true]]);
    expect(info.attempts[1]!.reason).toMatch(/simulated failure/);
    expect(tf.getBackend()).toBe("cpu");
    // the cpu backend computes
    expect(tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0])).toBe(6);
  });

  it("falls back to cpu when the wasm module cannot be imported", async () => {
    const info = await selectBackend({
      importer: (spec) => (spec === "@tensorflow/tfjs-backend-cpu" ? realImport(spec) : Promise.reject(notFound(spec))),
    });
    expect(info.backend).toBe("cpu");
    expect(info.attempts[1]!.reason).toMatch(/ERR_MODULE_NOT_FOUND/);
  });

  it("uses tfjs-node when it imports and activates", async () => {
    const info = await selectBackend({ importer: async () => ({}), activate: async (name) => name === "tensorflow" });
    expect(info.backend).toBe("tensorflow");
    expect(info.attempts).toEqual([{ backend: "tensorflow", ok: true }]);
  });

  it("throws listing every attempt when nothing works", async () => {
    await expect(selectBackend({ importer: (s) => Promise.reject(notFound(s)) })).rejects.toThrow(/tensorflow: .*\n.*wasm: .*\n.*cpu: /);
  });

  it("rejects unknown backend names with a RangeError", async () => {
    await expect(selectBackend({ order: ["webgl" as BackendName] })).rejects.toThrow(RangeError);
    await expect(selectBackend({ order: ["webgl" as BackendName] })).rejects.toThrow('order[0] = "webgl" is outside the allowed range');
  });
});
