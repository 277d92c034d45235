// Modular arithmetic: the labels of every operation, a split that holds every pair exactly once, the
// one-hot inputs, determinism in the seed, and the token-embedding layout the Fourier measure reads.
#include <catch2/catch.hpp>

#include <set>
#include <utility>

#include "data/datasets.hpp"
#include "data/modular.hpp"

using namespace losslab;

TEST_CASE("modular operations give the residue of a op b", "[modular]") {
  CHECK(modular_apply(ModularOp::add, 5, 4, 7) == 2);
  CHECK(modular_apply(ModularOp::sub, 3, 5, 7) == 5);
  CHECK(modular_apply(ModularOp::mul, 5, 4, 7) == 6);
  // 5⁻¹ = 3 mod 7 (5·3 = 15 = 2·7 + 1), so 3 ÷ 5 = 9 mod 7 = 2.
  CHECK(modular_apply(ModularOp::div, 3, 5, 7) == 2);
  // Division inverts multiplication for every a and b ≠ 0.
  for (int a = 0; a < 13; ++a)
    for (int b = 1; b < 13; ++b) CHECK(modular_apply(ModularOp::mul, modular_apply(ModularOp::div, a, b, 13), b, 13) == a);
  CHECK(is_prime(97));
  CHECK_FALSE(is_prime(91));
  CHECK_FALSE(is_prime(1));
}

TEST_CASE("a modular split holds every pair once with one-hot operands", "[modular]") {
  for (ModularOp op : {ModularOp::add, ModularOp::div}) {
    const ModularSettings s{11, op, 0.4};
    Rng rng(3);
    const Split split = make_modular_split(s, rng);
    const int pairs = op == ModularOp::div ? 11 * 10 : 11 * 11;
    CHECK(split.train.size() == static_cast<int>(std::lround(0.4 * pairs)));
    CHECK(split.train.size() + split.test.size() == pairs);
    CHECK(split.calib.size() == 0);
    CHECK(split.train.num_features() == 22);
    CHECK(split.train.num_classes == 11);
    std::set<std::pair<int, int>> seen;
    for (const Dataset* d : {&split.train, &split.test})
      for (int i = 0; i < d->size(); ++i) {
        // Exactly one 1 among the first p features (a) and one among the last p (b).
        Eigen::Index a = -1, b = -1;
        CHECK(d->x.col(i).head(11).maxCoeff(&a) == 1.0f);
        CHECK(d->x.col(i).tail(11).maxCoeff(&b) == 1.0f);
        CHECK(d->x.col(i).sum() == 2.0f);
        CHECK(d->y[static_cast<size_t>(i)] == modular_apply(op, static_cast<int>(a), static_cast<int>(b), 11));
        seen.insert({static_cast<int>(a), static_cast<int>(b)});
      }
    CHECK(static_cast<int>(seen.size()) == pairs);
    if (op == ModularOp::div) CHECK(seen.count({3, 0}) == 0);
  }
}

TEST_CASE("a modular split depends on the seed alone", "[modular]") {
  const ModularSettings s{13, ModularOp::add, 0.3};
  Rng a(1), b(1), c(2);
  const Split x = make_modular_split(s, a), y = make_modular_split(s, b), z = make_modular_split(s, c);
  CHECK(x.train.x == y.train.x);
  CHECK(x.train.y == y.train.y);
  CHECK_FALSE(x.train.x == z.train.x);
}

TEST_CASE("the dataset registry sizes the modular task from p and the train fraction", "[modular]") {
  DataSettings s;
  s.kind = DatasetKind::modular;
  s.modular = {97, ModularOp::mul, 0.5};
  const DataShape shape = data_shape(s);
  CHECK(shape.inputs == 194);
  CHECK(shape.classes == 97);
  CHECK(shape.n_train + shape.n_test == 97 * 97);
  CHECK(shape.n_train == static_cast<int>(std::lround(0.5 * 97 * 97)));
  Rng rng(1);
  CHECK(make_split(s, rng).train.size() == shape.n_train);
  CHECK_FALSE(dataset_info(DatasetKind::modular).planar);
  CHECK(dataset_info(DatasetKind::spirals).planar);
  CHECK(dataset_from_name("modular") == DatasetKind::modular);
}

TEST_CASE("the token embedding puts both operands of a token in its row", "[modular]") {
  // A first layer of width 2 reading 2p = 6 inputs (p = 3): W(h, a-token t) = 10h + t, W(h, b-token t) = −(10h + t).
  Mat w(2, 6);
  for (int h = 0; h < 2; ++h)
    for (int t = 0; t < 3; ++t) {
      w(h, t) = static_cast<float>(10 * h + t);
      w(h, 3 + t) = -static_cast<float>(10 * h + t);
    }
  const MatD e = modular_token_embedding(w, 3);
  REQUIRE(e.rows() == 3);
  REQUIRE(e.cols() == 4);
  for (int t = 0; t < 3; ++t) {
    CHECK(e(t, 0) == t);
    CHECK(e(t, 1) == 10 + t);
    CHECK(e(t, 2) == -t);
    CHECK(e(t, 3) == -(10 + t));
  }
}
