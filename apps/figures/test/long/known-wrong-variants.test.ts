/**
 * Small real runs of the simulation figures (T4.1, T4.2, Fig. 6) with a known-wrong variant planted: the claim
 * check must fail on it, and pass on the correct code at the same size (issue 13). `pnpm test:long`.
 *
 * Planted bugs: the fractional operator read literally (k = 0 weight 1: inconsistent, error h^{2−α}) for T4.1 and
 * T4.2; θ ignored in the noise (every panel driven by symmetric noise) for Fig. 6. Sizes are smaller than the quick
 * preset; the checks' noise floors and standard errors come from the seeds at that size, so nothing is tuned to it.
 */
import { describe, expect, it } from "vitest";
import type { ClaimCheck, FigureContext } from "../../src/figure.js";
import { fig6 } from "../../src/figures/fig6.js";
import { t41 } from "../../src/figures/t41.js";
import { t42, type T42Config } from "../../src/figures/t42.js";
import type { StationaryConfig } from "../../src/stationary.js";
import { runTaskJson } from "../../src/tasks/run-task.js";

/** No cache: every sub-run computed; the event loop gets a turn between sub-runs (the worker must answer vitest). */
const ctx: FigureContext = {
  cache: undefined as never,
  progress: () => {},
  subRun: async (kind, cfg) => {
    await new Promise((r) => setImmediate(r));
    return JSON.parse(await runTaskJson(kind, cfg)) as never;
  },
};

function stationary(base: StationaryConfig, over: Partial<StationaryConfig>, setting: Partial<StationaryConfig["setting"]>): StationaryConfig {
  return { ...base, ...over, setting: { ...base.setting, ...setting } };
}

const summary = (c: ClaimCheck) => JSON.stringify(c.measured).slice(0, 1500);

/** The numbers behind an outcome, printed for the record. */
function report(name: string, c: ClaimCheck): void {
  console.info(`${name}: ${c.outcome}\n${c.details}`);
}

describe("T4.1: the literal operator fails, the consistent one passes (α = 1.9, θ ∈ {0, 0.9}, 400 chains × 10 000 steps, 3 seeds)", () => {
  const base = stationary(t41.config({ preset: "quick" }), { alphas: [1.9], thetas: [0, 0.9], seeds: [0, 1, 2] }, { particles: 400 });

  it("consistent operator: pass", async () => {
    const out = await t41.run(base, ctx);
    report("T4.1 consistent", out.claim);
    expect(out.claim.outcome, summary(out.claim)).toBe("pass");
  });

  it("literal operator: fail (L1 above the noise floor)", async () => {
    const out = await t41.run(stationary(base, {}, { operator: "literal" }), ctx);
    report("T4.1 literal", out.claim);
    expect(out.claim.outcome, summary(out.claim)).toBe("fail");
    expect((out.claim.measured as { recovered: boolean }).recovered).toBe(false);
  });
});

describe("Fig. 6: θ ignored fails, the real noise passes (α = 1.1, θ ∈ {0, 0.5, 0.9}, 300 chains × 10 000 steps, 3 seeds)", () => {
  const base = stationary(fig6.config({ preset: "quick" }), { alphas: [1.1], thetas: [0, 0.5, 0.9], seeds: [0, 1, 2] }, { particles: 300 });

  it("θ in the noise: pass", async () => {
    const out = await fig6.run(base, ctx);
    report("Fig. 6 θ in the noise", out.claim);
    expect(out.claim.outcome, summary(out.claim)).toBe("pass");
  });

  it("θ ignored: fail (no growth with |θ| beyond noise)", async () => {
    const out = await fig6.run(stationary(base, {}, { ignoreTheta: true }), ctx);
    report("Fig. 6 θ ignored", out.claim);
    expect(out.claim.outcome, summary(out.claim)).toBe("fail");
  });
});

describe("T4.2: the literal operator fails, the consistent one passes (500 chains × 12 000 steps, 3 seeds)", () => {
  const base: T42Config = { ...t42.config({ preset: "quick" }), particles: 500, seeds: [0, 1, 2] };

  it("consistent operator: pass", async () => {
    const out = await t42.run(base, ctx);
    report("T4.2 consistent", out.claim);
    expect(out.claim.outcome, summary(out.claim)).toBe("pass");
  });

  it("literal operator: fail (order in h of ν(w²) far from 1)", async () => {
    const out = await t42.run({ ...base, variant: "literal" }, ctx);
    report("T4.2 literal", out.claim);
    expect(out.claim.outcome, summary(out.claim)).toBe("fail");
  });
});
