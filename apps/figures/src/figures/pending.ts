/**
 * The figures that need neural networks (@heavytails/gni): listed, reported as 'not run', never
 * faked. Each becomes an ImplementedFigure in its own file (src/figures/fig<id>.ts) and replaces
 * its entry here in src/registry.ts.
 */
import type { PendingFigure } from "../figure.js";

const NEEDS_GNI = "not yet implemented: needs @heavytails/gni (networks with noise injections), which is being written.";
const NEEDS_DATA = " SVHN / CIFAR-10 panels will run only with --data-dir (files as described in the README), else 'not run' with instructions, plus an MNIST stand-in clearly labelled.";

export const PENDING: PendingFigure[] = [
  {
    id: "2", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Skewness/kurtosis and tails of gradient noise at initialisation (4×256 MLP, additive GNIs, sinusoids)",
    caption: "Figure 2. We measure the skewness and kurtosis at initialisation of the gradients noise accrued on networks weights during the backward pass for additive-GNIs. The model is a 4-layer-256-unit-wide MLP trained to regress λ(x) = Σ_i sin(2π q_i x + φ(i)) with q_i ∈ (5, 10, …, 45, 50), x ∈ ℝ. We plot the probability density function (p.d.f.) of positive samples, comparing against half-normal and half-Cauchy distributions. Each blue point represents the mean gradient noise over the entire dataset D of an individual weight in a layer i. This gradient noise is skewed and heavy-tailed, with a p.d.f. that is more Cauchy-like than Gaussian.",
    claim: "The implicit-effect gradient noise of additive GNIs is skewed and heavy-tailed: its positive part is more Cauchy-like than Gaussian.",
  },
  {
    id: "4", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Training loss with implicit-effect gradients replaced by fitted S_α or Gaussian draws (M = 1 vs 16)",
    caption: "Figure 4. We train the networks in Figure 2 on L_M (4.5) for the sinusoidal toy-data with additive GNIs [left] and multiplicative GNIs [right]. We fit univariate S_α and univariate N via maximum likelihood (Nolan, 2001) to ∇E_L(·) for M=1 models at each training step. We add draws from these distributions to the gradients of M=16 models and plot the training loss (L_train). Shading is the standard deviation over 5 random seeds.",
    claim: "M = 16 models with Gaussian gradient noise outperform M = 1 models, while S_α gradient noise degrades them like the implicit effect does.",
  },
  {
    id: "5", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Training loss against the number M of noise samples (sinusoids additive, MNIST multiplicative)",
    caption: "Figure 5. We train the networks in Figure 2 on L̃_M (4.5) for the sinusoidal toy-data with additive GNIs [left] and MNIST with multiplicative GNIs [right]. We plot the training loss (L_train). Shading is the standard deviation over 5 random seeds.",
    claim: "Training loss improves gradually as M increases: the implicit effect degrades performance.",
  },
  {
    id: "7", origin: "paper", implemented: false, reason: NEEDS_GNI + NEEDS_DATA,
    title: "Test loss on SVHN and CIFAR-10: explicit regulariser vs GNIs vs baseline (CONV and MLP)",
    caption: "Figure 7. We show the test-set loss for SVHN [bottom] and CIFAR10 [top], for 2-layer convolutional (CONV) and 4-layer MLPs with 512 units per layer trained with the explicit regulariser approximation R(·) of Camuto et al. (2020) (Exp Reg), with additive-GNIs (σ²=0.1) (Noise), and no regularisation (Baseline).",
    claim: "Convolutional networks trained with the explicit regulariser R outperform those trained with GNIs and mini-batching on held-out data.",
  },
  {
    id: "8", origin: "paper", implemented: false, reason: NEEDS_GNI + NEEDS_DATA,
    title: "SVHN test loss against M for multiplicative GNIs of variance σ², and fitted S_α parameters",
    caption: "Figure 8. [first row] We train 2-dense-layer-256-unit-per-layer ELU networks on the objective (1/M)Σ_m L̃(B; w, ε_m) with a cross-entropy loss (see Appendix B) for SVHN. We use multiplicative noise of variance σ² and batch size of 512. We plot the test-set loss (L_test). [second row] We fit univariate S_α via maximum likelihood (Nolan, 2001) to ∇E_L(·) and show KDE plots of parameters' estimates.",
    claim: "As σ² grows the gradient noise gets heavier-tailed and more skewed (α falls, |θ| rises), and larger-M models begin to outperform smaller-M ones on held-out data.",
  },
  {
    id: "A.1", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Appendix: activations under additive GNIs experience Gaussian-like noise",
    caption: "Figure A.1 (appendix; caption not in the supplied paper text). Referenced in §3: \"See Figure A.1 of the Appendix for a demonstration that the activations experience Gaussian-like noise for additive-GNIs.\"",
    claim: "With additive GNIs the noise on the activations of each layer is Gaussian-like (sub-Gaussian tails, Lemma 3.1).",
  },
  {
    id: "A.2", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Appendix: activations under multiplicative GNIs have sub-Weibull tails",
    caption: "Figure A.2 (appendix; caption not in the supplied paper text). Referenced in §3: \"For multiplicative-GNIs the noise at each layer, except the input layer which experiences Gaussian noise, behaves with a sub-Weibull tail. We demonstrate this behaviour in Figure A.2 of the Appendix.\"",
    claim: "With multiplicative GNIs the noise at each layer but the input layer has sub-Weibull (heavier than Gaussian) tails.",
  },
  {
    id: "A.3", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Appendix: Figure 2 for multiplicative GNIs",
    caption: "Figure A.3 (appendix; caption not in the supplied paper text). Referenced in §3: \"We show these results for multiplicative-GNIs in Figure A.3 of the Appendix. In this setting as well, the backward pass experiences heavy-tailed noise from GNIs.\"",
    claim: "With multiplicative GNIs, too, the backward pass experiences skewed heavy-tailed gradient noise.",
  },
  {
    id: "A.4", origin: "paper", implemented: false, reason: NEEDS_GNI,
    title: "Appendix: implicit-effect gradient noise modelled by univariate S_α (fitted α < 2, |θ| > 0)",
    caption: "Figure A.4 (appendix; caption not in the supplied paper text). Referenced in §4: \"in Figure A.4 of the Appendix we model ∇E_L(·) as being drawn from a univariate S_α. The equivalent S_α distributions are skewed (|θ|>0) and heavy-tailed (α < 2).\"",
    claim: "S_α fitted to the implicit-effect gradients are skewed (|θ| > 0) and heavy-tailed (α < 2).",
  },
];
