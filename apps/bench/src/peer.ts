/**
 * Running a peer command (see `BenchPeer` in suite.ts): spawn it in its own
 * process group, enforce the hard time limit, parse its one JSON line. Every
 * failure becomes a skipped outcome with a reason; nothing here throws.
 */
import { spawn } from "node:child_process";
import type { BenchPeer } from "./suite.js";

/** What a peer's output says, before timing is attached. */
export type PeerParsed =
  | { status: "ok"; value: number; details?: Record<string, unknown> }
  | { status: "skipped"; reason: string; details?: Record<string, unknown> };

/** The outcome of one peer run; `seconds` is the wall time of the whole command. */
export type PeerOutcome = PeerParsed & { seconds: number };

export interface RunPeerOptions {
  quick: boolean;
  /** Working directory for the command (the repository root). */
  cwd: string;
}

/** Keep at most this much of each stream (peers print one line; this guards against floods). */
const MAX_CAPTURE = 1 << 20;

export function peerCommand(peer: BenchPeer, quick: boolean): string[] {
  return quick && peer.quickCommand ? peer.quickCommand : peer.command;
}

export function peerTimeoutSeconds(peer: BenchPeer, quick: boolean): number {
  return quick && peer.quickTimeoutSeconds !== undefined ? peer.quickTimeoutSeconds : peer.timeoutSeconds;
}

/** Seconds in a reason: "120 s", "0.5 s". */
function fmtSeconds(s: number): string {
  return `${Number.isInteger(s) ? s : Number(s.toPrecision(3))} s`;
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  const line = lines[lines.length - 1] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Parse a peer's stdout: the last line that is a JSON object. Accepts
 * `{"value": n}` (or `valueKey`, or the legacy `samplesPerSecond`) and
 * `{"skipped": "reason"}`. When there is no `details` field, the other fields
 * of the object become the details.
 */
export function parsePeerOutput(stdout: string, valueKey?: string): PeerParsed {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith("{"));
  for (let i = lines.length - 1; i >= 0; i--) {
    let obj: unknown;
    try {
      obj = JSON.parse(lines[i]!);
    } catch {
      continue;
    }
    if (obj == null || typeof obj !== "object" || Array.isArray(obj)) continue;
    const o = obj as Record<string, unknown>;
    const keys = [valueKey, "value", "samplesPerSecond"].filter((k): k is string => typeof k === "string");
    const usedKey = keys.find((k) => k in o);
    const details =
      o.details !== undefined && typeof o.details === "object" && o.details !== null
        ? (o.details as Record<string, unknown>)
        : Object.fromEntries(Object.entries(o).filter(([k]) => k !== "skipped" && k !== usedKey));
    const det = Object.keys(details).length > 0 ? { details } : {};
    if (typeof o.skipped === "string") return { status: "skipped", reason: o.skipped, ...det };
    if (usedKey === undefined) {
      return { status: "skipped", reason: `no "${keys[0]}" in the peer's JSON line`, ...det };
    }
    const v = o[usedKey];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      return { status: "skipped", reason: `peer reported a non-finite ${usedKey}: ${JSON.stringify(v)}`, ...det };
    }
    return { status: "ok", value: v, ...det };
  }
  const tail = lastLine(stdout);
  return { status: "skipped", reason: tail ? `no JSON line in the peer's output (last line: ${tail})` : "the peer printed nothing" };
}

export function runPeer(peer: BenchPeer, opts: RunPeerOptions): Promise<PeerOutcome> {
  const argv = peerCommand(peer, opts.quick);
  const limit = peerTimeoutSeconds(peer, opts.quick);
  const t0 = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;

  return new Promise<PeerOutcome>((resolve) => {
    let settled = false;
    const finish = (o: PeerParsed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      resolve({ ...o, seconds: elapsed() });
    };

    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      // Own process group, so a timeout kills the peer's own children too
      // (e.g. the forked fit in scipy_fit.py).
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += d;
    });
    child.stderr.on("data", (d: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += d;
    });

    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        try {
          child.kill("SIGKILL");
        } catch {
          /* already gone */
        }
      }
    };

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      // If something outside the group still holds the pipes open, do not wait for it.
      graceTimer = setTimeout(() => finish({ status: "skipped", reason: `did not finish in ${fmtSeconds(limit)}` }), 2000);
    }, limit * 1000);

    child.on("error", (err: NodeJS.ErrnoException) => {
      const reason = err.code === "ENOENT" ? `command not found: ${argv[0]}` : `could not start ${argv[0]}: ${err.message}`;
      finish({ status: "skipped", reason });
    });

    child.on("close", (code, signal) => {
      if (timedOut) return finish({ status: "skipped", reason: `did not finish in ${fmtSeconds(limit)}` });
      if (code !== 0) {
        const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = lastLine(stderr) || lastLine(stdout);
        return finish({ status: "skipped", reason: tail ? `${why}: ${tail}` : why });
      }
      finish(parsePeerOutput(stdout, peer.valueKey));
    });
  });
}
