// A multilayer perceptron: inputs → [Linear → activation] × hidden → Linear → logits.
//
// Parameters live in one flat vector (so the optimizer, the divergence check and a checkpoint each
// touch one contiguous buffer). Layer l owns W_l (out_l × in_l, column-major) followed by b_l (out_l).
// Shapes: x is D×B, z_l and a_l are H_l×B, logits are K×B (one sample per column).
//
//   forward:  z_l = W_l a_{l-1} + b_l,   a_l = f(z_l)        (a_{-1} = x; the last layer has no f)
//   backward: dW_l = dz_l a_{l-1}ᵀ,  db_l = Σ_b dz_l,  da_{l-1} = W_lᵀ dz_l,  dz_{l-1} = da_{l-1} ⊙ f'(z_{l-1})
//
// Training noise (forward_train) acts on the hidden activations only: h_l = a_l ⊙ m_l/(1−p) + σ ξ_l,
// m_l ~ Bernoulli(1−p), ξ_l ~ N(0, 1), and layer l+1 reads h_l instead of a_l. a_l = f(z_l) itself is
// kept unmodified because activation_backward takes f′ from it (ReLU, tanh). Since ξ does not depend on
// a, backward needs only the mask: da_l = (W_{l+1}ᵀ dz_{l+1}) ⊙ m_l/(1−p).
//
// Options for the two-layer ReLU network of Xu et al. 2024 (PHENOMENA.md §2), f(x) = Σ_j a_j ReLU(⟨w_j, x⟩)
// with a_j = ±1/√m fixed, no biases, w_j(0) ~ N(0, ω²I): `bias` off, `output` fixed_signs and
// `init_scale` ω. Frozen parameters (frozen_ranges()) still sit in the flat vector, so every shape and
// offset stays as it is; the trainer keeps them fixed (nn/frozen_params.hpp).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "nn/activation.hpp"
#include "util/eigen_types.hpp"
#include "util/registry.hpp"
#include "util/rng.hpp"

namespace losslab {

// How the output layer (the last Linear) is set.
// * trained      initialised like the others and trained.
// * fixed_signs  never trained: class 0's row is 0 and every other row's entries are drawn uniformly from
//                {+1/√in, −1/√in}, with a zero bias. With two classes the logits are (0, f(x)), so softmax
//                cross-entropy on class c ∈ {0, 1} is log(1 + exp(−y·f(x))) with y = 2c − 1: exactly the
//                logistic loss of a network with one output f.
enum class OutputLayer { trained, fixed_signs };

using OutputLayerInfo = RegistryEntry<OutputLayer>;

std::span<const OutputLayerInfo> output_layer_registry();
std::optional<OutputLayer> output_layer_from_name(std::string_view name);
std::string_view output_layer_name(OutputLayer kind);

struct MlpShape {
  int inputs = 2;
  std::vector<int> hidden{64, 64};
  int outputs = 3;
  Activation activation = Activation::relu;
  bool bias = true;                           // false: every layer's bias is 0 and never trained
  OutputLayer output = OutputLayer::trained;
  float init_scale = 0;                       // > 0: the first layer's W ~ N(0, init_scale²); 0: the default
};

// A run of parameters inside the flat vector.
struct ParamRange {
  Eigen::Index offset = 0, size = 0;
};

// Training-time noise on the hidden activations (0 turns each off). Dropout is applied first, then the
// Gaussian noise, so the noise has variance σ² on every unit, kept or dropped.
struct MlpNoise {
  float dropout = 0;       // p, the probability of dropping a unit (inverted dropout: kept units × 1/(1−p))
  float hidden_noise = 0;  // σ of the additive Gaussian noise
};

// Per-batch buffers of a forward and backward pass. Reused across steps: no allocation once sized.
struct MlpWorkspace {
  std::vector<Mat> z;     // pre-activations of every layer; z.back() holds the logits
  std::vector<Mat> a;     // activations f(z) of the hidden layers, never modified by the noise
  std::vector<Mat> mask;  // dropout: m/(1−p) per hidden unit and sample; valid while `masked`
  std::vector<Mat> h;     // hidden outputs after dropout and noise, read by the next layer; valid while `noisy`
  bool masked = false;    // the last forward pass dropped units (backward multiplies by mask)
  bool noisy = false;     // the last forward pass perturbed the hidden outputs (next layers read h)
  Mat da, dz;             // backward scratch
  const Mat& logits() const { return z.back(); }
  // What layer l+1 read from hidden layer l in the last forward pass.
  const Mat& hidden_output(int l) const {
    return noisy ? h[static_cast<size_t>(l)] : a[static_cast<size_t>(l)];
  }
};

class Mlp {
 public:
  explicit Mlp(MlpShape shape);

  const MlpShape& shape() const { return shape_; }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  Eigen::Index num_params() const { return num_params_; }
  int layer_inputs(int l) const { return layers_[l].in; }
  int layer_outputs(int l) const { return layers_[l].out; }

  // PyTorch's nn.Linear default: W, b ~ U(−1/√in, 1/√in); then the shape's options (init_scale, no
  // bias, fixed signs) replace what they name. With the options at their defaults the draws are exactly
  // the default's, layer by layer.
  void init(Vec& params, Rng& rng) const;

  // The parameters that never train, ascending and disjoint: the whole output layer when it has fixed
  // signs, every bias when there are none.
  std::vector<ParamRange> frozen_ranges() const;

  // The deterministic evaluation pass (dropout is the identity, no noise): fills ws.z / ws.a for the
  // batch x (D×B); the logits are ws.logits() (K×B). Clears the masks of an earlier forward_train.
  void forward(const Vec& params, const Mat& x, MlpWorkspace& ws) const;

  // The training pass: as forward, with inverted dropout and additive Gaussian noise on every hidden
  // layer's activations; the masks and noisy outputs stay in ws for backward(). Draws, layer by layer,
  // the dropout mask and then the noise, each column-major. With both off it is forward(): no draws,
  // no copies.
  void forward_train(const Vec& params, const Mat& x, const MlpNoise& noise, Rng& rng,
                     MlpWorkspace& ws) const;

  // Given d loss / d logits (K×B) for the batch last passed to forward or forward_train (with that pass's
  // masks), writes d loss / d params, and d loss / d x (D×B) into *dx when dx is given (adversarial
  // inputs, e.g. PGD).
  void backward(const Vec& params, const Mat& x, const Mat& dlogits, MlpWorkspace& ws, Vec& dparams,
                Mat* dx = nullptr) const;

  // The last hidden layer's output of the last forward pass, the input of the output layer (after
  // dropout and noise in training mode; x itself for a model with no hidden layer): the "features" that
  // feature-aware losses use. Valid until the next forward pass on ws.
  const Mat& features(const Mat& x, const MlpWorkspace& ws) const;

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

  void forward_pass(const Vec& params, const Mat& x, const MlpNoise* noise, Rng* rng,
                    MlpWorkspace& ws) const;
};

}  // namespace losslab
