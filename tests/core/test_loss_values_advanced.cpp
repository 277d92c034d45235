// The advanced losses (extra inputs, batch coupling, implicit normalisers, regression bins) against values
// worked out by hand with <cmath>, independently of the implementations, and against the identities that
// tie them to cross-entropy and ListMLE (LOSSES.md). Gradients are checked by test_loss_gradients.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "loss/loss.hpp"

using namespace losslab;

namespace {

// One batch and the inputs a loss may read; columns are samples.
struct Inputs {
  MatD logits, teacher, adv, features;
  std::vector<int32_t> labels;
  std::vector<double> values, state;
};

MatD column(std::initializer_list<double> v) {
  MatD m(static_cast<Eigen::Index>(v.size()), 1);
  Eigen::Index i = 0;
  for (double x : v) m(i++, 0) = x;
  return m;
}

LossParams params_of(const LossInfo& loss, std::initializer_list<std::pair<const char*, double>> values) {
  LossParams p = default_loss_params(loss);
  for (const auto& [name, v] : values) {
    const int i = loss_param_index(loss, name);
    REQUIRE(i >= 0);
    p[static_cast<size_t>(i)] = v;
  }
  return p;
}

LossResult run(const char* name, std::initializer_list<std::pair<const char*, double>> values, const Inputs& in) {
  const LossInfo* loss = find_loss(name);
  REQUIRE(loss);
  LossBatch b;
  b.logits = &in.logits;
  b.labels = in.labels;
  b.values = in.values;
  if (in.teacher.size()) b.teacher_logits = &in.teacher;
  if (in.adv.size()) b.adv_logits = &in.adv;
  if (in.features.size()) b.features = &in.features;
  b.sample_state = in.state;
  LossResult r;
  evaluate_loss(*loss, params_of(*loss, values), b, r, true);
  return r;
}

// The running example: z = (1, 2, 0.5), label 0.
const double z0 = 1, z1 = 2, z2 = 0.5;
double lse3(double a, double b, double c) { return std::log(std::exp(a) + std::exp(b) + std::exp(c)); }
Inputs example() {
  Inputs in;
  in.logits = column({z0, z1, z2});
  in.labels = {0};
  return in;
}
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double softplus(double x) { return std::log1p(std::exp(x)); }
double phi(double x) { return 0.5 * (1 + std::erf(x / std::sqrt(2.0))); }

}  // namespace

TEST_CASE("adv_comp_sum adds nu times the change of the margin vector") {
  Inputs in = example();
  in.adv = column({1.3, 1.9, 0.2});
  // d = adv − z = (0.3, −0.1, −0.3); r_k = d_0 − d_k = (0.4, 0.6); R = √(0.16 + 0.36 + 1e-12).
  const double r = std::sqrt(0.52 + 1e-12), ce = lse3(z0, z1, z2) - z0;
  const LossResult a = run("adv_comp_sum", {{"tau", 1}, {"nu", 0.5}}, in);
  CHECK(a.loss[0] == Approx(ce + 0.5 * r).epsilon(1e-12));
  // ∂/∂adv: ν(r₁ + r₂)/R for the label, −ν r_k/R for the others; ∂/∂z = (p − e_y) − ∂/∂adv.
  CHECK(a.dadv(0, 0) == Approx(0.5 * 1.0 / r).epsilon(1e-12));
  CHECK(a.dadv(1, 0) == Approx(-0.5 * 0.4 / r).epsilon(1e-12));
  CHECK(a.dadv(2, 0) == Approx(-0.5 * 0.6 / r).epsilon(1e-12));
  const double p1 = std::exp(z1 - lse3(z0, z1, z2));
  CHECK(a.dlogits(1, 0) == Approx(p1 + 0.5 * 0.4 / r).epsilon(1e-12));
  // τ = 0.5: comp-sum term (p_y^(τ−1) − 1)/(1 − τ).
  const double py = std::exp(-ce);
  const LossResult half = run("adv_comp_sum", {{"tau", 0.5}, {"nu", 0.5}}, in);
  CHECK(half.loss[0] == Approx((std::pow(py, -0.5) - 1) / 0.5 + 0.5 * r).epsilon(1e-12));
  // Without perturbed logits (evaluation) only the comp-sum term is scored.
  CHECK(run("adv_comp_sum", {{"tau", 1}, {"nu", 0.5}}, example()).loss[0] == Approx(ce).epsilon(1e-12));
}

