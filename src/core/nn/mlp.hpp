// A multilayer perceptron: inputs → [Linear → activation] × hidden → Linear → logits.
//
// Parameters live in one flat vector (so the optimizer, the divergence check and a checkpoint each
// touch one contiguous buffer). Layer l owns W_l (out_l × in_l, column-major) followed by b_l (out_l).
// Shapes: x is D×B, z_l and a_l are H_l×B, logits are K×B (one sample per column).
//
//   forward:  z_l = W_l a_{l-1} + b_l,   a_l = f(z_l)        (a_{-1} = x; the last layer has no f)
//   backward: dW_l = dz_l a_{l-1}ᵀ,  db_l = Σ_b dz_l,  da_{l-1} = W_lᵀ dz_l,  dz_{l-1} = da_{l-1} ⊙ f'(z_{l-1})
#pragma once

#include <vector>

#include "nn/activation.hpp"
#include "util/eigen_types.hpp"
#include "util/rng.hpp"

namespace losslab {

struct MlpShape {
  int inputs = 2;
  std::vector<int> hidden{64, 64};
  int outputs = 3;
  Activation activation = Activation::relu;
};

// Per-batch buffers of a forward and backward pass. Reused across steps: no allocation once sized.
struct MlpWorkspace {
  std::vector<Mat> z;  // pre-activations of every layer; z.back() holds the logits
  std::vector<Mat> a;  // activations of the hidden layers
  Mat da, dz;          // backward scratch
  const Mat& logits() const { return z.back(); }
};

class Mlp {
 public:
  explicit Mlp(MlpShape shape);

  const MlpShape& shape() const { return shape_; }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  Eigen::Index num_params() const { return num_params_; }
  int layer_inputs(int l) const { return layers_[l].in; }
  int layer_outputs(int l) const { return layers_[l].out; }

  // PyTorch's nn.Linear default: W, b ~ U(−1/√in, 1/√in).
  void init(Vec& params, Rng& rng) const;

  // Fills ws.z / ws.a for the batch x (D×B); the logits are ws.logits() (K×B).
  void forward(const Vec& params, const Mat& x, MlpWorkspace& ws) const;

  // Given d loss / d logits (K×B) for the batch last passed to forward, writes d loss / d params.
  void backward(const Vec& params, const Mat& x, const Mat& dlogits, MlpWorkspace& ws,
                Vec& dparams) const;

  // Views of layer l's weights and bias inside a flat parameter (or gradient) vector.
  ConstMatMap weight(const Vec& params, int l) const;
  ConstVecMap bias(const Vec& params, int l) const;
  MatMap weight(Vec& params, int l) const;
  VecMap bias(Vec& params, int l) const;

 private:
  struct Layer {
    int in, out;
    Eigen::Index offset;  // of W; b follows at offset + in·out
  };
  MlpShape shape_;
  std::vector<Layer> layers_;
  Eigen::Index num_params_ = 0;
};

}  // namespace losslab
