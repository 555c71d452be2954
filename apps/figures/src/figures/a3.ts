/** Fig. A.3: Figure 2 for multiplicative GNIs. */
import { gradientNoiseFigure } from "./gradient-noise.js";

export const a3 = gradientNoiseFigure({
  id: "A.3",
  noise: "multiplicative",
  title: "Appendix: Figure 2 for multiplicative GNIs",
  caption: "Figure A.3 (appendix; caption not in the supplied paper text). Referenced in §3: \"We show these results for multiplicative-GNIs in Figure A.3 of the Appendix. In this setting as well, the backward pass experiences heavy-tailed noise from GNIs.\"",
  claim: "With multiplicative GNIs, too, the backward pass experiences skewed heavy-tailed gradient noise.",
  paperScale: "As Figure 2 with multiplicative GNIs ε ~ N(1, σ²) (σ not stated in the supplied text).",
});