TEST_CASE("ldr_kl matches its closed form and equals lambda times CE on shifted scaled logits") {
  // λ = 0.5, c = 0.1: ℓ = λ log((e⁰ + e^{(2 − 1 + 0.1)/λ} + e^{(0.5 − 1 + 0.1)/λ}) / 3).
  const double lambda = 0.5, c = 0.1;
  const double hand = lambda * std::log((1 + std::exp(2.2) + std::exp(-0.8)) / 3);
  const LossResult r = run("ldr_kl", {{"lambda", lambda}, {"margin", c}}, example());
  CHECK(r.loss[0] == Approx(hand).epsilon(1e-12));
  // = λ·CE((z + c(1 − e_y))/λ, y) − λ log K, with gradient softmax((z + c(1 − e_y))/λ) − e_y.
  Inputs shifted = example();
  shifted.logits = column({z0 / lambda, (z1 + c) / lambda, (z2 + c) / lambda});
  const LossResult ce = run("ce", {}, shifted);
  CHECK(r.loss[0] == Approx(lambda * ce.loss[0] - lambda * std::log(3.0)).epsilon(1e-12));
  CHECK((r.dlogits - ce.dlogits).cwiseAbs().maxCoeff() < 1e-12);
  // normalize: x = softplus(z) / mean softplus(z), then the same formula on x.
  const double s0 = softplus(z0), s1 = softplus(z1), s2 = softplus(z2), mean = (s0 + s1 + s2) / 3;
  const double x0 = s0 / mean, x1 = s1 / mean, x2 = s2 / mean;
  const double normalized = lambda * std::log((1 + std::exp((x1 - x0 + c) / lambda) + std::exp((x2 - x0 + c) / lambda)) / 3);
  CHECK(run("ldr_kl", {{"lambda", lambda}, {"margin", c}, {"normalize", 1}}, example()).loss[0] ==
        Approx(normalized).epsilon(1e-12));
}

TEST_CASE("aldr_kl updates the per-sample lambda from the logits and subtracts its penalty") {
  const LossInfo* loss = find_loss("aldr_kl");
  REQUIRE(loss);
  const LossParams prm = params_of(*loss, {{"lambda0", 1}, {"alpha", 2}, {"margin", 0.1}});
  CHECK(loss->state_init(prm) == 1);
  // p̂ = (softmax(z/λ) + 1e-5) / (1 + 3e-5),  λ ← 1 − KL(p̂ ‖ uniform) / (2 log 3).
  auto next_lambda = [](double lambda) {
    const double e0 = std::exp(z0 / lambda), e1 = std::exp(z1 / lambda), e2 = std::exp(z2 / lambda);
    const double sum = e0 + e1 + e2;
    double kl = 0;
    for (double e : {e0, e1, e2}) {
      const double p = (e / sum + 1e-5) / (1 + 3e-5);
      kl += p * std::log(3 * p);
    }
    return 1 - kl / (2 * std::log(3.0));
  };
  Inputs in = example();
  LossBatch b;
  b.logits = &in.logits;
  b.labels = in.labels;
  std::vector<double> state{loss->state_init(prm)};
  loss->state_update(b, prm, state);
  const double first = next_lambda(1);
  CHECK(state[0] == Approx(first).epsilon(1e-12));
  loss->state_update(b, prm, state);  // the second update starts from the stored λ
  CHECK(state[0] == Approx(next_lambda(first)).epsilon(1e-12));
  // ℓ = LDR-KL(λ_i) − (α log K / (2λ₀))(λ_i − λ₀)².
  const double lambda = state[0];
  const double ldr = lambda * std::log((1 + std::exp((z1 - z0 + 0.1) / lambda) + std::exp((z2 - z0 + 0.1) / lambda)) / 3);
  in.state = state;
  const LossResult r = run("aldr_kl", {{"lambda0", 1}, {"alpha", 2}, {"margin", 0.1}}, in);
  CHECK(r.loss[0] == Approx(ldr - 2 * std::log(3.0) / 2 * (lambda - 1) * (lambda - 1)).epsilon(1e-12));
}

