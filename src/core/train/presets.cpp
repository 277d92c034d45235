#include "train/presets.hpp"

#include "train/phenomena/phenomena.hpp"

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

// Exponent 3 keeps most of the chain's mass on the few hundred states of its cycles, so the model learns
// within minutes even at V = 65,536 (at 1.1 every state is rare and nothing is learned in a short run).
}  // namespace

RunConfig token_language_config(int vocab, double exponent, int embed, float lr, int64_t steps) {
  RunConfig c;
  c.dataset = DatasetKind::zipf_markov;
  c.vocab = vocab;
  c.zipf_exponent = exponent;
  c.embed_dim = embed;
  c.hidden = {128};
  c.n_train = 200000;
  c.n_test = 512;
  c.batch_size = 64;
  c.lr = lr;
  c.steps = steps;
  c.eval_every = 50;
  return c;
}

RunConfig ten_class_mixture_config(float noise, int n_train, int n_test, std::string_view loss) {
  RunConfig c;
  c.dataset = DatasetKind::gaussian_mixture;
  c.classes = 10;
  c.dimension = 64;
  c.mean_norm = 2.0f;
  c.noise = noise;
  c.n_train = n_train;
  c.n_test = n_test;
  c.n_calib = 0;
  c.hidden = {128, 128};
  c.loss = std::string(loss);
  c.loss_params = default_loss_params(*find_loss(loss));
  return c;
}

namespace {

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
      {"token-lm-64k", "Token LM, 65,536 tokens",
       "A token language model (an embedding, an MLP and a fused cross-entropy head) on a Zipf-Markov language of 65,536 "
       "tokens. The naive head would hold batch × 65,536 logits and their gradient; the fused head never forms "
       "them (on WebGPU in the page, else the CPU's blockwise kernel). The loss falls from log V = 11.09 toward the "
       "language's entropy rate, the dashed floor.",
       token_language_config(65536, 3.0, 32, 0.01f, 3000)},
  };
  return list;
}

// The toys and the token model, then the phenomena, each file's presets in order.
const std::vector<Preset>& all() {
  static const std::vector<Preset> list = [] {
    std::vector<Preset> out = table();
    for (auto make : {&entropy_floor_presets, &grokking_presets, &neural_collapse_presets,
                       &calibration_presets, &robust_losses_presets, &benign_overfitting_presets,
                       &regression_as_classification_presets, &double_descent_presets, &scaling_presets})
      for (Preset& p : make()) out.push_back(std::move(p));
    return out;
  }();
  return list;
}

}  // namespace

std::span<const Preset> presets() { return all(); }

const Preset* find_preset(std::string_view name) {
  for (const Preset& p : all())
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string_view> preset_names() {
  std::vector<std::string_view> names;
  for (const Preset& p : all()) names.push_back(p.name);
  return names;
}

}  // namespace losslab
