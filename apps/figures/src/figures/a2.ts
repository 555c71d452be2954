/** Fig. A.2: forward-pass noise under multiplicative GNIs is heavier-tailed than Gaussian beyond the input. */
import { aboveBeyondNoise, fmtRep, forwardNoiseFigure, withinBand } from "./forward-noise.js";

export const a2 = forwardNoiseFigure({
  id: "A.2",
  noise: "multiplicative",
  title: "Appendix: activations under multiplicative GNIs have sub-Weibull tails",
  caption: "Figure A.2 (appendix; caption not in the supplied paper text). Referenced in §3: \"For multiplicative-GNIs the noise at each layer, except the input layer which experiences Gaussian noise, behaves with a sub-Weibull tail. We demonstrate this behaviour in Figure A.2 of the Appendix.\"",
  claim: "With multiplicative GNIs the noise at each layer but the input layer has sub-Weibull (heavier than Gaussian) tails.",
  paperScale: "The Figure-2 network with multiplicative GNIs; the appendix settings are not in the supplied text.",
  decide(kurtBySite, t) {
    const inputGaussian = withinBand(kurtBySite[0]!, t);
    const heavy = kurtBySite.slice(1).map((k) => aboveBeyondNoise(k, t));
    return {
      ok: inputGaussian && heavy.every(Boolean),
      why: `Pass requires the input site Gaussian-like (|excess kurtosis| < ${t} beyond replication noise: ${inputGaussian}, ${fmtRep(kurtBySite[0]!)}) and every later site heavier-tailed (excess kurtosis > ${t} beyond replication noise: ${kurtBySite.slice(1).map((k, i) => `site ${i + 1} ${heavy[i]} (${fmtRep(k)})`).join(", ")}).`,
    };
  },
});
