#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "metrics/power_law_fit.hpp"
#include "util/rng.hpp"

namespace losslab {

TEST_CASE("power law fit recovers the asymptote scale and exponent of exact data") {
  const std::vector<double> n = {1e3, 3e3, 1e4, 3e4, 1e5, 3e5};
  for (const double alpha : {0.3, 0.76, 1.5}) {
    std::vector<double> loss;
    for (double x : n) loss.push_back(2.5 + 40.0 * std::pow(x, -alpha));
    const PowerLawFit fit = fit_power_law(n, loss);
    REQUIRE(fit.ok);
    CHECK(fit.alpha == Approx(alpha).epsilon(1e-4));
    CHECK(fit.l_inf == Approx(2.5).epsilon(1e-4));
    CHECK(fit.a == Approx(40.0).epsilon(1e-3));
    CHECK(fit.rms < 1e-6);
    CHECK(fit.at(1e4) == Approx(loss[2]).epsilon(1e-6));
  }
}

TEST_CASE("power law fit with noise stays close and reports the residual") {
  const std::vector<double> n = {1e3, 2e3, 4e3, 8e3, 1.6e4, 3.2e4, 6.4e4};
  Rng rng(3);
  std::vector<double> loss;
  for (double x : n) loss.push_back(1.0 + 20.0 * std::pow(x, -0.5) + 0.002 * rng.normal());
  const PowerLawFit fit = fit_power_law(n, loss);
  REQUIRE(fit.ok);
  CHECK(fit.alpha == Approx(0.5).margin(0.1));
  CHECK(fit.l_inf == Approx(1.0).margin(0.05));
  CHECK(fit.rms > 0);
  CHECK(fit.rms < 0.005);
}

TEST_CASE("power law fit refuses too few points and rising losses") {
  CHECK_FALSE(fit_power_law(std::vector<double>{1e3, 1e4}, std::vector<double>{3, 2}).ok);
  CHECK_FALSE(fit_power_law(std::vector<double>{1e3, 1e4, 1e5}, std::vector<double>{1, 2, 3}).ok);
  CHECK_FALSE(fit_power_law(std::vector<double>{0, 1e4, 1e5}, std::vector<double>{3, 2, 1}).ok);
  CHECK_FALSE(fit_power_law(std::vector<double>{1e3, 1e4, 1e5}, std::vector<double>{3, NAN, 1}).ok);
}

}  // namespace losslab