TEST_CASE("dice per sample and with the batch denominator match hand values") {
  // α = 1, γ = 1, a_k = (1 − p_k) p_k; y = e_0:
  //   ℓ = [1 − (2a₀ + 1)/(a₀ + 1 + 1)] + Σ_{k≠0} [1 − 1/(a_k + 1)]
  const double lse = lse3(z0, z1, z2);
  const double p0 = std::exp(z0 - lse), p1 = std::exp(z1 - lse), p2 = std::exp(z2 - lse);
  const double a0 = (1 - p0) * p0, a1 = (1 - p1) * p1, a2 = (1 - p2) * p2;
  const double hand = (1 - (2 * a0 + 1) / (a0 + 2)) + (1 - 1 / (a1 + 1)) + (1 - 1 / (a2 + 1));
  CHECK(run("dice", {{"alpha", 1}, {"gamma", 1}}, example()).loss[0] == Approx(hand).epsilon(1e-12));
  // α = 0 is plain soft Dice: a = p.
  const double plain = (1 - (2 * p0 + 1) / (p0 + 2)) + (1 - 1 / (p1 + 1)) + (1 - 1 / (p2 + 1));
  CHECK(run("dice", {{"alpha", 0}, {"gamma", 1}}, example()).loss[0] == Approx(plain).epsilon(1e-12));
  // Batch denominator, two samples (z, label 0) and (0, 0, 0), label 2; α = 0, γ = 0.5:
  //   D_k = Σ_i p_ik + Σ_i y_ik + γ,   ℓ_i = Σ_k [1 − (2 p_ik y_ik + γ) / D_k]
  Inputs two = example();
  two.logits.conservativeResize(3, 2);
  two.logits.col(1).setZero();
  two.labels = {0, 2};
  const double q = 1.0 / 3, g = 0.5;
  const double d0 = p0 + q + 1 + g, d1 = p1 + q + g, d2 = p2 + q + 1 + g;
  const double l0 = (1 - (2 * p0 + g) / d0) + (1 - g / d1) + (1 - g / d2);
  const double l1 = (1 - g / d0) + (1 - g / d1) + (1 - (2 * q + g) / d2);
  const LossResult r = run("dice", {{"alpha", 0}, {"gamma", g}, {"batch_denominator", 1}}, two);
  CHECK(r.loss[0] == Approx(l0).epsilon(1e-12));
  CHECK(r.loss[1] == Approx(l1).epsilon(1e-12));
}

TEST_CASE("bias_loss weights cross-entropy by the normalised feature variance") {
  // Features (0, 0), (0, 2), (0, 4): variances 0, 1, 4 → v = (0, 1/4, 1); w = e^{βv} − 1 + α.
  Inputs in;
  in.logits = MatD::Zero(3, 3);
  in.logits.col(0) << z0, z1, z2;
  in.labels = {0, 1, 2};
  in.features.resize(2, 3);
  in.features << 0, 0, 0, 0, 2, 4;
  const double ce0 = lse3(z0, z1, z2) - z0, ce_uniform = std::log(3.0);
  const LossResult r = run("bias_loss", {{"alpha", 0.3}, {"beta", 0.3}}, in);
  CHECK(r.loss[0] == Approx((std::exp(0.0) - 1 + 0.3) * ce0).epsilon(1e-12));
  CHECK(r.loss[1] == Approx((std::exp(0.3 * 0.25) - 1 + 0.3) * ce_uniform).epsilon(1e-12));
  CHECK(r.loss[2] == Approx((std::exp(0.3) - 1 + 0.3) * ce_uniform).epsilon(1e-12));
  // All variances equal: v = 0 and every weight is α.
  in.features.setOnes();
  const LossResult flat = run("bias_loss", {{"alpha", 0.3}, {"beta", 0.3}}, in);
  CHECK(flat.loss[0] == Approx(0.3 * ce0).epsilon(1e-12));
}

