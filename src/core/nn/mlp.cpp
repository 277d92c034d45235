#include "nn/mlp.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace losslab {
namespace {

constexpr std::array<OutputLayerInfo, 2> kOutputLayers{{
    {OutputLayer::trained, "trained", "the output layer is initialised like the others and trained"},
    {OutputLayer::fixed_signs, "fixed_signs",
     "never trained: class 0's logit is 0, the others' weights are ±1/sqrt(width) at random, no bias (two "
     "classes: the logistic loss of one output f, as Xu et al. 2024)"},
}};

}  // namespace

std::span<const OutputLayerInfo> output_layer_registry() { return kOutputLayers; }
std::optional<OutputLayer> output_layer_from_name(std::string_view name) {
  return kind_from_name(output_layer_registry(), name);
}
std::string_view output_layer_name(OutputLayer kind) { return info_of(output_layer_registry(), kind).name; }

Mlp::Mlp(MlpShape shape) : shape_(std::move(shape)) {
  int in = shape_.inputs;
  auto add_layer = [&](int out) {
    layers_.push_back({in, out, num_params_});
    num_params_ += static_cast<Eigen::Index>(in) * out + out;
    in = out;
  };
  for (int width : shape_.hidden) add_layer(width);
  add_layer(shape_.outputs);
}

ConstMatMap Mlp::weight(const Vec& params, int l) const {
  return {params.data() + layers_[l].offset, layers_[l].out, layers_[l].in};
}
ConstVecMap Mlp::bias(const Vec& params, int l) const {
  const Layer& L = layers_[l];
  return {params.data() + L.offset + static_cast<Eigen::Index>(L.in) * L.out, L.out};
}
MatMap Mlp::weight(Vec& params, int l) const {
  return {params.data() + layers_[l].offset, layers_[l].out, layers_[l].in};
}
VecMap Mlp::bias(Vec& params, int l) const {
  const Layer& L = layers_[l];
  return {params.data() + L.offset + static_cast<Eigen::Index>(L.in) * L.out, L.out};
}

void Mlp::init(Vec& params, Rng& rng) const {
  params.resize(num_params_);
  for (int l = 0; l < num_layers(); ++l) {
    const Layer& L = layers_[l];
    const float bound = 1.0f / std::sqrt(static_cast<float>(L.in));
    const bool fixed = l + 1 == num_layers() && shape_.output == OutputLayer::fixed_signs;
    MatMap w = weight(params, l);
    if (fixed) {
      w.row(0).setZero();  // class 0 is the reference logit: (0, f) for two classes
      for (Eigen::Index c = 0; c < w.cols(); ++c)
        for (Eigen::Index r = 1; r < w.rows(); ++r) w(r, c) = rng.below(2) == 0 ? bound : -bound;
    } else if (l == 0 && shape_.init_scale > 0) {
      for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = shape_.init_scale * rng.normal();
    } else {
      for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.uniform(-bound, bound);
    }
    VecMap b = bias(params, l);
    if (shape_.bias && !fixed)
      for (Eigen::Index i = 0; i < b.size(); ++i) b[i] = rng.uniform(-bound, bound);
    else
      b.setZero();
  }
}

std::vector<ParamRange> Mlp::frozen_ranges() const {
  std::vector<ParamRange> out;
  for (int l = 0; l < num_layers(); ++l) {
    const Layer& L = layers_[l];
    const Eigen::Index w = static_cast<Eigen::Index>(L.in) * L.out;
    if (l + 1 == num_layers() && shape_.output == OutputLayer::fixed_signs)
      out.push_back({L.offset, w + L.out});
    else if (!shape_.bias)
      out.push_back({L.offset + w, L.out});
  }
  return out;
}

void Mlp::forward(const Vec& params, const Mat& x, MlpWorkspace& ws) const {
  forward_pass(params, x, nullptr, nullptr, ws);
}

void Mlp::forward_train(const Vec& params, const Mat& x, const MlpNoise& noise, Rng& rng,
                        MlpWorkspace& ws) const {
  forward_pass(params, x, &noise, &rng, ws);
}

void Mlp::forward_pass(const Vec& params, const Mat& x, const MlpNoise* noise, Rng* rng,
                       MlpWorkspace& ws) const {
  const float p = noise ? noise->dropout : 0.0f;
  const float sigma = noise ? noise->hidden_noise : 0.0f;
  const int n_layers = num_layers();
  const size_t n_hidden = static_cast<size_t>(n_layers - 1);
  ws.masked = p > 0.0f && n_hidden > 0;
  ws.noisy = (p > 0.0f || sigma > 0.0f) && n_hidden > 0;
  ws.z.resize(static_cast<size_t>(n_layers));
  ws.a.resize(n_hidden);
  if (ws.masked) ws.mask.resize(n_hidden);
  if (ws.noisy) ws.h.resize(n_hidden);
  // p ≥ 1 drops everything (a 0 scale rather than 0·∞).
  const float keep_scale = p < 1.0f ? 1.0f / (1.0f - p) : 0.0f;

  for (int l = 0; l < n_layers; ++l) {
    const Mat& in = l == 0 ? x : ws.hidden_output(l - 1);
    Mat& z = ws.z[static_cast<size_t>(l)];
    z.resize(layers_[l].out, x.cols());
    z.noalias() = weight(params, l) * in;
    z.colwise() += bias(params, l);
    if (l + 1 == n_layers) break;

    const size_t hl = static_cast<size_t>(l);
    activation_forward(shape_.activation, z, ws.a[hl]);
    if (!ws.noisy) continue;
    Mat& h = ws.h[hl];
    h = ws.a[hl];
    if (ws.masked) {
      Mat& m = ws.mask[hl];
      m.resize(z.rows(), z.cols());
      // u ≥ p has probability 1 − p: keep.
      for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng->uniform() >= p ? keep_scale : 0.0f;
      h.array() *= m.array();
    }
    if (sigma > 0.0f)
      for (Eigen::Index i = 0; i < h.size(); ++i) h.data()[i] += sigma * rng->normal();
  }
}

void Mlp::backward(const Vec& params, const Mat& x, const Mat& dlogits, MlpWorkspace& ws, Vec& dparams,
                   Mat* dx) const {
  dparams.resize(num_params_);
  const Mat* dz = &dlogits;
  for (int l = num_layers() - 1; l >= 0; --l) {
    const Mat& in = l == 0 ? x : ws.hidden_output(l - 1);
    weight(dparams, l).noalias() = *dz * in.transpose();
    bias(dparams, l) = dz->rowwise().sum();
    if (l == 0) {
      if (dx) {
        dx->resize(layers_[0].in, x.cols());
        dx->noalias() = weight(params, 0).transpose() * *dz;
      }
      break;
    }
    ws.da.resize(layers_[l].in, x.cols());
    ws.da.noalias() = weight(params, l).transpose() * *dz;  // d loss / d h_{l-1}
    const size_t h = static_cast<size_t>(l - 1);
    if (ws.masked) ws.da.array() *= ws.mask[h].array();     // the additive noise has derivative 1
    activation_backward(shape_.activation, ws.z[h], ws.a[h], ws.da, ws.dz);
    dz = &ws.dz;
  }
}

const Mat& Mlp::features(const Mat& x, const MlpWorkspace& ws) const {
  return num_layers() == 1 ? x : ws.hidden_output(num_layers() - 2);
}

}  // namespace losslab
