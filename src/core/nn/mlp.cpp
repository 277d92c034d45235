#include "nn/mlp.hpp"

#include <cmath>
#include <utility>

namespace losslab {

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
  for (const Layer& L : layers_) {
    const float bound = 1.0f / std::sqrt(static_cast<float>(L.in));
    const Eigen::Index n = static_cast<Eigen::Index>(L.in) * L.out + L.out;
    for (Eigen::Index i = 0; i < n; ++i) params[L.offset + i] = rng.uniform(-bound, bound);
  }
}

void Mlp::forward(const Vec& params, const Mat& x, MlpWorkspace& ws) const {
  const int n_layers = num_layers();
  ws.z.resize(static_cast<size_t>(n_layers));
  ws.a.resize(static_cast<size_t>(n_layers - 1));
  for (int l = 0; l < n_layers; ++l) {
    const Mat& in = l == 0 ? x : ws.a[static_cast<size_t>(l - 1)];
    Mat& z = ws.z[static_cast<size_t>(l)];
    z.resize(layers_[l].out, x.cols());
    z.noalias() = weight(params, l) * in;
    z.colwise() += bias(params, l);
    if (l + 1 < n_layers) activation_forward(shape_.activation, z, ws.a[static_cast<size_t>(l)]);
  }
}

void Mlp::backward(const Vec& params, const Mat& x, const Mat& dlogits, MlpWorkspace& ws,
                   Vec& dparams) const {
  dparams.resize(num_params_);
  const Mat* dz = &dlogits;
  for (int l = num_layers() - 1; l >= 0; --l) {
    const Mat& in = l == 0 ? x : ws.a[static_cast<size_t>(l - 1)];
    weight(dparams, l).noalias() = *dz * in.transpose();
    bias(dparams, l) = dz->rowwise().sum();
    if (l == 0) break;
    ws.da.resize(layers_[l].in, x.cols());
    ws.da.noalias() = weight(params, l).transpose() * *dz;
    const size_t h = static_cast<size_t>(l - 1);
    activation_backward(shape_.activation, ws.z[h], ws.a[h], ws.da, ws.dz);
    dz = &ws.dz;
  }
}

}  // namespace losslab