TEST_CASE("bi_tempered at t1 equal t2 equal 1 is cross-entropy") {
  Inputs in = example();
  in.logits.conservativeResize(3, 2);
  in.logits.col(1) << -3, 0.25, 4;
  in.labels = {0, 1};
  const LossResult bt = run("bi_tempered", {{"t1", 1}, {"t2", 1}}, in);
  const LossResult ce = run("ce", {}, in);
  CHECK((bt.loss - ce.loss).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((bt.dlogits - ce.dlogits).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("bi_tempered matches a closed-form normaliser and a bisection reference") {
  // t2 = 2: exp₂(x) = 1/(1 − x). z = (0, −1), λ = μ: 1/(1 + μ) + 1/(2 + μ) = 1 ⇒ μ² + μ − 1 = 0,
  // μ = (√5 − 1)/2, ŷ = (1/(1 + μ), 1/(2 + μ)). t1 = 0.5, label 0:
  //   ℓ = −(ŷ₀^0.5 − 1)/0.5 − (1 − ŷ₀^1.5 − ŷ₁^1.5)/1.5
  const double mu = (std::sqrt(5.0) - 1) / 2, y0 = 1 / (1 + mu), y1 = 1 / (2 + mu);
  Inputs two;
  two.logits = column({0, -1});
  two.labels = {0};
  const double hand = -(std::sqrt(y0) - 1) / 0.5 - (1 - std::pow(y0, 1.5) - std::pow(y1, 1.5)) / 1.5;
  CHECK(run("bi_tempered", {{"t1", 0.5}, {"t2", 2}}, two).loss[0] == Approx(hand).epsilon(1e-12));
  // Defaults t1 = 0.8, t2 = 1.2 on the running example: λ by bisection on Σ exp_t2(z − λ) = 1,
  // exp_t(x) = (1 + (1 − t)x)^(1/(1−t)), log_t(x) = (x^(1−t) − 1)/(1 − t).
  const double t1 = 0.8, t2 = 1.2;
  auto exp_t2 = [&](double x) { return std::pow(1 + (1 - t2) * x, 1 / (1 - t2)); };
  auto mass = [&](double lam) { return exp_t2(z0 - lam) + exp_t2(z1 - lam) + exp_t2(z2 - lam); };
  double lo = z1, hi = z1 + 100;  // mass(lo) ≥ 1 > mass(hi)
  for (int i = 0; i < 200; ++i) (mass((lo + hi) / 2) > 1 ? lo : hi) = (lo + hi) / 2;
  const double lam = (lo + hi) / 2;
  const double h0 = exp_t2(z0 - lam), h1 = exp_t2(z1 - lam), h2 = exp_t2(z2 - lam);
  const double e = 2 - t1;
  const double expected = -(std::pow(h0, 1 - t1) - 1) / (1 - t1) -
                          (1 - std::pow(h0, e) - std::pow(h1, e) - std::pow(h2, e)) / e;
  CHECK(run("bi_tempered", {}, example()).loss[0] == Approx(expected).epsilon(1e-12));
}

TEST_CASE("kd matches its hand value and is cross-entropy at alpha 0") {
  Inputs in = example();
  in.teacher = column({0.2, 1.5, -0.4});
  // T = 2, α = 0.5: ℓ = 0.5·CE + 0.5·4·Σ_k q_t (log q_t − log q_s), q = softmax(·/2).
  const double ls = lse3(z0 / 2, z1 / 2, z2 / 2), lt = lse3(0.1, 0.75, -0.2);
  const double zs[] = {z0 / 2, z1 / 2, z2 / 2}, zt[] = {0.1, 0.75, -0.2};
  double kl = 0;
  for (int k = 0; k < 3; ++k) kl += std::exp(zt[k] - lt) * ((zt[k] - lt) - (zs[k] - ls));
  const double ce = lse3(z0, z1, z2) - z0;
  CHECK(run("kd", {{"temperature", 2}, {"alpha", 0.5}}, in).loss[0] == Approx(0.5 * ce + 2 * kl).epsilon(1e-12));
  const LossResult hard = run("kd", {{"alpha", 0}}, in);
  const LossResult plain = run("ce", {}, in);
  CHECK(hard.loss[0] == Approx(plain.loss[0]).epsilon(1e-14));
  CHECK((hard.dlogits - plain.dlogits).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("pld matches its hand value and reduces to CE and ListMLE") {
  Inputs in = example();
  // Teacher (0.2, 0.1, 0.9), T = 1: π = (0, 2, 1) (label first, then by teacher logit),
  //   ℓ = α₀ (lse(z₀, z₂, z₁) − z₀) + α₂ (lse(z₂, z₁) − z₂) + α₁ · 0
  in.teacher = column({0.2, 0.1, 0.9});
  const double lt = lse3(0.2, 0.1, 0.9);
  const double a0 = std::exp(0.2 - lt), a2 = std::exp(0.9 - lt);
  const double lse21 = std::log(std::exp(z2) + std::exp(z1));
  const double hand = a0 * (lse3(z0, z1, z2) - z0) + a2 * (lse21 - z2);
  CHECK(run("pld", {{"temperature", 1}}, in).loss[0] == Approx(hand).epsilon(1e-12));
  // A teacher certain of the label (α = e₁): cross-entropy, value and gradient.
  in.teacher = column({1e4, 0, 0});
  const LossResult certain = run("pld", {}, in);
  const LossResult ce = run("ce", {}, in);
  CHECK(certain.loss[0] == Approx(ce.loss[0]).epsilon(1e-14));
  CHECK((certain.dlogits - ce.dlogits).cwiseAbs().maxCoeff() < 1e-14);
  // A uniform teacher (α = 1/K, ties by class index: π = (0, 1, 2)): ListMLE / K.
  in.teacher = column({0, 0, 0});
  const double list_mle = (lse3(z0, z1, z2) - z0) + (std::log(std::exp(z1) + std::exp(z2)) - z1);
  CHECK(run("pld", {}, in).loss[0] == Approx(list_mle / 3).epsilon(1e-12));
}

TEST_CASE("anyloss accuracy is one minus the mean soft one-vs-rest accuracy of the batch") {
  // K = 3, B = 3, labels (0, 1, 2). A_ik = σ(L(p_ik − ½)); class k's soft accuracy
  // (TP + TN)/B = Σ_i [y_ik A_ik + (1 − y_ik)(1 − A_ik)] / 3; ℓ = mean_k (1 − accuracy_k).
  Inputs in;
  in.logits.resize(3, 3);
  in.logits << 2, 0, 0.5,  //
      0, 1, 0.5,           //
      0, 0, 0.6;
  in.labels = {0, 1, 2};
  const double amp = 4;  // a small L keeps A away from 0 and 1, so every term counts
  double loss = 0;
  for (int k = 0; k < 3; ++k) {
    double correct = 0;
    for (int i = 0; i < 3; ++i) {
      const double lse = lse3(in.logits(0, i), in.logits(1, i), in.logits(2, i));
      const double a = sigmoid(amp * (std::exp(in.logits(k, i) - lse) - 0.5));
      correct += in.labels[static_cast<size_t>(i)] == k ? a : 1 - a;
    }
    loss += (1 - correct / 3) / 3;
  }
  const LossResult r = run("anyloss", {{"metric", 0}, {"L", amp}}, in);
  for (Eigen::Index i = 0; i < 3; ++i) CHECK(r.loss[i] == Approx(loss).epsilon(1e-12));
  // F1 of the same batch: mean_k [1 − 2TP / (n₁ + ΣA + 1e-5)].
  double f1_loss = 0;
  for (int k = 0; k < 3; ++k) {
    double tp = 0, sum_a = 0;
    for (int i = 0; i < 3; ++i) {
      const double lse = lse3(in.logits(0, i), in.logits(1, i), in.logits(2, i));
      const double a = sigmoid(amp * (std::exp(in.logits(k, i) - lse) - 0.5));
      sum_a += a;
      if (in.labels[static_cast<size_t>(i)] == k) tp += a;
    }
    f1_loss += (1 - 2 * tp / (1 + sum_a + 1e-5)) / 3;
  }
  CHECK(run("anyloss", {{"metric", 1}, {"L", amp}}, in).loss[0] == Approx(f1_loss).epsilon(1e-12));
}

TEST_CASE("mse is the squared error of the single output") {
  Inputs in;
  in.logits = column({0.7});
  in.values = {0.2};
  const LossResult r = run("mse", {}, in);
  CHECK(r.loss[0] == Approx(0.25).epsilon(1e-14));
  CHECK(r.dlogits(0, 0) == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("two_hot splits the target between the two nearest bin centres") {
  // K = 3 bins over [−1, 1]: w = 2/3, centres (−2/3, 0, 2/3). v = 0.1 lies between 0 and 2/3:
  // t₁ = (2/3 − 0.1)/(2/3) = 0.85, t₂ = 0.15; ℓ = −(0.85 log p₁ + 0.15 log p₂).
  Inputs in = example();
  in.values = {0.1};
  const double lse = lse3(z0, z1, z2);
  const LossResult r = run("two_hot", {{"v_min", -1}, {"v_max", 1}}, in);
  CHECK(r.loss[0] == Approx(-(0.85 * (z1 - lse) + 0.15 * (z2 - lse))).epsilon(1e-12));
  // The target t = p − grad has mean v; beyond the last centre all mass is on the last bin.
  const double centres[] = {-2.0 / 3, 0, 2.0 / 3};
  double mean = 0;
  for (int j = 0; j < 3; ++j) mean += (std::exp(in.logits(j, 0) - lse) - r.dlogits(j, 0)) * centres[j];
  CHECK(mean == Approx(0.1).epsilon(1e-12));
  in.values = {0.95};
  CHECK(run("two_hot", {}, in).loss[0] == Approx(-(z2 - lse)).epsilon(1e-12));
}

TEST_CASE("hl_gauss integrates a Gaussian over the bins and renormalises it") {
  // K = 3 over [−1, 1]: edges (−1, −1/3, 1/3, 1), σ = 0.75 · 2/3 = 0.5, v = 0.1:
  //   t_j = [Φ((b_{j+1} − v)/σ) − Φ((b_j − v)/σ)] / [Φ((1 − v)/σ) − Φ((−1 − v)/σ)]
  Inputs in = example();
  in.values = {0.1};
  const double edges[] = {-1, -1.0 / 3, 1.0 / 3, 1}, sigma = 0.5, v = 0.1;
  const double norm = phi((1 - v) / sigma) - phi((-1 - v) / sigma);
  const double lse = lse3(z0, z1, z2);
  double hand = 0;
  for (int j = 0; j < 3; ++j) {
    const double t = (phi((edges[j + 1] - v) / sigma) - phi((edges[j] - v) / sigma)) / norm;
    hand -= t * (in.logits(j, 0) - lse);
  }
  CHECK(run("hl_gauss", {}, in).loss[0] == Approx(hand).epsilon(1e-12));
  // With 51 bins the target sums to 1 and its mean is v (the Gaussian is far from the range's ends).
  Inputs wide;
  wide.logits = MatD::Zero(51, 1);
  wide.values = {0.1};
  const LossResult r = run("hl_gauss", {}, wide);
  const double w = 2.0 / 51;
  double total = 0, mean = 0;
  for (int j = 0; j < 51; ++j) {
    const double t = 1.0 / 51 - r.dlogits(j, 0);  // p uniform
    total += t;
    mean += t * (-1 + (j + 0.5) * w);
  }
  CHECK(total == Approx(1.0).epsilon(1e-12));
  CHECK(mean == Approx(0.1).margin(1e-4));
  // Far outside the range every bin's mass underflows: all of it goes to the nearest bin.
  wide.values = {1000};
  const LossResult far = run("hl_gauss", {}, wide);
  CHECK(far.loss.allFinite());
  CHECK(far.dlogits(50, 0) == Approx(1.0 / 51 - 1).epsilon(1e-12));
}
