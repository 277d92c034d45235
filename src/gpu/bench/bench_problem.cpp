#include "bench_problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "util/rng.hpp"

namespace losslab::bench {

FusedCeProblem BenchProblem::problem() const {
  return {&h, &w, shape.bias ? &bias : nullptr, labels, kIgnoreLabel, shape.smoothing};
}

BenchProblem random_problem(const BenchShape& shape) {
  Rng rng(shape.seed);
  BenchProblem p;
  p.shape = shape;
  p.h.resize(shape.d, shape.n);
  p.w.resize(shape.d, shape.v);
  p.bias.resize(shape.v);
  const auto w_scale = static_cast<float>(shape.logit_std / std::sqrt(std::max(shape.d, 1)));
  for (Eigen::Index i = 0; i < p.h.size(); ++i) p.h.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < p.w.size(); ++i) p.w.data()[i] = w_scale * rng.normal();
  for (Eigen::Index i = 0; i < p.bias.size(); ++i) p.bias.data()[i] = 0.5f * rng.normal();
  for (int i = 0; i < shape.n; ++i)
    p.labels.push_back(rng.uniform() < shape.ignored_share ? kIgnoreLabel
                                                           : static_cast<int32_t>(rng.below(static_cast<uint32_t>(shape.v))));
  return p;
}

double relative_error(const Mat& a, const Mat& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return std::numeric_limits<double>::infinity();
  if (a.size() == 0) return 0;
  const double norm = b.cast<double>().norm();
  if (norm < 1e-6) return static_cast<double>(a.cwiseAbs().maxCoeff());
  return (a.cast<double>() - b.cast<double>()).norm() / norm;
}

namespace {

double relative_error(double a, double b) {
  return std::abs(b) < 1e-6 ? std::abs(a) : std::abs(a - b) / std::abs(b);
}

std::string number(double x) {
  if (!std::isfinite(x)) return "null";
  std::ostringstream s;
  s.precision(6);
  s << x;
  return s.str();
}

}  // namespace

std::string compare_json(const FusedCeResult& a, const FusedCeResult& b, bool gradients, bool bias) {
  std::string json = "{\"mean_loss\":" + number(relative_error(a.mean_loss, b.mean_loss)) +
                     ",\"loss\":" + number(relative_error(Mat(a.loss), Mat(b.loss)));
  if (gradients) {
    json += ",\"dh\":" + number(relative_error(a.dh, b.dh)) + ",\"dw\":" + number(relative_error(a.dw, b.dw));
    if (bias) json += ",\"db\":" + number(relative_error(Mat(a.dbias), Mat(b.dbias)));
  }
  return json + "}";
}

std::string filter_bound_json(const BenchProblem& p, const FusedCeResult& filtered, const FusedCeResult& exact,
                              float threshold) {
  const FusedCeProblem problem = p.problem();
  const Eigen::MatrixXd hd = p.h.cast<double>(), wd = p.w.cast<double>();
  Eigen::MatrixXd z = wd.transpose() * hd;  // V×N
  if (problem.bias) z.colwise() += p.bias.cast<double>();
  Eigen::MatrixXd below = Eigen::MatrixXd::Zero(z.rows(), z.cols());  // p where p < t, else 0
  int64_t dropped = 0, entries = 0;
  for (Eigen::Index i = 0; i < z.cols(); ++i) {
    if (p.labels[static_cast<size_t>(i)] == kIgnoreLabel) continue;
    const double m = z.col(i).maxCoeff();
    const double lse = m + std::log((z.col(i).array() - m).exp().sum());
    for (Eigen::Index k = 0; k < z.rows(); ++k) {
      const double s = std::exp(z(k, i) - lse);
      ++entries;
      if (s < threshold) {
        below(k, i) = s;
        ++dropped;
      }
    }
  }
  const double inv_n = 1.0 / static_cast<double>(std::max<int64_t>(used_rows(problem), 1));
  // Largest error / allowance over one output.
  auto worst = [](const Eigen::MatrixXd& error, const Eigen::MatrixXd& bound, double slack) {
    return (error.array() / (bound.array() * 1.001 + slack)).maxCoeff();
  };
  auto slack_of = [](const Mat& exact_out) {
    return 1e-5 * static_cast<double>(exact_out.cwiseAbs().maxCoeff()) + 1e-12;
  };
  const Eigen::MatrixXd dh_err = (filtered.dh - exact.dh).cast<double>().cwiseAbs();
  const Eigen::MatrixXd dw_err = (filtered.dw - exact.dw).cast<double>().cwiseAbs();
  double ratio = std::max(worst(dh_err, inv_n * wd.cwiseAbs() * below, slack_of(exact.dh)),
                          worst(dw_err, inv_n * hd.cwiseAbs() * below.transpose(), slack_of(exact.dw)));
  if (problem.bias) {
    const Eigen::MatrixXd db_err = (filtered.dbias - exact.dbias).cast<double>().cwiseAbs();
    ratio = std::max(ratio, worst(db_err, inv_n * below.rowwise().sum(), slack_of(Mat(exact.dbias))));
  }
  return "{\"ok\":" + std::string(ratio <= 1 ? "true" : "false") + ",\"worst\":" + number(ratio) +
         ",\"dropped\":" + number(entries ? static_cast<double>(dropped) / static_cast<double>(entries) : 0.0) +
         ",\"dh_error\":" + number(relative_error(filtered.dh, exact.dh)) +
         ",\"dw_error\":" + number(relative_error(filtered.dw, exact.dw)) + "}";
}

}  // namespace losslab::bench
