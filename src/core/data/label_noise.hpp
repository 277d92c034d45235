// Label noise on the training split (LOSSES.md §4). The test split is never passed here: it stays clean,
// so test accuracy always measures the true task.
//
// Conventions (papers differ on each; these are the ones every LossLab number uses):
// * Generator. The noise draws from its own Rng, seeded from `LabelNoiseSettings::seed` (mixed with a fixed
//   salt, so noise seed 1 and model seed 1 are not the same stream). Changing the model, its seed, the
//   optimizer or anything else never changes which labels are flipped; only the noise settings and the clean
//   training set do.
// * "Flipped" means the training label differs from the clean one. Models that may redraw the true class
//   (`uniform`, `matrix`, `instance`) count such a redraw as not flipped, so `realised_rate` is always the
//   fraction of wrong training labels.
// * none       no change.
// * symmetric  with probability η, y → a class drawn uniformly from the K−1 *other* classes; the new label
//              never equals the true one. Realised rate η. T = (1−η)I + η/(K−1)(11ᵀ−I).
// * uniform    with probability η, y → a class drawn uniformly from all K; it may equal the true one
//              (DivideMix 'sym', LDR). Realised rate η(K−1)/K. T = (1−η)I + (η/K)11ᵀ.
// * pair       with probability η, y → (y+1) mod K (Co-teaching pairflip). Realised rate η.
// * matrix     ỹ ~ T[y, ·] for a user K×K row-stochastic T (row = clean class, column = noisy class,
//              row-major). Ignores `rate` and `sampling`. Rows are renormalised by their sum (which
//              check_label_noise has confirmed is 1 ± 1e-6) before sampling.
// * instance   Xia et al. 2020, part-dependent noise, as in the widely copied get_instance_noisy_label:
//              q_i ~ N(η, 0.1²) truncated to [0, 1] (by rejection); W ~ N(0, 1) of shape K×d×K, d = number
//              of features; a = x_iᵀ W_{y_i}; a_{y_i} = −∞; row = q_i·softmax(a); row_{y_i} += 1 − q_i;
//              ỹ ~ row. The draws are all q_i, then W, then one ỹ per sample. Realised rate ≈ E[q] (≈ η
//              away from 0 and 1; truncation pulls it inward near the ends: E[q] ≈ 0.129 at η = 0.1). One
//              exception to the paper: η = 0 gives clean labels, not E[q] = 0.08, so that rate 0 means no
//              noise for every model. Ignores `sampling`.
// * boundary   our own (flip probability rising near the decision boundary): d_i = distance from x_i to the
//              nearest training point of a *different* class, searched among at most 4096 reference points
//              (all of them when N ≤ 4096, otherwise 4096 drawn without replacement by the noise generator,
//              so the cost is O(N·4096·d) at any N; ~0.2 s at N = 100000, d = 2). w_i = exp(−d_i²/(2s²)), s = median of the d_i.
//              π_i = min(1, c·w_i) with c solved exactly ("water-filling": the probability mass the cap at 1
//              removes is redistributed over the uncapped points) so that mean π_i = η. Each point flips
//              independently with probability π_i and takes the class of that nearest other-class point, so
//              the new label never equals the true one. Realised rate ≈ η. If s = 0 (most points sit on a
//              point of another class) w_i is the s → 0 limit, 1 where d_i = 0 and 0 elsewhere; points with
//              no other-class reference (a class missing from the sample, or a one-class set) never flip,
//              and when too few points have w_i > 0 to carry η they all flip with probability 1 and the
//              mean falls short of η. Ignores `sampling`.
// * sampling   (symmetric, uniform, pair only)
//              bernoulli: each sample is picked independently with probability η (Co-teaching, LDR); the
//                         realised rate fluctuates around its expectation.
//              exact:     exactly m_c = llround(η·n_c) (round half away from zero) samples of each class c,
//                         n_c = number of training samples of class c, are picked uniformly without
//                         replacement. SCE/APL flip ⌊ηN/K⌋ per class; for balanced classes with ηN/K whole
//                         the two agree. Picked samples then get the model's new label (for `uniform` this
//                         may still be the true class, so its flip count is m_c·(K−1)/K on average).
// apply_label_noise expects settings that check_label_noise accepts for clean_train.num_classes; for any
// other settings it returns the clean labels with no flips rather than guess (the core does not throw: the
// page is built without exceptions).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"
#include "util/registry.hpp"

namespace losslab {

enum class LabelNoise { none, symmetric, uniform, pair, matrix, instance, boundary };

using LabelNoiseInfo = RegistryEntry<LabelNoise>;

std::span<const LabelNoiseInfo> label_noise_registry();
std::optional<LabelNoise> label_noise_from_name(std::string_view name);
std::string_view label_noise_name(LabelNoise kind);

enum class NoiseSampling { bernoulli, exact };

using NoiseSamplingInfo = RegistryEntry<NoiseSampling>;

std::span<const NoiseSamplingInfo> noise_sampling_registry();  // names "bernoulli", "exact"
std::optional<NoiseSampling> noise_sampling_from_name(std::string_view name);
std::string_view noise_sampling_name(NoiseSampling kind);

struct LabelNoiseSettings {
  LabelNoise kind = LabelNoise::none;
  double rate = 0.2;            // η
  std::vector<double> matrix;   // `matrix` model: K×K transition T[clean][noisy], row-major
  NoiseSampling sampling = NoiseSampling::bernoulli;
  uint64_t seed = 1;            // the noise has its own generator: changing the model or its seed never changes the flips
  bool operator==(const LabelNoiseSettings&) const = default;
};

struct NoisyLabels {
  std::vector<int32_t> labels;   // the training labels the model sees
  std::vector<int32_t> flipped;  // indices i (ascending) where labels[i] != clean label
  double realised_rate = 0;      // flipped.size() / N (0 for an empty set)
};

// nullopt if the settings are usable for `classes` classes; otherwise one sentence that names the config
// field, e.g. "label_noise.matrix: row 2 sums to 0.9; each row must sum to 1 (±1e-6)". `rate` is checked
// for every model (it must be a number in [0, 1]); `matrix` only for the matrix model.
std::optional<std::string> check_label_noise(const LabelNoiseSettings& settings, int classes);

// Applies the noise to a clean training set. Deterministic in (clean_train, settings).
NoisyLabels apply_label_noise(const Dataset& clean_train, const LabelNoiseSettings& settings);

}  // namespace losslab
