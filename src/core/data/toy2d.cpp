#include "data/toy2d.hpp"

#include <array>
#include <cmath>

#include "util/registry.hpp"

namespace losslab {
namespace {

constexpr float kPi = 3.14159265358979f;

constexpr std::array<Toy2dInfo, 5> kRegistry{{
    {Toy2d::blobs, "blobs", "K Gaussian blobs whose centres sit on a circle of radius 2", 0},
    {Toy2d::moons, "moons", "two interleaving half circles", 2},
    {Toy2d::circles, "circles", "a disc of radius 0.8 inside a ring of radius 1.6", 2},
    {Toy2d::spirals, "spirals", "K interleaved spiral arms, 1.25 turns each", 0},
    {Toy2d::xor_, "xor", "the four quadrants of [-2, 2]², labelled by the sign of x·y", 2},
}};

// Clean point of class c (of k) on the manifold of each dataset; t is a uniform draw in [0, 1).
Eigen::Vector2f clean_point(Toy2d kind, int c, int k, Rng& rng) {
  switch (kind) {
    case Toy2d::blobs: {
      const float a = 2.0f * kPi * static_cast<float>(c) / static_cast<float>(k);
      return {2.0f * std::cos(a), 2.0f * std::sin(a)};
    }
    case Toy2d::moons: {  // scikit-learn's make_moons, centred and scaled by 1.5
      const float t = kPi * rng.uniform();
      const Eigen::Vector2f p = c == 0 ? Eigen::Vector2f(std::cos(t), std::sin(t))
                                       : Eigen::Vector2f(1.0f - std::cos(t), 0.5f - std::sin(t));
      return 1.5f * (p - Eigen::Vector2f(0.5f, 0.25f));
    }
    case Toy2d::circles: {
      const float t = 2.0f * kPi * rng.uniform();
      const float r = c == 0 ? 0.8f * std::sqrt(rng.uniform()) : 1.6f;
      return {r * std::cos(t), r * std::sin(t)};
    }
    case Toy2d::spirals: {
      const float r = rng.uniform();
      const float a = 2.0f * kPi * (static_cast<float>(c) / static_cast<float>(k) + 1.25f * r);
      return {2.0f * r * std::cos(a), 2.0f * r * std::sin(a)};
    }
    case Toy2d::xor_: {
      // Quadrant chosen by the class: class 1 where x·y > 0, class 0 where x·y < 0.
      const float sx = rng.uniform() < 0.5f ? -1.0f : 1.0f;
      const float sy = c == 1 ? sx : -sx;
      return {sx * 2.0f * rng.uniform(), sy * 2.0f * rng.uniform()};
    }
  }
  return {0.0f, 0.0f};
}

}  // namespace

std::span<const Toy2dInfo> toy2d_registry() { return kRegistry; }

std::optional<Toy2d> toy2d_from_name(std::string_view name) {
  return kind_from_name(toy2d_registry(), name);
}

const Toy2dInfo& toy2d_info(Toy2d kind) { return info_of(toy2d_registry(), kind); }

int toy2d_classes(Toy2d kind, int requested) {
  const int fixed = toy2d_info(kind).fixed_classes;
  return fixed != 0 ? fixed : requested;
}

Dataset make_toy2d(Toy2d kind, int n, int classes, float noise, Rng& rng) {
  const int k = toy2d_classes(kind, classes);
  Dataset d;
  d.num_classes = k;
  d.x.resize(2, n);
  d.y.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int c = i % k;
    const Eigen::Vector2f p = clean_point(kind, c, k, rng);
    const float nx = rng.normal(), ny = rng.normal();
    d.x(0, i) = p.x() + noise * nx;
    d.x(1, i) = p.y() + noise * ny;
    d.y[static_cast<size_t>(i)] = c;
  }
  return d;
}

Split make_toy2d_split(Toy2d kind, int n_train, int n_test, int classes, float noise, Rng& rng, int n_calib) {
  Split s;
  s.train = make_toy2d(kind, n_train, classes, noise, rng);
  s.test = make_toy2d(kind, n_test, classes, noise, rng);
  // The calibration split has a generator of its own, seeded by one draw whatever its size, so that its
  // size never changes what the run's generator draws next (initial weights, batches).
  Rng calib_rng(rng.next_u64());
  s.calib = make_toy2d(kind, n_calib, classes, noise, calib_rng);
  return s;
}

}  // namespace losslab
