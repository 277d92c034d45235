#include "nn/dropconnect.hpp"

namespace losslab {

void dropconnect_mask(const Mlp& model, float rate, Rng& rng, Vec& scale) {
  scale.setOnes(model.num_params());
  if (rate <= 0.0f) return;
  const float keep_scale = rate < 1.0f ? 1.0f / (1.0f - rate) : 0.0f;
  for (int l = 0; l < model.num_layers(); ++l) {
    MatMap w = model.weight(scale, l);
    // u ≥ p has probability 1 − p: keep.
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.uniform() >= rate ? keep_scale : 0.0f;
  }
}

}  // namespace losslab
