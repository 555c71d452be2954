/** Fig. A.2: forward-pass noise under multiplicative GNIs is heavier-tailed than Gaussian beyond the input. */
import { forwardNoiseFigure } from "./forward-noise.js";

export const a2 = forwardNoiseFigure({
  id: "A.2",
  noise: "multiplicative",
  title: "Appendix: activations under multiplicative GNIs have sub-Weibull tails",
  caption: "Figure A.2 (appendix; caption not in the supplied paper text). Referenced in §3: \"For multiplicative-GNIs the noise at each layer, except the input layer which experiences Gaussian noise, behaves with a sub-Weibull tail. We demonstrate this behaviour in Figure A.2 of the Appendix.\"",
  claim: "With multiplicative GNIs the noise at each layer but the input layer has sub-Weibull (heavier than Gaussian) tails.",
  paperScale: "The Figure-2 network with multiplicative GNIs; the appendix settings are not in the supplied text.",
  decide(kurt, t) {
    const inputGaussian = Math.abs(kurt[0]!) < t;
    const heavy = kurt.slice(1).every((k) => k > t);
    return {
      ok: inputGaussian && heavy,
      why: `Pass requires the input site Gaussian-like (|excess kurtosis| < ${t}: ${inputGaussian}, ${kurt[0]!.toFixed(2)}) and every later site heavier-tailed (excess kurtosis > ${t}: ${heavy}; ${kurt.slice(1).map((k) => k.toFixed(2)).join(", ")}).`,
    };
  },
});
