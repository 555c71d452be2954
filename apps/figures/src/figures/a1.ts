/** Fig. A.1: forward-pass noise under additive GNIs is Gaussian-like. */
import { fmtRep, forwardNoiseFigure, withinBand } from "./forward-noise.js";

export const a1 = forwardNoiseFigure({
  id: "A.1",
  noise: "additive",
  title: "Appendix: activations under additive GNIs experience Gaussian-like noise",
  caption: "Figure A.1 (appendix; caption not in the supplied paper text). Referenced in §3: \"See Figure A.1 of the Appendix for a demonstration that the activations experience Gaussian-like noise for additive-GNIs.\"",
  claim: "With additive GNIs the noise on the activations of each layer is Gaussian-like (sub-Gaussian tails, Lemma 3.1).",
  paperScale: "The Figure-2 network with additive GNIs; the appendix settings are not in the supplied text.",
  decide(kurtBySite, t) {
    const bad = kurtBySite.map((k, i) => [i, k] as const).filter(([, k]) => !withinBand(k, t));
    return {
      ok: bad.length === 0,
      why: `Pass requires |excess kurtosis| < ${t} beyond replication noise at every site (Gaussian-like); ${bad.length === 0 ? "it holds everywhere." : `it fails at site(s) ${bad.map(([i, k]) => `${i} (${fmtRep(k)})`).join(", ")}.`}`,
    };
  },
});
