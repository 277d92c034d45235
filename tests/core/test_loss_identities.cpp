// Identities that tie the loss family together (LOSSES.md), and properties every loss must have:
// invariance to adding a constant to all logits, and finite values and gradients at logits of ±1e4.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "loss_test_batch.hpp"

using namespace losslab;
using namespace losslab::test;

namespace {

LossParams with(const char* loss_name, std::initializer_list<std::pair<const char*, double>> values) {
  const LossInfo* loss = find_loss(loss_name);
  REQUIRE(loss);
  LossParams p = default_loss_params(*loss);
  for (const auto& [name, v] : values) {
    const int i = loss_param_index(*loss, name);
    REQUIRE(i >= 0);
    p[static_cast<size_t>(i)] = v;
  }
  return p;
}

LossResult run(const char* loss_name, const LossParams& params, const OwnedBatch& b) {
  LossResult r;
  evaluate_loss(*find_loss(loss_name), params, b.view(*find_loss(loss_name)), r, true);
  return r;
}

OwnedBatch sample_batch(int k = 5) {
  LossCase c{find_loss("ce"), {}, k};
  return random_batch(c, 16, 7);
}

// ℓ_a = scale·ℓ_b + offset(p_y) and likewise gradients, elementwise within tol.
void check_same(const LossResult& a, const LossResult& b, double tol) {
  CHECK((a.loss - b.loss).cwiseAbs().maxCoeff() <= tol);
  CHECK((a.dlogits - b.dlogits).cwiseAbs().maxCoeff() <= tol);
}

}  // namespace

TEST_CASE("parameter settings that reduce a loss to cross-entropy") {
  const OwnedBatch b = sample_batch();
  const LossResult ce = run("ce", {}, b);
  check_same(run("focal", with("focal", {{"gamma", 0}}), b), ce, 1e-12);
  check_same(run("label_smoothing", with("label_smoothing", {{"epsilon", 0}}), b), ce, 1e-12);
  check_same(run("comp_sum", with("comp_sum", {{"tau", 1}}), b), ce, 1e-12);
  check_same(run("poly1", with("poly1", {{"epsilon", 0}}), b), ce, 1e-12);
  check_same(run("dco", with("dco", {{"n", 1}}), b), ce, 1e-12);
  check_same(run("confidence_penalty", with("confidence_penalty", {{"beta", 0}}), b), ce, 1e-12);
  check_same(run("sce", with("sce", {{"alpha", 1}, {"beta", 0}}), b), ce, 1e-12);
  // Taylor CE converges to CE as the order grows, for samples the model already favours (p_y > ½):
  // the remainder Σ_{i>t} (1−p)^i/i ≤ (1−p)^{t+1}/((t+1)p).
  OwnedBatch confident = b;
  for (Eigen::Index i = 0; i < confident.logits.cols(); ++i)
    confident.logits(confident.labels[static_cast<size_t>(i)], i) += 12;
  const LossResult ce_confident = run("ce", {}, confident);
  const LossResult taylor2 = run("taylor_ce", with("taylor_ce", {{"order", 2}}), confident);
  const LossResult taylor10 = run("taylor_ce", with("taylor_ce", {{"order", 10}}), confident);
  for (Eigen::Index i = 0; i < ce_confident.loss.size(); ++i) {
    const double p = std::exp(-ce_confident.loss[i]);
    REQUIRE(p > 0.5);
    const double gap = ce_confident.loss[i] - taylor10.loss[i];
    CHECK(gap >= -1e-15);
    CHECK(gap <= std::pow(1 - p, 11) / (11 * p) * (1 + 1e-9) + 1e-15);
    CHECK(gap < ce_confident.loss[i] - taylor2.loss[i] + 1e-15);  // more terms, closer
  }
}

