// The token language model (nn/token_lm.hpp), its chunked score (metrics/classification.hpp) and its
// dataset (data/token_language.hpp): gradients of every parameter group against float64 central
// differences through the real pipeline (lookup → body → blockwise fused head → TokenLm::backward), the
// score against a direct float64 sum, and the split's shape, chain structure and reproducibility.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "data/token_language.hpp"
#include "data/zipf_markov.hpp"
#include "fused_ce/fused_ce.hpp"
#include "metrics/classification.hpp"
#include "nn/token_lm.hpp"
#include "util/rng.hpp"

using namespace losslab;

namespace {

Eigen::Index offset_in(const Vec& params, const float* p) { return static_cast<Eigen::Index>(p - params.data()); }

// The token model's loss as a function of its flat parameters, in float64 throughout: lookup, the body
// (ReLU hidden layers, a linear last layer), z = Wᵀh + c, and the label-smoothed cross-entropy
// lse − (1 − ε)·z_y − ε·mean_k z_k, averaged over the batch. Offsets are read from the model's own views.
struct ReferenceLoss {
  const TokenLm& lm;
  std::vector<Eigen::Index> w_off, b_off;
  Eigen::Index e_off, head_off, c_off;

  ReferenceLoss(const TokenLm& model, const Vec& params) : lm(model) {
    for (int l = 0; l < lm.body().num_layers(); ++l) {
      w_off.push_back(offset_in(params, lm.body().weight(params, l).data()));
      b_off.push_back(offset_in(params, lm.body().bias(params, l).data()));
    }
    e_off = offset_in(params, lm.embedding(params).data());
    head_off = offset_in(params, lm.head(params).data());
    c_off = offset_in(params, lm.head_bias(params).data());
  }

  double operator()(const VecD& p, const std::vector<int>& tokens, const std::vector<int32_t>& labels,
                    double eps) const {
    const Eigen::Index v = lm.shape().vocab, e = lm.shape().embed;
    const Eigen::Map<const MatD> emb(p.data() + e_off, e, v);
    const Eigen::Map<const MatD> w(p.data() + head_off, e, v);
    const Eigen::Map<const VecD> c(p.data() + c_off, v);
    double total = 0;
    for (size_t b = 0; b < tokens.size(); ++b) {
      VecD a = emb.col(tokens[b]);
      for (int l = 0; l < lm.body().num_layers(); ++l) {
        const Eigen::Index in = lm.body().layer_inputs(l), out = lm.body().layer_outputs(l);
        const Eigen::Map<const MatD> wl(p.data() + w_off[static_cast<size_t>(l)], out, in);
        const Eigen::Map<const VecD> bl(p.data() + b_off[static_cast<size_t>(l)], out);
        VecD z = wl * a + bl;
        if (l + 1 < lm.body().num_layers()) z = z.cwiseMax(0.0);  // ReLU on the hidden layers only
        a = z;
      }
      const VecD logits = w.transpose() * a + c;
      const double m = logits.maxCoeff();
      const double lse = m + std::log((logits.array() - m).exp().sum());
      total += lse - (1 - eps) * logits[labels[b]] - eps * logits.mean();
    }
    return total / static_cast<double>(tokens.size());
  }
};

struct PipelineOut {
  double loss;
  Vec grads;
  Mat dx;
};

// The pipeline the trainer runs: embed → body().forward → fused_cross_entropy (blockwise, threshold 0)
// → TokenLm::backward.
PipelineOut pipeline(const TokenLm& lm, const Vec& params, const std::vector<int>& tokens,
                     const std::vector<int32_t>& labels, float eps) {
  Mat ids(1, static_cast<Eigen::Index>(tokens.size()));
  for (size_t b = 0; b < tokens.size(); ++b) ids(0, static_cast<Eigen::Index>(b)) = static_cast<float>(tokens[b]);
  Mat x;
  lm.embed(params, ids, x);
  MlpWorkspace ws;
  lm.body().forward(params, x, ws);
  Mat w;
  Vec c;
  lm.copy_head(params, w, c);
  const FusedCeProblem problem{&ws.logits(), &w, &c, labels, kIgnoreLabel, eps};
  FusedCeOptions options;
  options.threshold = 0;
  REQUIRE(check_fused_ce(problem).empty());
  FusedCeResult head;
  fused_cross_entropy(FusedCeBackend::blockwise, problem, options, head);
  PipelineOut out;
  out.loss = head.mean_loss;
  Vec body_grads;
  lm.backward(params, ids, x, head, ws, body_grads, out.dx, out.grads);
  return out;
}

}  // namespace

