#include "data/label_noise.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <limits>
#include <numeric>

#include "util/rng.hpp"

namespace losslab {
namespace {

constexpr std::array<LabelNoiseInfo, 7> kRegistry{{
    {LabelNoise::none, "none", "clean training labels"},
    {LabelNoise::symmetric, "symmetric", "with probability rate, a uniformly drawn other class (realised rate = rate)"},
    {LabelNoise::uniform, "uniform",
     "with probability rate, a class drawn from all K, possibly the true one (realised rate = rate·(K−1)/K)"},
    {LabelNoise::pair, "pair", "with probability rate, class k becomes k+1 mod K"},
    {LabelNoise::matrix, "matrix", "noisy class drawn from row y of a given K×K transition matrix"},
    {LabelNoise::instance, "instance", "part-dependent noise of Xia et al. 2020: the flip depends on the input"},
    {LabelNoise::boundary, "boundary",
     "flip probability rising near the class boundary; a flipped point takes its nearest other class"},
}};

constexpr std::array<NoiseSamplingInfo, 2> kSamplingRegistry{{
    {NoiseSampling::bernoulli, "bernoulli", "each sample flips independently; the realised rate fluctuates"},
    {NoiseSampling::exact, "exact", "exactly round(rate·n_c) samples of each class c are picked"},
}};

// Distances to other classes are searched among at most this many training points, so the boundary
// model stays O(N) (about 0.2 s at N = 100000 in two dimensions).
constexpr int kMaxReferences = 4096;

// Different from every other consumer of the seed value: noise seed 1 and model seed 1 give unrelated
// streams, so the flips never line up with the weight initialisation.
constexpr uint64_t kSeedSalt = 0x6c6162656c6e6f69ull;  // "labelnoi"

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Uniform in [0, 1) with 53 random bits. Rng::uniform has 24, which would quantise a rate such as 1e-8.
double uniform53(Rng& rng) { return static_cast<double>(rng.next_u64() >> 11) * 0x1.0p-53; }

// Index drawn from a discrete distribution p (entries ≥ 0, sum `total` > 0). The last entry with p > 0
// catches the rounding gap where u·total exceeds the running sum.
int draw_from(const double* p, int k, double total, Rng& rng) {
  const double u = uniform53(rng) * total;
  double cum = 0;
  int last = 0;
  for (int j = 0; j < k; ++j) {
    if (p[j] <= 0) continue;
    cum += p[j];
    last = j;
    if (u < cum) return j;
  }
  return last;
}

// Which samples are picked for symmetric/uniform/pair noise, ascending.
std::vector<int> pick_samples(const Dataset& d, double rate, NoiseSampling sampling, Rng& rng) {
  std::vector<int> picked;
  const int n = d.size();
  if (sampling == NoiseSampling::bernoulli) {
    for (int i = 0; i < n; ++i)
      if (uniform53(rng) < rate) picked.push_back(i);
    return picked;
  }
  std::vector<std::vector<int>> by_class(static_cast<size_t>(d.num_classes));
  for (int i = 0; i < n; ++i) by_class[static_cast<size_t>(d.y[static_cast<size_t>(i)])].push_back(i);
  for (auto& members : by_class) {
    const auto m = static_cast<size_t>(std::llround(rate * static_cast<double>(members.size())));
    // Partial Fisher–Yates: the first m entries become a uniform m-subset.
    for (size_t j = 0; j < m && j + 1 < members.size(); ++j) {
      const size_t r = j + rng.below(static_cast<uint32_t>(members.size() - j));
      std::swap(members[j], members[r]);
    }
    picked.insert(picked.end(), members.begin(), members.begin() + static_cast<std::ptrdiff_t>(m));
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

void class_noise(const Dataset& d, const LabelNoiseSettings& s, std::vector<int32_t>& labels, Rng& rng) {
  const auto k = static_cast<uint32_t>(d.num_classes);
  // Pick all samples first, then draw their new classes, so bernoulli and exact share the target rule.
  for (int i : pick_samples(d, s.rate, s.sampling, rng)) {
    auto& y = labels[static_cast<size_t>(i)];
    const auto c = static_cast<uint32_t>(y);
    switch (s.kind) {
      case LabelNoise::symmetric: y = static_cast<int32_t>((c + 1 + rng.below(k - 1)) % k); break;
      case LabelNoise::uniform: y = static_cast<int32_t>(rng.below(k)); break;
      case LabelNoise::pair: y = static_cast<int32_t>((c + 1) % k); break;
      default: break;
    }
  }
}

void matrix_noise(const Dataset& d, const std::vector<double>& t, std::vector<int32_t>& labels, Rng& rng) {
  const int k = d.num_classes;
  for (auto& y : labels) {
    const double* row = t.data() + static_cast<std::ptrdiff_t>(y) * k;
    double total = 0;
    for (int j = 0; j < k; ++j) total += row[j];
    y = draw_from(row, k, total, rng);
  }
}

void instance_noise(const Dataset& d, double rate, std::vector<int32_t>& labels, Rng& rng) {
  // η = 0 means clean labels, as for every rate-driven model; the truncated N(0, 0.1²) would still average 0.08.
  if (rate <= 0) return;
  const int n = d.size(), k = d.num_classes, f = d.num_features();
  // q_i ~ N(η, 0.1²) truncated to [0, 1], by rejection: at least half the mass lies inside for η ∈ [0, 1].
  std::vector<double> q(static_cast<size_t>(n));
  for (auto& qi : q) {
    do {
      qi = rate + 0.1 * static_cast<double>(rng.normal());
    } while (qi < 0 || qi > 1);
  }
  // W[c] is the d×K block W_c; drawn in the order c, feature, class.
  std::vector<MatD> w(static_cast<size_t>(k), MatD(f, k));
  for (auto& wc : w)
    for (int r = 0; r < f; ++r)
      for (int j = 0; j < k; ++j) wc(r, j) = static_cast<double>(rng.normal());
  VecD a(k), row(k);
  for (int i = 0; i < n; ++i) {
    const int y = labels[static_cast<size_t>(i)];
    a.noalias() = w[static_cast<size_t>(y)].transpose() * d.x.col(i).cast<double>();
    double top = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < k; ++j)
      if (j != y) top = std::max(top, a(j));
    double sum = 0;
    for (int j = 0; j < k; ++j) {
      row(j) = j == y ? 0.0 : std::exp(a(j) - top);  // a_y = −∞ drops the true class from the softmax
      sum += row(j);
    }
    const double qi = q[static_cast<size_t>(i)];
    row *= qi / sum;
    row(y) += 1 - qi;
    labels[static_cast<size_t>(i)] = draw_from(row.data(), k, row.sum(), rng);
  }
}

// c such that mean(min(1, c·w_i)) = rate, with the mass removed by the cap spread over the uncapped points.
// Sorting w descending, if the m largest are capped then c = (rate·N − m) / (sum of the rest); the first
// m for which the (m+1)-th largest stays below the cap is the solution (the mean is monotone in c).
// Infinity when the positive weights cannot carry rate·N between them (they all get probability 1).
double water_fill_scale(std::vector<double> w, double rate) {
  const auto n = w.size();
  std::sort(w.begin(), w.end(), std::greater<>());
  std::vector<double> tail(n + 1, 0.0);  // tail[m] = sum of w[m..n)
  for (size_t m = n; m-- > 0;) tail[m] = tail[m + 1] + w[m];
  const double target = rate * static_cast<double>(n);
  if (target <= 0) return 0;
  for (size_t m = 0; m < n; ++m) {
    // left > 0 here: capping point m−1 required c·w[m−1] > 1, i.e. target − (m−1) > tail[m−1]/w[m−1] ≥ 1.
    const double left = target - static_cast<double>(m);
    if (tail[m] <= 0) break;
    const double c = left / tail[m];
    if (c * w[m] <= 1) return c;
  }
  return std::numeric_limits<double>::infinity();
}

void boundary_noise(const Dataset& d, double rate, std::vector<int32_t>& labels, Rng& rng) {
  const int n = d.size(), f = d.num_features();
  if (n == 0 || rate <= 0) return;

  // Reference points, grouped by class so each class's references are one contiguous range.
  std::vector<int> refs(static_cast<size_t>(n));
  std::iota(refs.begin(), refs.end(), 0);
  if (n > kMaxReferences) {
    for (size_t j = 0; j < static_cast<size_t>(kMaxReferences); ++j) {
      const size_t r = j + rng.below(static_cast<uint32_t>(refs.size() - j));
      std::swap(refs[j], refs[r]);
    }
    refs.resize(static_cast<size_t>(kMaxReferences));
  }
  const auto& y = d.y;
  std::sort(refs.begin(), refs.end(), [&](int a, int b) {
    const auto ya = y[static_cast<size_t>(a)], yb = y[static_cast<size_t>(b)];
    return ya != yb ? ya < yb : a < b;
  });
  const int m = static_cast<int>(refs.size());
  std::vector<int> begin(static_cast<size_t>(d.num_classes) + 1, 0);
  for (int r : refs) begin[static_cast<size_t>(y[static_cast<size_t>(r)]) + 1]++;
  for (size_t c = 1; c < begin.size(); ++c) begin[c] += begin[c - 1];
  // One contiguous array per feature, so the distance loop below runs over unit-stride memory.
  std::vector<std::vector<float>> coord(static_cast<size_t>(f), std::vector<float>(static_cast<size_t>(m)));
  for (int j = 0; j < m; ++j)
    for (int r = 0; r < f; ++r) coord[static_cast<size_t>(r)][static_cast<size_t>(j)] = d.x(r, refs[static_cast<size_t>(j)]);

  std::vector<float> d2(static_cast<size_t>(m));
  std::vector<double> dist(static_cast<size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<int32_t> nearest_class(static_cast<size_t>(n), -1);
  for (int i = 0; i < n; ++i) {
    const auto own = y[static_cast<size_t>(i)];
    float* out = d2.data();
    for (int r = 0; r < f; ++r) {
      const float xr = d.x(r, i);
      const float* p = coord[static_cast<size_t>(r)].data();
      if (r == 0)
        for (int j = 0; j < m; ++j) out[j] = (p[j] - xr) * (p[j] - xr);
      else
        for (int j = 0; j < m; ++j) out[j] += (p[j] - xr) * (p[j] - xr);
    }
    // The nearest point of each other class is a plain min over its range; the
    // nearest of those gives the class, so no index search is needed. Ties go to the lower class.
    float best = std::numeric_limits<float>::infinity();
    for (int32_t c = 0; c < d.num_classes; ++c) {
      if (c == own) continue;
      const int from = begin[static_cast<size_t>(c)], count = begin[static_cast<size_t>(c) + 1] - from;
      if (count == 0) continue;
      // Eigen's reduction uses SIMD min; GCC leaves a scalar `a < b ? a : b` loop unvectorised.
      const float class_best = Eigen::Map<const Eigen::VectorXf>(out + from, count).minCoeff();
      if (class_best < best) {
        best = class_best;
        nearest_class[static_cast<size_t>(i)] = c;
      }
    }
    // Stays infinite with no reference of another class (or non-finite inputs): such a point never flips.
    if (nearest_class[static_cast<size_t>(i)] >= 0) dist[static_cast<size_t>(i)] = std::sqrt(static_cast<double>(best));
  }

  std::vector<double> finite;
  for (double v : dist)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return;
  const size_t half = finite.size() / 2;
  std::nth_element(finite.begin(), finite.begin() + static_cast<std::ptrdiff_t>(half), finite.end());
  double s = finite[half];
  if (finite.size() % 2 == 0) {
    const double below = *std::max_element(finite.begin(), finite.begin() + static_cast<std::ptrdiff_t>(half));
    s = 0.5 * (s + below);
  }
  std::vector<double> w(static_cast<size_t>(n), 0.0);
  for (size_t i = 0; i < w.size(); ++i) {
    if (!std::isfinite(dist[i])) continue;
    w[i] = s > 0 ? std::exp(-dist[i] * dist[i] / (2 * s * s)) : (dist[i] == 0 ? 1.0 : 0.0);
  }
  const double scale = water_fill_scale(w, rate);
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] <= 0) continue;
    const double p = std::min(1.0, scale * w[i]);
    if (uniform53(rng) < p) labels[i] = nearest_class[i];
  }
}

}  // namespace

