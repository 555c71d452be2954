/**
 * --protocol authors for Figs 2, A.1–A.4 and D.1: each figure's configuration carries the settings of the authors'
 * notebook (alexander-camuto/asym-heavy-tails-bias-GNI playground/SkewKurtosisGradients.ipynb; cells counted from 0):
 * cell 12 (INP_DIM = OUT_DIM = 100, WIDTH 512, DEPTH 4, N = 200, NUM_EXP = 100), cell 5 (nn.Linear default init),
 * cell 6 make_noisy_pred (noise on the input, after every ReLU and on the output), cell 17 go (x = grid + N(0, 1) per
 * coordinate, phases redrawn per repeat), cell 20 (σ = 0.1, 5 repeats). Planted bugs (sites without the output,
 * Glorot init, σ = √0.1, M_ref = 64, a 1-D input) must be caught by `expectAuthors`; every figure runs at
 * --preset tiny under both protocols; the Fig. 2 statistic of the notebook against a hand-computed example.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kurtosis, skewness } from "@heavytails/stable";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunOptions } from "../src/figure.js";
import { a1 } from "../src/figures/a1.js";
import { a2 } from "../src/figures/a2.js";
import { a3 } from "../src/figures/a3.js";
import { a4 } from "../src/figures/a4.js";
import { d1 } from "../src/figures/d1.js";
import { fig2 } from "../src/figures/fig2.js";
import { AUTHORS_NETWORK, authorsData, buildSetting, standardise, theirStatistic } from "../src/figures/gradient-noise.js";
import type { Protocol } from "../src/protocol.js";
import type { FigureRecord } from "../src/record.js";
import { runFigures } from "../src/run.js";
import { tfjsBackend } from "../src/tfjs.js";

/** What every authors-protocol configuration of this family must say, in one normal form. */
interface AuthorsView {
  inputSize: number;
  outputSize: number;
  hidden: number[];
  init: string;
  inputJitter: number;
  sigma: number;
  sites: string[];
  types: string[];
  mRef: number | null;
  points: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function view(id: string, cfg: any): AuthorsView {
  const net = cfg.authors?.network ?? { inputSize: 1, outputSize: 1, hidden: cfg.hidden ?? cfg.network?.hidden, init: "glorot-uniform", inputJitter: 0 };
  if (id === "A.4") {
    return { ...pickNet(net), sigma: cfg.sigma, sites: cfg.authors?.sites ?? ["input", "hidden"], types: cfg.noise, mRef: cfg.mRef, points: cfg.points };
  }
  if (id === "D.1") {
    const n = cfg.noises as Array<{ type: string; sigma: number; sites?: string[] }>;
    expect(new Set(n.map((x) => x.sigma)).size).toBe(1);
    expect(new Set(n.map((x) => JSON.stringify(x.sites))).size).toBe(1);
    return { ...pickNet(net), sigma: n[0]!.sigma, sites: n[0]!.sites ?? ["input", "hidden"], types: n.map((x) => x.type), mRef: cfg.mRef, points: cfg.points };
  }
  return { ...pickNet(net), sigma: cfg.noise.sigma, sites: cfg.noise.sites ?? ["input", "hidden"], types: [cfg.noise.type], mRef: cfg.mRef ?? null, points: cfg.points };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pickNet = (n: any) => ({ inputSize: n.inputSize, outputSize: n.outputSize, hidden: n.hidden, init: n.init, inputJitter: n.inputJitter });

/** The notebook's settings (cells 5, 6, 12, 17, 20). */
function expectAuthors(v: AuthorsView, preset: "quick" | "paper"): void {
  expect(v.inputSize, "INP_DIM (cell 12)").toBe(100);
  expect(v.outputSize, "OUT_DIM (cell 12)").toBe(100);
  expect(v.hidden, "WIDTH 512 × DEPTH 4 (cell 12)").toEqual([512, 512, 512, 512]);
  expect(v.init, "nn.Linear default init (cell 5)").toBe("torch-default");
  expect(v.inputJitter, "x += randn (cell 17)").toBe(1);
  expect(v.sigma, "σ = 0.1 as an s.d. (cell 20)").toBe(0.1);
  expect([...v.sites].sort(), "make_noisy_pred sites (cell 6)").toEqual(["hidden", "input", "output"]);
  if (v.mRef !== null) expect(v.mRef, "NUM_EXP (cell 12)").toBe(100);
  if (preset === "paper") expect(v.points, "N (cell 12)").toBe(200);
  else expect(v.points).toBeLessThanOrEqual(200);
}

const FIGS = [
  { id: "2", fig: fig2, types: ["additive"] },
  { id: "A.1", fig: a1, types: ["additive"] },
  { id: "A.2", fig: a2, types: ["multiplicative"] },
  { id: "A.3", fig: a3, types: ["multiplicative"] },
  { id: "A.4", fig: a4, types: ["additive", "multiplicative"] },
  { id: "D.1", fig: d1, types: ["additive", "multiplicative"] },
] as const;

const opts = (preset: RunOptions["preset"], protocol: Protocol): RunOptions => ({ preset, protocol });

describe("authors' protocol: each figure's configuration has the notebook's settings", () => {
  it.each(FIGS)("figure $id implements both protocols", ({ fig }) => {
    expect(fig.protocols).toEqual(["authors", "paper"]);
  });

  it.each(FIGS.flatMap((f) => (["quick", "paper"] as const).map((preset) => ({ ...f, preset }))))("figure $id at $preset", ({ id, fig, types, preset }) => {
    const cfg = fig.config(opts(preset, "authors"));
    const v = view(id, cfg);
    expectAuthors(v, preset);
    expect(v.types).toEqual(types);
    // the figures that take ∇E_L leave the output layer out, as cell 7's grad_noise[:-1]
    if (id !== "A.1" && id !== "A.2") expect((cfg as { authors: { layers: string } }).authors.layers).toBe("all but the output layer");
    // A.1/A.2: one draw per example and unit, the raw pooled kurtosis (cell 7's forward-tails loop)
    if (id === "A.1" || id === "A.2") {
      expect((cfg as { M: number }).M).toBe(1);
      expect((cfg as { authors: { statistic: string } }).authors.statistic).toBe("raw kurtosis pooled over examples and units");
    }
    // "what we ran" names the notebook and its cells
    const text = fig.describe(cfg as never, preset);
    expect(text).toContain("--protocol authors");
    expect(text).toMatch(/SkewKurtosisGradients\.ipynb cell 6/);
    expect(text).toMatch(/SkewKurtosisGradients\.ipynb cell 12/);
  });

  it.each(FIGS)("figure $id: the paper protocol is not the authors' (it keeps today's 1-D network)", ({ id, fig }) => {
    const v = view(id, fig.config(opts("quick", "paper")));
    expect(() => expectAuthors(v, "quick")).toThrow();
    expect(v.inputSize).toBe(1);
    expect(fig.describe(fig.config(opts("quick", "paper")) as never, "quick")).toContain("--protocol paper");
  });

  it("planted bugs are caught: sites without the output, Glorot init, σ = √0.1, M_ref = 64, a 1-D input, 256-wide layers", () => {
    const good = view("2", fig2.config(opts("paper", "authors")));
    expect(() => expectAuthors(good, "paper")).not.toThrow();
    const bugs: Array<Partial<AuthorsView>> = [
      { sites: ["input", "hidden"] },
      { init: "glorot-uniform" },
      { sigma: Math.sqrt(0.1) },
      { mRef: 64 },
      { inputSize: 1 },
      { hidden: [256, 256, 256, 256] },
      { inputJitter: 0 },
      { points: 50 },
    ];
    for (const b of bugs) expect(() => expectAuthors({ ...good, ...b }, "paper"), JSON.stringify(b)).toThrow();
  });

  it("the tiny preset stays tiny under the authors' protocol", () => {
    for (const { id, fig } of FIGS) {
      const v = view(id, fig.config(opts("tiny", "authors")));
      expect(Math.max(...v.hidden), id).toBeLessThanOrEqual(32);
      expect(v.inputSize * v.hidden[0]!, id).toBeLessThanOrEqual(1000);
      expect(v.points, id).toBeLessThanOrEqual(50);
      if (v.mRef !== null) expect(v.mRef, id).toBeLessThanOrEqual(8);
    }
  });
});

describe("authors' protocol: data and network", () => {
  beforeAll(async () => { await tfjsBackend(); });

  it("x = 100 copies of the grid t + N(0, 1) per coordinate; y = 100 identical copies of the sinusoid; phases per seed", () => {
    const d0 = authorsData(200, AUTHORS_NETWORK, 0);
    const d1_ = authorsData(200, AUTHORS_NETWORK, 1);
    expect(d0.inputShape).toEqual([100]);
    expect(d0.targetSize).toBe(100);
    let s = 0, s2 = 0;
    for (let k = 0; k < 200; k++) {
      for (let j = 0; j < 100; j++) {
        const e = d0.x[k * 100 + j]! - k / 200;
        s += e; s2 += e * e;
        expect(d0.y[k * 100 + j]).toBe(d0.y[k * 100]);
      }
    }
    const m = s / 20_000;
    const sd = Math.sqrt(s2 / 20_000 - m * m);
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(20_000));
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    // another repeat: other phases (other targets) and other input noise
    expect(Array.from(d1_.y.subarray(0, 100))).not.toEqual(Array.from(d0.y.subarray(0, 100)));
  });

  it("the network: 100 → 4×512 → 100 with PyTorch-default init (W, b ~ U(±1/√fan_in), biases not zero)", () => {
    const cfg = fig2.config(opts("quick", "authors"));
    const { net, data } = buildSetting(cfg, 0);
    try {
      expect(data.n).toBe(cfg.points);
      const w = net.getWeights();
      const fanIns = [100, 512, 512, 512, 512];
      const fanOuts = [512, 512, 512, 512, 100];
      for (let i = 0; i < 5; i++) {
        const W = w[2 * i]!, b = w[2 * i + 1]!;
        expect(W.length).toBe(fanIns[i]! * fanOuts[i]!);
        expect(b.length).toBe(fanOuts[i]);
        const bound = 1 / Math.sqrt(fanIns[i]!);
        let maxW = 0, maxB = 0;
        for (const v of W) maxW = Math.max(maxW, Math.abs(v));
        for (const v of b) maxB = Math.max(maxB, Math.abs(v));
        expect(maxW).toBeLessThanOrEqual(bound * (1 + 1e-6));
        expect(maxW).toBeGreaterThan(0.99 * bound);
        expect(maxB).toBeGreaterThan(0.9 * bound); // Glorot init would leave every bias at 0
      }
    } finally {
      net.dispose();
    }
  });
});

describe("Fig. 2's statistic of the notebook: standardise(∇W E_L) − standardise(∇W L_clean)", () => {
  it("matches a hand-computed example (torch's unbiased std, then numpy's std; numbers from numpy/scipy 1.17)", () => {
    const gE = [1, 2, 3, 6, -4, 0.5];
    const gC = [0, 1, 0, 3, 2, -1];
    // by hand: mean(gE) = 1.41667, s.d.(ddof 1) = √(Σ(gE − m)²/5); mean(gC) = 0.83333, s.d.(ddof 1) likewise;
    // d = zE − zC has mean 0; divided by √(mean d²)
    const expected = [0.3765471, 0.05476407, 0.89684104, -0.06850805, -2.08804776, 0.82840361];
    const got = theirStatistic(gE, gC);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 7));
    expect(skewness(got)).toBeCloseTo(-1.2934488236936799, 10); // scipy.stats.skew(X, bias=True)
    expect(kurtosis(got)).toBeCloseTo(0.3578534955110837, 10); // scipy.stats.kurtosis(X, bias=True)
  });