TEST_CASE("token LM gradients match float64 central differences for every parameter group", "[token_lm]") {
  const TokenLm lm({7, 5, {6}, Activation::relu});
  Rng rng(11);
  Vec params;
  lm.init(params, rng);
  REQUIRE(params.size() == lm.num_params());
  REQUIRE(lm.num_params() == lm.body().num_params() + 2 * 5 * 7 + 7);
  // A larger head than nn.Linear's init, so the softmax is far from uniform and every term matters.
  lm.head(params) *= 3.0f;
  lm.head_bias(params) *= 3.0f;
  const std::vector<int> tokens{2, 5, 2, 0};  // token 2 twice; 1, 3, 4, 6 absent
  const std::vector<int32_t> labels{3, 1, 6, 2};
  const ReferenceLoss reference(lm, params);

  for (const double eps : {0.0, 0.1}) {
    INFO("label smoothing " << eps);
    const PipelineOut out = pipeline(lm, params, tokens, labels, static_cast<float>(eps));
    REQUIRE(out.grads.size() == lm.num_params());
    const VecD p = params.cast<double>();
    CHECK(out.loss == Approx(reference(p, tokens, labels, eps)).epsilon(1e-5));

    const double step = 1e-6;
    const auto groups = [&](Eigen::Index i) -> std::string {
      if (i < reference.e_off) return "body";
      if (i < reference.head_off) return "embedding";
      if (i < reference.c_off) return "head W";
      return "head c";
    };
    int checked = 0, wrong = 0;
    double largest = 0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      VecD plus = p, minus = p;
      plus[i] += step;
      minus[i] -= step;
      const double fd = (reference(plus, tokens, labels, eps) - reference(minus, tokens, labels, eps)) / (2 * step);
      const double g = out.grads[i];
      largest = std::max(largest, std::abs(fd));
      ++checked;
      if (std::abs(g - fd) > 2e-5 + 1e-4 * std::abs(fd)) {
        ++wrong;
        UNSCOPED_INFO(groups(i) << " parameter " << i << ": backward " << g << ", finite difference " << fd);
      }
    }
    CHECK(checked == lm.num_params());
    CHECK(wrong == 0);
    CHECK(largest > 1e-2);  // the check is not vacuous

    // The lookup's gradient: zero (exactly) for the tokens not in the batch, the sum of the batch's
    // input gradients for a repeated token.
    const ConstMatMap de = lm.embedding(out.grads);
    for (int t : {1, 3, 4, 6}) CHECK(de.col(t).isZero(0));
    for (int t : {0, 2, 5}) CHECK_FALSE(de.col(t).isZero(0));
    CHECK(de.col(2).isApprox(out.dx.col(0) + out.dx.col(2), 1e-6f));
    CHECK(de.col(5).isApprox(out.dx.col(1), 1e-6f));
    CHECK(de.col(0).isApprox(out.dx.col(3), 1e-6f));
  }
}

TEST_CASE("token LM lays out its flat parameters as body then E then W then c", "[token_lm]") {
  const TokenLm lm({9, 4, {3, 5}, Activation::relu});
  Vec params;
  Rng rng(2);
  lm.init(params, rng);
  const Eigen::Index body = lm.body().num_params();
  CHECK(lm.embedding(params).data() == params.data() + body);
  CHECK(lm.head(params).data() == params.data() + body + 4 * 9);
  CHECK(lm.head_bias(params).data() == params.data() + body + 2 * 4 * 9);
  CHECK(lm.num_params() == body + 2 * 4 * 9 + 9);
  CHECK(lm.body().shape().inputs == 4);
  CHECK(lm.body().shape().outputs == 4);
  // Lookup: column b of x is E's column of token b.
  Mat ids(1, 3);
  ids << 8, 0, 8;
  Mat x;
  lm.embed(params, ids, x);
  REQUIRE(x.rows() == 4);
  REQUIRE(x.cols() == 3);
  CHECK(x.col(0) == lm.embedding(params).col(8));
  CHECK(x.col(1) == lm.embedding(params).col(0));
  CHECK(x.col(2) == lm.embedding(params).col(8));
  // The head's bound is 1/√d, as nn.Linear.
  CHECK(lm.head(params).cwiseAbs().maxCoeff() <= 0.5f);
  CHECK(lm.head_bias(params).cwiseAbs().maxCoeff() <= 0.5f);
}