std::span<const LabelNoiseInfo> label_noise_registry() { return kRegistry; }

std::optional<LabelNoise> label_noise_from_name(std::string_view name) {
  return kind_from_name(label_noise_registry(), name);
}

std::string_view label_noise_name(LabelNoise kind) { return info_of(label_noise_registry(), kind).name; }

std::span<const NoiseSamplingInfo> noise_sampling_registry() { return kSamplingRegistry; }

std::optional<NoiseSampling> noise_sampling_from_name(std::string_view name) {
  return kind_from_name(noise_sampling_registry(), name);
}

std::string_view noise_sampling_name(NoiseSampling kind) { return info_of(noise_sampling_registry(), kind).name; }

std::optional<std::string> check_label_noise(const LabelNoiseSettings& settings, int classes) {
  if (!(settings.rate >= 0 && settings.rate <= 1))  // also rejects NaN
    return "label_noise.rate: " + number(settings.rate) + " is outside [0, 1]";
  if (settings.kind == LabelNoise::none) return std::nullopt;
  if (classes < 2)
    return "label_noise: " + std::string(label_noise_name(settings.kind)) +
           " noise needs at least 2 classes; the dataset has " + std::to_string(classes);
  if (settings.kind != LabelNoise::matrix) return std::nullopt;

  const auto& t = settings.matrix;
  const auto k = static_cast<size_t>(classes);
  if (t.size() != k * k)
    return "label_noise.matrix: has " + std::to_string(t.size()) + " entries; a " + std::to_string(k) +
           "-class transition matrix needs " + std::to_string(k * k) + " (" + std::to_string(k) + "×" +
           std::to_string(k) + ", row-major)";
  for (size_t r = 0; r < k; ++r)
    for (size_t c = 0; c < k; ++c) {
      const double v = t[r * k + c];
      if (!(v >= 0 && v <= 1))
        return "label_noise.matrix: entry " + number(v) + " at row " + std::to_string(r) + ", column " +
               std::to_string(c) + " is outside [0, 1]";
    }
  for (size_t r = 0; r < k; ++r) {
    double sum = 0;
    for (size_t c = 0; c < k; ++c) sum += t[r * k + c];
    if (std::abs(sum - 1) > 1e-6)
      return "label_noise.matrix: row " + std::to_string(r) + " sums to " + number(sum) +
             "; each row must sum to 1 (±1e-6)";
  }
  return std::nullopt;
}

NoisyLabels apply_label_noise(const Dataset& clean_train, const LabelNoiseSettings& settings) {
  NoisyLabels out;
  out.labels = clean_train.y;
  if (settings.kind == LabelNoise::none || check_label_noise(settings, clean_train.num_classes)) return out;

  Rng rng(settings.seed ^ kSeedSalt);
  switch (settings.kind) {
    case LabelNoise::none: break;
    case LabelNoise::symmetric:
    case LabelNoise::uniform:
    case LabelNoise::pair: class_noise(clean_train, settings, out.labels, rng); break;
    case LabelNoise::matrix: matrix_noise(clean_train, settings.matrix, out.labels, rng); break;
    case LabelNoise::instance: instance_noise(clean_train, settings.rate, out.labels, rng); break;
    case LabelNoise::boundary: boundary_noise(clean_train, settings.rate, out.labels, rng); break;
  }

  for (size_t i = 0; i < out.labels.size(); ++i)
    if (out.labels[i] != clean_train.y[i]) out.flipped.push_back(static_cast<int32_t>(i));
  if (!out.labels.empty())
    out.realised_rate = static_cast<double>(out.flipped.size()) / static_cast<double>(out.labels.size());
  return out;
}

}  // namespace losslab
