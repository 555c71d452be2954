/**
 * The network figures not implemented yet: listed, reported as 'not run', never
 * faked. Each becomes an ImplementedFigure in its own file (src/figures/fig<id>.ts) and replaces
 * its entry here in src/registry.ts.
 */
import type { PendingFigure } from "../figure.js";

const NEEDS_GNI = "not yet implemented in apps/figures (issue #5): needs @heavytails/gni training on SVHN / CIFAR-10 (and the CNN), still to be written.";
const NEEDS_DATA = " SVHN / CIFAR-10 panels will run only with --data-dir (files as described in the README), else 'not run' with instructions, plus an MNIST stand-in clearly labelled.";

export const PENDING: PendingFigure[] = [
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
];
