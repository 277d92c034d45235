#include "nn/token_lm.hpp"

#include <cmath>
#include <utility>

namespace losslab {

TokenLm::TokenLm(TokenLmShape shape)
    : shape_(std::move(shape)), body_({shape_.embed, shape_.hidden, shape_.embed, shape_.activation}) {
  const Eigen::Index v = shape_.vocab, e = shape_.embed;
  embedding_offset_ = body_.num_params();
  head_offset_ = embedding_offset_ + e * v;
  bias_offset_ = head_offset_ + e * v;
  num_params_ = bias_offset_ + v;
}

void TokenLm::init(Vec& params, Rng& rng) const {
  Vec body;
  body_.init(body, rng);
  params.resize(num_params_);
  params.head(body.size()) = body;
  auto e = embedding(params);
  for (Eigen::Index i = 0; i < e.size(); ++i) e.data()[i] = static_cast<float>(rng.normal());
  const float bound = 1.0f / std::sqrt(static_cast<float>(shape_.embed));
  for (Eigen::Index i = head_offset_; i < num_params_; ++i) params[i] = rng.uniform(-bound, bound);
}

ConstMatMap TokenLm::embedding(const Vec& params) const {
  return {params.data() + embedding_offset_, shape_.embed, shape_.vocab};
}
MatMap TokenLm::embedding(Vec& params) const { return {params.data() + embedding_offset_, shape_.embed, shape_.vocab}; }
ConstMatMap TokenLm::head(const Vec& params) const { return {params.data() + head_offset_, shape_.embed, shape_.vocab}; }
MatMap TokenLm::head(Vec& params) const { return {params.data() + head_offset_, shape_.embed, shape_.vocab}; }
ConstVecMap TokenLm::head_bias(const Vec& params) const { return {params.data() + bias_offset_, shape_.vocab}; }
VecMap TokenLm::head_bias(Vec& params) const { return {params.data() + bias_offset_, shape_.vocab}; }

void TokenLm::copy_head(const Vec& params, Mat& w, Vec& c) const {
  w = head(params);
  c = head_bias(params);
}

void TokenLm::embed(const Vec& params, const Mat& tokens, Mat& x) const {
  const ConstMatMap e = embedding(params);
  x.resize(shape_.embed, tokens.cols());
  for (Eigen::Index b = 0; b < tokens.cols(); ++b) x.col(b) = e.col(static_cast<Eigen::Index>(tokens(0, b)));
}

void TokenLm::backward(const Vec& params, const Mat& tokens, const Mat& x, const FusedCeResult& head_out,
                       MlpWorkspace& ws, Vec& body_grads, Mat& dx, Vec& grads) const {
  body_.backward(params, x, head_out.dh, ws, body_grads, &dx);
  grads.resize(num_params_);
  grads.head(body_grads.size()) = body_grads;
  // The lookup's gradient is sparse: only the columns of the batch's tokens are non-zero.
  MatMap de = embedding(grads);
  de.setZero();
  for (Eigen::Index b = 0; b < tokens.cols(); ++b) de.col(static_cast<Eigen::Index>(tokens(0, b))) += dx.col(b);
  head(grads) = head_out.dw;
  head_bias(grads) = head_out.dbias;
}

}  // namespace losslab
