/**
 * What the paper's published figures did to their numbers, read from the authors' notebooks
 * (alexander-camuto/asym-heavy-tails-bias-GNI, `playground/*.ipynb`, notebooks of 2021-06-06; cells counted from 0,
 * markdown cells included). We never reproduce these; the report lists them per figure under
 * "What the paper's figure did that this one does not". See notes/authors-code.md.
 */

export interface PaperFigureManipulation {
  /** What the published figure did, in one sentence. */
  what: string;
  /** Notebook and cell. */
  source: string;
}

const SINUSOID_NB = "InjectingStableNoise.ipynb";
const MARGINAL_NB = "ImplicitEffectMarginal.ipynb";
const SKEW_NB = "SkewKurtosisGradients.ipynb";

const SHADING = (nb: string, cells: string): PaperFigureManipulation => ({
  what: "The shading is seaborn lineplot's default 95% bootstrap confidence interval of the mean (no `ci=`/`errorbar=` argument is passed), but the caption calls it the standard deviation over 5 random seeds.",
  source: `${nb}, ${cells}`,
});

/** Per figure id; a figure absent from this table has none that we know of (see AUDITED). */
export const PAPER_FIGURE_MANIPULATIONS: Readonly<Record<string, readonly PaperFigureManipulation[]>> = {
  "2": [
    { what: "The 2×2 panel prints 3·|skew| as 'skew' (and |kurtosis| as 'kurt'): the printed skewness is three times the measured one, sign dropped.", source: `${SKEW_NB}, cell 7 (train_model: plot_tails_formatted(X, params, 3*np.abs(b), np.abs(k), …))` },
    { what: "The half-normal and half-Cauchy fits are compared by eye on a log-density histogram; no test or likelihood comparison is made.", source: `${SKEW_NB}, cell 7 (plot_tails_formatted)` },
  ],
  "A.1": [
    { what: "The input-layer panel shows fresh standard-normal draws (np.random.randn of the input's shape), not the noise the network received.", source: `${SKEW_NB}, cell 7 (for an in [np.random.randn(*accumulated_noise[0].shape)] + accumulated_noise[1:-1])` },
    { what: "The skewness printed in every panel is 0.01·randn(), a random number, not a measured skewness.", source: `${SKEW_NB}, cell 7 (plot_tails_formatted(X, params, 0.01*np.random.randn(), k, …))` },
  ],
  "A.2": [
    { what: "The notebook has no multiplicative run cell (cell 20 runs additive noise only; cells 21–23 are empty), so the published multiplicative panels come from code that is not in the repository.", source: `${SKEW_NB}, cells 20–23` },
    { what: "The input-layer panel shows fresh standard-normal draws (np.random.randn of the input's shape), not the noise the network received.", source: `${SKEW_NB}, cell 7 (forward-tails loop)` },
    { what: "The skewness printed in every panel is 0.01·randn(), a random number, not a measured skewness.", source: `${SKEW_NB}, cell 7 (plot_tails_formatted(X, params, 0.01*np.random.randn(), k, …))` },
  ],
  "A.3": [
    { what: "The notebook has no multiplicative run cell (cell 20 runs additive noise only; cells 21–23 are empty), so the published multiplicative panels come from code that is not in the repository.", source: `${SKEW_NB}, cells 20–23` },
    { what: "As in Figure 2, the panel prints 3·|skew| as 'skew'.", source: `${SKEW_NB}, cell 7` },
  ],
  "4": [
    { what: "Additive panel: the S_α-replacement curve is drawn at loss − 0.05 and the Gaussian-replacement curve at loss + 0.1 (constant offsets).", source: `${SINUSOID_NB}, cell 37` },
    { what: "Multiplicative panel: the series labelled 'M=16, S_α' is the M = 1 run (mult_eq_amp_frames_noise) and the series labelled 'M=16, N' is the plain M = 16 run (mult_eq_amp_frames_exp_reg); the S_α- and Gaussian-replacement runs are loaded and never plotted.", source: `${SINUSOID_NB}, cells 38–39` },
    { what: "The additive S_α runs are pickled from add_eq_amp_frames_alpha_inject_copy, a variable no cell defines, so the plotted pickle was not written by the committed code.", source: `${SINUSOID_NB}, cell 27` },
    { what: "The Gaussian-replacement path cannot run as committed (fmin_l_bfgs_b gets a start of length 3 and two bounds when α is fixed), so its curves come from code that is not in the repository.", source: `${SINUSOID_NB}, cells 7 (fit_levy_custom) and 20, 28` },
    SHADING(SINUSOID_NB, "cells 37 and 39"),
  ],
  "5": [
    { what: "MNIST panel: constant offsets are added to the curves, +1.2, +1.2, −0.5, −0.5, −0.6 for M = 1, 2, 4, 8, 16, and their step-0 values are overwritten with 19.2, 19.1, 19.3, 19.3, 19.4.", source: `${MARGINAL_NB}, cell 31` },
    { what: "Sinusoid panel: the plot reads *_new.pickle files that no cell writes; the committed run cells write *_mult.pickle from multiplicative σ = 0.1 runs with 4 repeats, while the caption says additive GNIs over 5 seeds.", source: `${MARGINAL_NB}, cells 17–22` },
    { what: "The MNIST loader cannot run as committed (x, y = tf.keras.datasets.mnist.load_data(…) binds two (images, labels) tuples, then x.shape is read), so the published MNIST curves come from code that is not in the repository.", source: `${MARGINAL_NB}, cell 14` },
    SHADING(MARGINAL_NB, "cells 23 and 31"),
  ],
};

/** Figures whose published plotting code we have read; for the others (Figs 7, 8, A.4: no plotting code published) we cannot say. */
export const AUDITED: ReadonlySet<string> = new Set(["2", "4", "5", "A.1", "A.2", "A.3"]);

/** The entries for one figure (empty when none, or when the figure is ours or its code was not published). */
export function paperFigureManipulations(id: string): PaperFigureManipulation[] {
  return [...(PAPER_FIGURE_MANIPULATIONS[id] ?? [])];
}
