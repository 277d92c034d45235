#include "train/presets.hpp"

namespace losslab {
namespace {

RunConfig toy(DatasetKind dataset, int classes, float noise, float lr, int64_t steps) {
  RunConfig c;
  c.dataset = dataset;
  c.classes = classes;
  c.noise = noise;
  c.lr = lr;
  c.steps = steps;
  return c;
}

const std::vector<Preset>& table() {
  static const std::vector<Preset> list = {
      {"spirals", "Spirals", "Three interleaved spiral arms: the MLP bends its boundary around each arm.",
       toy(DatasetKind::spirals, 3, 0.05f, 0.01f, 3000)},
      {"moons", "Moons", "Two half circles: a gently curved boundary is enough.",
       toy(DatasetKind::moons, 2, 0.15f, 0.01f, 1500)},
      {"circles", "Circles", "A disc inside a ring: the boundary must close on itself.",
       toy(DatasetKind::circles, 2, 0.15f, 0.01f, 1500)},
      {"xor", "XOR", "Four quadrants: no single line separates them; one hidden layer does.",
       toy(DatasetKind::xor_, 2, 0.1f, 0.01f, 1500)},
      {"blobs", "Blobs", "Five Gaussian blobs that overlap: the best boundary still errs.",
       toy(DatasetKind::blobs, 5, 0.6f, 0.01f, 1500)},
  };
  return list;
}

}  // namespace

std::span<const Preset> presets() { return table(); }

const Preset* find_preset(std::string_view name) {
  for (const Preset& p : table())
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string_view> preset_names() {
  std::vector<std::string_view> names;
  for (const Preset& p : table()) names.push_back(p.name);
  return names;
}

}  // namespace losslab
