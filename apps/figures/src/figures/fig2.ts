/** Fig. 2: implicit-effect gradient noise at initialisation, additive GNIs. */
import { gradientNoiseFigure } from "./gradient-noise.js";

export const fig2 = gradientNoiseFigure({
  id: "2",
  noise: "additive",
  title: "Skewness/kurtosis and tails of gradient noise at initialisation (additive GNIs, sinusoids; paper: 1 → 4×256 → 1, authors: 100 → 4×512 → 100)",
  caption: "Figure 2. We measure the skewness and kurtosis at initialisation of the gradients noise accrued on networks weights during the backward pass for additive-GNIs. The model is a 4-layer-256-unit-wide MLP trained to regress λ(x) = Σ_i sin(2π q_i x + φ(i)) with q_i ∈ (5, 10, …, 45, 50), x ∈ ℝ. We plot the probability density function (p.d.f.) of positive samples, comparing against half-normal and half-Cauchy distributions. Each blue point represents the mean gradient noise over the entire dataset D of an individual weight in a layer i. This gradient noise is skewed and heavy-tailed, with a p.d.f. that is more Cauchy-like than Gaussian.",
  claim: "The implicit-effect gradient noise of additive GNIs is skewed and heavy-tailed: its positive part is more Cauchy-like than Gaussian.",
  paperScale: "One 4-layer 256-unit MLP at initialisation, sinusoids (qᵢ = 5…50), additive GNIs (σ not stated in the supplied text), ∇E_L over the whole data set with a Monte-Carlo expectation (M not stated).",
});