TEST_CASE("score of a token LM equals a direct float64 loss and accuracy in and across chunks", "[token_lm]") {
  const int v = 11;
  const TokenLm lm({v, 6, {8}, Activation::relu});
  Rng rng(5);
  Vec params;
  lm.init(params, rng);
  lm.head(params) *= 4.0f;
  const int n = 101;  // three full chunks of 32 and a partial one
  Dataset data;
  data.num_classes = v;
  data.x.resize(1, n);
  data.y.resize(n);
  for (int i = 0; i < n; ++i) data.x(0, i) = static_cast<float>(rng.below(v));

  // The model's own float64 logits; every other label is its argmax, so accuracy is far from 0 and 1.
  const auto logits_of = [&](int i) {
    Mat ids(1, 1);
    ids(0, 0) = data.x(0, i);
    Mat x;
    lm.embed(params, ids, x);
    MlpWorkspace ws;
    lm.body().forward(params, x, ws);
    return VecD(lm.head(params).cast<double>().transpose() * ws.logits().col(0).cast<double>() +
                lm.head_bias(params).cast<double>());
  };
  for (int i = 0; i < n; ++i) {
    Eigen::Index best = 0;
    logits_of(i).maxCoeff(&best);
    data.y[static_cast<size_t>(i)] = i % 2 == 0 ? static_cast<int32_t>(best) : static_cast<int32_t>(rng.below(v));
  }
  const auto direct = [&](int count) {
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < count; ++i) {
      const VecD z = logits_of(i);
      const double m = z.maxCoeff();
      const int y = data.y[static_cast<size_t>(i)];
      loss += m + std::log((z.array() - m).exp().sum()) - z[y];
      Eigen::Index best = 0;
      z.maxCoeff(&best);
      correct += best == y;
    }
    return ClassificationScore{loss / count, static_cast<double>(correct) / count};
  };

  TokenLmScoreWorkspace ws;
  for (const int max_samples : {n, 1000, 45, 32, 7}) {
    INFO("max_samples " << max_samples);
    const ClassificationScore got = score(lm, params, data, max_samples, ws);
    const ClassificationScore want = direct(std::min(n, max_samples));
    CHECK(got.loss == Approx(want.loss).epsilon(1e-5));
    CHECK(got.accuracy == want.accuracy);
  }
  const ClassificationScore all = score(lm, params, data, n, ws);
  CHECK(all.accuracy > 0.4);  // the argmax half is right
  CHECK(all.accuracy < 1.0);
  // The workspace carries nothing over: a second call gives the same numbers.
  const ClassificationScore again = score(lm, params, data, n, ws);
  CHECK(again.loss == all.loss);
  CHECK(again.accuracy == all.accuracy);
}

TEST_CASE("the token language split is a chain of integer ids with in-range labels", "[token_language]") {
  const TokenLanguageSettings s{50, 1.1, 300, 120};
  Rng rng(7);
  const Split split = make_token_language_split(s, rng);
  for (const auto& [data, n] : {std::pair{&split.train, 300}, std::pair{&split.test, 120}}) {
    REQUIRE(data->x.rows() == 1);
    REQUIRE(data->x.cols() == n);
    REQUIRE(data->size() == n);
    CHECK(data->num_classes == 50);
    for (int i = 0; i < n; ++i) {
      const float id = data->x(0, i);
      CHECK(id == std::floor(id));
      CHECK(id >= 0);
      CHECK(id < 50);
      const int32_t y = data->y[static_cast<size_t>(i)];
      CHECK(y >= 0);
      CHECK(y < 50);
      if (i + 1 < n) CHECK(static_cast<float>(y) == data->x(0, i + 1));  // the label is the next input
    }
  }
  CHECK(split.calib.size() == 0);
  CHECK(split.calib.x.cols() == 0);

  // As documented: one draw seeds the language, then the training chain and the test chain follow.
  Rng replay(7);
  const ZipfMarkov language({50, 1.1, replay.next_u64()});
  const std::vector<int32_t> train_chain = language.sample(301, replay);
  const std::vector<int32_t> test_chain = language.sample(121, replay);
  CHECK(static_cast<int32_t>(split.train.x(0, 0)) == train_chain[0]);
  CHECK(split.train.y == std::vector<int32_t>(train_chain.begin() + 1, train_chain.end()));
  CHECK(static_cast<int32_t>(split.test.x(0, 0)) == test_chain[0]);
  CHECK(split.test.y == std::vector<int32_t>(test_chain.begin() + 1, test_chain.end()));

  // Same seed, same split; another seed, another.
  Rng again(7), other(8);
  const Split same = make_token_language_split(s, again);
  const Split different = make_token_language_split(s, other);
  CHECK(same.train.x == split.train.x);
  CHECK(same.train.y == split.train.y);
  CHECK(same.test.x == split.test.x);
  CHECK(same.test.y == split.test.y);
  CHECK_FALSE(different.train.y == split.train.y);

  CHECK(token_language_floor(s) == zipf_entropy(50, 1.1));
  CHECK(token_language_floor({64, 2.0, 10, 10}) == zipf_entropy(64, 2.0));
  CHECK(token_language_floor({64, 0.0, 10, 10}) == Approx(std::log(64.0)));
}

TEST_CASE("the zipf_markov dataset kind sizes and draws the token language", "[token_language]") {
  DataSettings s;
  s.kind = DatasetKind::zipf_markov;
  s.n_train = 200;
  s.n_test = 40;
  s.language = {30, 1.5, 999, 999};  // its own sizes are replaced by the run's
  const DataShape shape = data_shape(s);
  CHECK(shape.inputs == 1);
  CHECK(shape.classes == 30);
  CHECK(shape.n_train == 200);
  CHECK(shape.n_test == 40);
  CHECK(shape.n_calib == 0);
  CHECK(dataset_info(DatasetKind::zipf_markov).language);
  CHECK(dataset_from_name("zipf_markov") == DatasetKind::zipf_markov);
  Rng a(3), b(3);
  const Split split = make_split(s, a);
  CHECK(split.train.size() == 200);
  CHECK(split.test.size() == 40);
  CHECK(split.train.num_classes == 30);
  const Split direct = make_token_language_split({30, 1.5, 200, 40}, b);
  CHECK(split.train.y == direct.train.y);
  CHECK(split.test.y == direct.test.y);
}
