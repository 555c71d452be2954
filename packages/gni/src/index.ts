/**
 * @heavytails/gni — Gaussian noise injections (GNIs) in TensorFlow.js networks,
 * after Camuto et al., "Asymmetric Heavy Tails and Implicit Bias in Gaussian
 * Noise Injections" (ICML 2021). Entry file: re-exports names explicitly.
 */
export { selectBackend, currentBackend, BACKEND_MODULES } from "./backend.js";
export type { BackendName, BackendInfo, BackendAttempt, SelectBackendOptions } from "./backend.js";
export { ACTIVATIONS } from "./activations.js";
export type { Activation } from "./activations.js";
export { dense, defaultMatmulGradient } from "./dense.js";
export type { MatmulGradient } from "./dense.js";
export { createMlp, createCnn, mlpFromWeights, exportWeights, INIT_SCHEMES } from "./network.js";
export type { Network, LayerParams, MlpOptions, CnnOptions, InitScheme, InitialWeights, NetworkWeights, LayerWeights } from "./network.js";
export { resolveSigmas, NOISE_TYPES, NOISE_SITES, DEFAULT_NOISE_SITES } from "./noise.js";
export type { NoiseConfig, NoiseType, NoiseSite } from "./noise.js";
export { LOSSES } from "./loss.js";
export type { LossName } from "./loss.js";
export { oneHot, sliceDataset, selectExamples } from "./dataset.js";
export type { Dataset } from "./dataset.js";
export type { RandomSource } from "./forward.js";
export { objective, objectiveGradients, evaluateLoss, MAX_NOISE_SAMPLES } from "./objective.js";
export { MAX_REPLICATED_VALUES } from "./forward.js";
export type { ObjectiveOptions, ObjectiveResult, GradientResult } from "./objective.js";
export { createTrainer, train, GRADIENT_NOISE_PROTOCOLS } from "./train.js";
export type { TrainOptions, Trainer, StepInfo, TrainResult, LayerFit, GradientNoiseReplacement } from "./train.js";
export { fitNoiseLaw, sampleNoiseLaw, MIN_FIT_SAMPLES } from "./noise-law.js";
export type { NoiseLaw, NoiseLawOptions } from "./noise-law.js";
export { implicitGradientNoise } from "./implicit-gradient-noise.js";
export type { ImplicitNoiseOptions, ImplicitNoiseResult, LayerGradientNoise } from "./implicit-gradient-noise.js";
export { accumulatedNoise } from "./accumulated-noise.js";
export type { AccumulatedNoiseOptions, AccumulatedNoiseResult, SiteNoise } from "./accumulated-noise.js";
export { explicitRegularizerMC, explicitRegularizer } from "./explicit-regularizer.js";
export type { ExplicitMcOptions, ExplicitMcResult, ExplicitRegularizerOptions, ExplicitRegularizerResult } from "./explicit-regularizer.js";
export { sinusoids, SINUSOID_FREQUENCIES } from "./sinusoids.js";
export type { SinusoidOptions, SinusoidData } from "./sinusoids.js";
export { loadMnist, MNIST_SIZE } from "./mnist.js";
export type { MnistOptions } from "./mnist.js";
export { loadCifar10, loadSvhn, imageDatasetMissing, CIFAR10_SOURCE, SVHN_SOURCE, CIFAR10_MAX_IMAGES, CIFAR10_RECORDS_PER_FILE, SVHN_MAX_IMAGES, SVHN_MAX_BYTES } from "./image-datasets.js";
export type { ImageLoadOptions } from "./image-datasets.js";
export { readMatV5, MAT_DEFAULT_MAX_BYTES, MAT_MAX_BYTES_LIMIT } from "./mat-v5.js";
export type { MatVariable, MatTypedArray, ReadMatOptions } from "./mat-v5.js";
