/** What the numbers were computed on: runtime, machine, and versions of the packages involved. */
import { readFileSync } from "node:fs";
import { cpus, platform, arch, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Backend {
  runtime: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  compute: string;
  versions: Record<string, string>;
}

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

function versionOf(pkg: string): string {
  for (const p of [join(APP_DIR, "node_modules", pkg, "package.json"), join(APP_DIR, "..", "..", "node_modules", pkg, "package.json")]) {
    try {
      return (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
    } catch {
      /* try the next location */
    }
  }
  return "unknown";
}

export function backend(): Backend {
  const c = cpus();
  return {
    runtime: `node ${process.version}`,
    platform: `${platform()} ${arch()}`,
    cpu: c[0]?.model ?? "unknown",
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    compute: "CPU. Figures 3, 6, T4.1, T4.2: single thread, Float64, plain TypeScript. Figures 2, 4, 5, A.1–A.4: TensorFlow.js, float32, on the backend recorded in data.tfjs (gni's selectBackend)",
    versions: Object.fromEntries(["@heavytails/figures", "@heavytails/stable", "@heavytails/fractional", "@heavytails/sde", "@heavytails/gni", "vega", "vega-lite", "@resvg/resvg-js"].map((p) => [p, p === "@heavytails/figures" ? ownVersion() : versionOf(p)])),
  };
}

function ownVersion(): string {
  return (JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as { version: string }).version;
}