TEST_CASE("generalized cross-entropy tends to cross-entropy as q goes to 0 and is 1 - p_y at q = 1") {
  const OwnedBatch b = sample_batch();
  const LossResult ce = run("ce", {}, b);
  // (1 − p^q)/q = −log p − q·log²p/2 − …: at q = 1e-3 the gap is below q·max(log²p).
  const LossResult small_q = run("gce", with("gce", {{"q", 1e-3}}), b);
  const double bound = 1e-3 * ce.loss.cwiseAbs2().maxCoeff();
  CHECK((small_q.loss - ce.loss).cwiseAbs().maxCoeff() <= bound);
  CHECK((small_q.loss - ce.loss).cwiseAbs().maxCoeff() > 0);  // and it is not CE itself
  const LossResult q1 = run("gce", with("gce", {{"q", 1}}), b);
  const LossResult tau2 = run("comp_sum", with("comp_sum", {{"tau", 2}}), b);
  const LossResult mae = run("mae", {}, b);
  for (Eigen::Index i = 0; i < ce.loss.size(); ++i) {
    const double one_minus_py = 1 - std::exp(-ce.loss[i]);
    CHECK(q1.loss[i] == Approx(one_minus_py).epsilon(1e-12));
    CHECK(tau2.loss[i] == Approx(one_minus_py).epsilon(1e-12));
    CHECK(mae.loss[i] == Approx(2 * one_minus_py).epsilon(1e-12));
  }
  // comp_sum with τ ∈ (1, 2) is GCE with q = τ − 1.
  check_same(run("comp_sum", with("comp_sum", {{"tau", 1.3}}), b), run("gce", with("gce", {{"q", 0.3}}), b), 1e-12);
}

TEST_CASE("losses of p_y alone have gradient w times the cross-entropy gradient") {
  // ∂ℓ/∂z = w(p − e_y) for every such loss, so its gradient is parallel to CE's, sample by sample.
  const OwnedBatch b = sample_batch();
  const LossResult ce = run("ce", {}, b);
  for (const char* name : {"focal", "gce", "rce", "sce", "mae", "poly1", "taylor_ce", "comp_sum", "dco"}) {
    INFO(name);
    const LossResult r = run(name, default_loss_params(*find_loss(name)), b);
    for (Eigen::Index i = 0; i < ce.loss.size(); ++i) {
      const double w = r.dlogits.col(i).dot(ce.dlogits.col(i)) / ce.dlogits.col(i).squaredNorm();
      CHECK(w > 0);
      CHECK((r.dlogits.col(i) - w * ce.dlogits.col(i)).norm() < 1e-12 * (1 + r.dlogits.col(i).norm()));
    }
  }
}

TEST_CASE("every classification loss is invariant to adding a constant to all logits") {
  std::ostringstream report;
  int failures = 0;
  for (const LossCase& c : registry_cases({4})) {
    if (c.loss->task != LossTask::classification) continue;
    if (c.loss->name == "ldr_kl" && param_or(c, "normalize", 0) != 0) continue;  // softplus is not shift-invariant
    OwnedBatch b = random_batch(c, 6, 3);
    LossResult base;
    evaluate_loss(*c.loss, c.params, b.view(*c.loss), base, true);
    b.logits.array() += 1000.0;
    b.adv.array() += 1000.0;
    LossResult shifted;
    evaluate_loss(*c.loss, c.params, b.view(*c.loss), shifted, true);
    const double dl = (base.loss - shifted.loss).cwiseAbs().maxCoeff();
    const double dg = (base.dlogits - shifted.dlogits).cwiseAbs().maxCoeff();
    if (!(dl <= 1e-8 * (1 + base.loss.cwiseAbs().maxCoeff()) && dg <= 1e-8 * (1 + base.dlogits.cwiseAbs().maxCoeff()))) {
      report << c.label() << ": loss moved " << dl << ", gradient " << dg << "\n";
      ++failures;
    }
  }
  INFO(report.str());
  CHECK(failures == 0);
}

TEST_CASE("every loss stays finite at logits of magnitude 1e4") {
  std::ostringstream report;
  int failures = 0;
  for (const LossCase& c : registry_cases({2, 5})) {
    OwnedBatch b = random_batch(c, 6, 11);
    for (Eigen::Index i = 0; i < b.logits.cols(); ++i)
      for (Eigen::Index j = 0; j < b.logits.rows(); ++j) {
        b.logits(j, i) = ((i + j) % 2 ? 1e4 : -1e4) + b.logits(j, i);
        b.adv(j, i) = b.logits(j, i) + (j == 0 ? 5.0 : 0.0);
        b.teacher(j, i) = (j % 2 ? 1e4 : -1e4);
      }
    // The correct class at the top for half the samples, at the bottom for the other half.
    LossResult r;
    evaluate_loss(*c.loss, c.params, b.view(*c.loss), r, true);
    const bool finite = r.loss.allFinite() && r.dlogits.allFinite() && (r.dadv.size() == 0 || r.dadv.allFinite());
    if (!finite) {
      report << c.label() << "\n";
      ++failures;
    }
  }
  INFO(report.str());
  CHECK(failures == 0);
}