  it("is not ∇E_L alone, and does not depend on the scale of either gradient", () => {
    const gE = [1, 2, 3, 6, -4, 0.5];
    const gC = [0, 1, 0, 3, 2, -1];
    const a = theirStatistic(gE, gC);
    const b = theirStatistic(gE.map((v) => 100 * v + 3), gC.map((v) => 0.01 * v - 7));
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 9));
    const alone = standardise(gE, 0);
    expect(Math.max(...alone.map((v, i) => Math.abs(v - a[i]!)))).toBeGreaterThan(0.5);
    // torch's std is the unbiased one: with ddof 0 in the first step the answer differs
    const wrong = standardise(Float64Array.from(standardise(gE, 0).map((v, i) => v - standardise(gC, 1)[i]!)), 0);
    expect(Math.max(...wrong.map((v, i) => Math.abs(v - a[i]!)))).toBeGreaterThan(1e-3);
  });
});

describe("every figure runs at --preset tiny under both protocols", () => {
  const ids = FIGS.map((f) => f.id);
  const runs: Record<Protocol, { out: string; seconds: number; failures: string[] }> = {} as never;

  beforeAll(async () => {
    for (const protocol of ["authors", "paper"] as const) {
      const out = mkdtempSync(join(tmpdir(), `figures-authors-${protocol}-`));
      const t = performance.now();
      const s = await runFigures({ ids, preset: "tiny", protocol, outDir: out, log: () => {} });
      runs[protocol] = { out, seconds: (performance.now() - t) / 1000, failures: s.failures };
    }
  }, 240_000);

  it.each(FIGS.flatMap((f) => (["authors", "paper"] as const).map((protocol) => ({ id: f.id, protocol }))))("figure $id under $protocol", ({ id, protocol }) => {
    expect(runs[protocol].failures).toEqual([]);
    const d = JSON.parse(readFileSync(join(runs[protocol].out, id, "data.json"), "utf8")) as FigureRecord & { protocol: string };
    expect(d.protocol).toBe(protocol);
    expect(["pass", "fail"]).toContain(d.claimCheck.outcome);
    expect(d.whatWeRan).toContain(`Settings under --protocol ${protocol}`);
    if (protocol === "authors") expect(d.whatWeRan).toContain("SkewKurtosisGradients.ipynb cell");
  });

  it("Fig. 2 under authors reports both statistics: ∇E_L decides, theirs is shown", () => {
    const d = JSON.parse(readFileSync(join(runs.authors.out, "2", "data.json"), "utf8"));
    expect(d.data.theirs.length).toBe(4);
    expect(d.data.layers.length).toBe(4); // output layer left out
    expect(Object.keys(d.claimCheck.measured).some((k: string) => k.startsWith("theirs"))).toBe(true);
    expect(d.claimCheck.details).toMatch(/^Decided on ∇E_L alone/);
    const p = JSON.parse(readFileSync(join(runs.paper.out, "2", "data.json"), "utf8"));
    expect(p.data.theirs).toBeUndefined();
    expect(p.data.layers.length).toBe(5);
  });

  it("tiny stays tiny: both protocols together in well under a minute of compute", () => {
    expect(runs.authors.seconds).toBeLessThan(60);
    expect(runs.paper.seconds).toBeLessThan(60);
  });
});
