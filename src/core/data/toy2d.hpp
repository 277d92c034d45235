// The 2-D toy datasets: blobs, moons, circles, spirals, xor.
// Each draws a clean point on its class's manifold and adds isotropic Gaussian noise of std `noise`
// (data units; the clean data spans roughly [-2, 2]²). Labels are balanced exactly: sample i has class i mod K.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "data/dataset.hpp"
#include "util/rng.hpp"

namespace losslab {

enum class Toy2d { blobs, moons, circles, spirals, xor_ };

struct Toy2dInfo {
  Toy2d kind;
  std::string_view name;         // stable key: config value, URL value, CLI name
  std::string_view description;  // one line for tooltips and `losslab list`
  int fixed_classes;             // 0: the class count is configurable; otherwise always this many
};

std::span<const Toy2dInfo> toy2d_registry();
std::optional<Toy2d> toy2d_from_name(std::string_view name);
const Toy2dInfo& toy2d_info(Toy2d kind);

// Number of classes a dataset of this kind has when `requested` classes are asked for.
int toy2d_classes(Toy2d kind, int requested);

// n samples with balanced labels.
Dataset make_toy2d(Toy2d kind, int n, int classes, float noise, Rng& rng);

// Train, test and calibration sets drawn independently from the same distribution, each exactly
// balanced. The calibration set comes from a generator seeded by one draw of `rng`, so n_calib does not
// change what `rng` yields afterwards.
Split make_toy2d_split(Toy2d kind, int n_train, int n_test, int classes, float noise, Rng& rng, int n_calib = 0);

}  // namespace losslab
