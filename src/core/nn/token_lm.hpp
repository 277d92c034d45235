// The token language model: token embedding → MLP → a linear head over the vocabulary, whose logits are
// never formed — the head is the fused cross-entropy (fused_ce/), so a vocabulary of 65,536 tokens costs
// O(V·d) memory, not O(N·V).
//
//   x_b = E[:, t_b]            E (e×V): one column per input token, looked up (not a one-hot product)
//   h_b = MLP(x_b)             e → hidden… → d (nn/mlp.hpp; its last layer is linear)
//   z_b = Wᵀ h_b + c           W (d×V), c (V): the head, handed to the fused cross-entropy
//
// The parameters live in one flat vector, [MLP | E | W | c]: the MLP first, so that its own offsets
// index the flat vector directly; the optimizer, the regularizers and the divergence check see one buffer.
// The fused head takes W and c as matrices of their own, so each step copies them out of the flat vector
// and copies dW, dc back in: 2·d·V floats, a few per cent of a step that costs 6·B·d·V flops.
#pragma once

#include <vector>

#include "fused_ce/fused_ce.hpp"
#include "nn/mlp.hpp"
#include "util/eigen_types.hpp"
#include "util/rng.hpp"

namespace losslab {

struct TokenLmShape {
  int vocab = 4096;          // V, in and out
  int embed = 64;            // e, the embedding width, and d, the width the head reads
  std::vector<int> hidden{128};
  Activation activation = Activation::relu;
};

class TokenLm {
 public:
  explicit TokenLm(TokenLmShape shape);

  const TokenLmShape& shape() const { return shape_; }
  const Mlp& body() const { return body_; }
  Eigen::Index num_params() const { return num_params_; }

  // The MLP as nn.Linear does (U(±1/√in)); E ~ N(0, 1) as nn.Embedding; W, c ~ U(±1/√d) as nn.Linear.
  void init(Vec& params, Rng& rng) const;

  ConstMatMap embedding(const Vec& params) const;  // e×V
  MatMap embedding(Vec& params) const;
  ConstMatMap head(const Vec& params) const;       // d×V
  MatMap head(Vec& params) const;
  ConstVecMap head_bias(const Vec& params) const;  // V
  VecMap head_bias(Vec& params) const;

  // Copies of the head's W (d×V) and c (V), the form the fused cross-entropy takes.
  void copy_head(const Vec& params, Mat& w, Vec& c) const;

  // x (e×B): the embeddings of the tokens, one id per column of `tokens` (1×B, ids stored as floats).
  void embed(const Vec& params, const Mat& tokens, Mat& x) const;

  // Gradients of every parameter into `grads` (resized to num_params()), given the head's result
  // (d loss/d H in head_out.dh, dW, dc) for the batch last passed through body().forward_train on ws
  // with input x = embed(tokens). `body_grads` is scratch.
  void backward(const Vec& params, const Mat& tokens, const Mat& x, const FusedCeResult& head_out,
                MlpWorkspace& ws, Vec& body_grads, Mat& dx, Vec& grads) const;

 private:
  TokenLmShape shape_;
  Mlp body_;
  Eigen::Index embedding_offset_, head_offset_, bias_offset_, num_params_;
};

}  // namespace losslab
