/**
 * Protocols: which setting a network figure is run under.
 * - `authors`: as the authors' published notebooks ran it (alexander-camuto/asym-heavy-tails-bias-GNI,
 *   alexander-camuto/exp_reg_GNIs; see notes/authors-code.md);
 * - `paper`: as the paper's text states it.
 * Figures 3, 6, T4.1 and T4.2 do not depend on a protocol: they have no network and no notebook.
 */
import type { FigureDefinition } from "./figure.js";

export type Protocol = "authors" | "paper";
export const PROTOCOLS: readonly Protocol[] = ["authors", "paper"];

/**
 * The protocol a run uses when `--protocol` is not given: the authors' (every network figure implements both).
 * A figure asked for a protocol it does not implement is reported as *not run*, with the reason, rather than
 * silently run under the other one.
 */
export const DEFAULT_PROTOCOL: Protocol = "authors";

/** What data.json records: the protocol the numbers were made under, or `independent`. */
export type RecordedProtocol = Protocol | "independent";

/** One setting of a protocol and where it comes from (notebook and cell, or paper section). */
export interface SourcedSetting {
  setting: string;
  value: string;
  source: string;
}

export function dependsOnProtocol(fig: FigureDefinition): boolean {
  return fig.protocols.length > 0;
}

/**
 * How a figure answers a requested protocol: run it under that protocol, run it as protocol-independent,
 * or refuse with the reason shown in its not-run record.
 */
export function resolveProtocol(fig: FigureDefinition, requested: Protocol): { run: true; recorded: RecordedProtocol } | { run: false; reason: string } {
  const supported = fig.protocols;
  if (supported.length === 0) return { run: true, recorded: "independent" };
  if (supported.includes(requested)) return { run: true, recorded: requested };
  return {
    run: false,
    reason: `Figure ${fig.id} does not implement the '${requested}' protocol yet (it implements: ${supported.join(", ")}). ` +
      `Run it with --protocol ${supported[0]}.`,
  };
}

/** The sentence a protocol-independent figure's "what we ran" starts with. */
export const INDEPENDENT_NOTE = "This figure does not depend on a protocol (no network, no published notebook): --protocol authors and --protocol paper run the same thing.";

/**
 * A figure's settings with their sources as one paragraph of "what we ran":
 * "Settings (protocol): setting = value [source]; …".
 */
export function renderSettings(protocol: Protocol, settings: readonly SourcedSetting[]): string {
  const label = protocol === "authors" ? "the authors' published code" : "the paper's text";
  return `Settings under --protocol ${protocol} (${label}); each as setting = value [source]: ` +
    settings.map((s) => `${s.setting} = ${s.value} [${s.source}]`).join("; ") + ".";
}
