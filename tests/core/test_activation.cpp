// Activations: known values, and each derivative against central finite differences (in double).
#include <catch2/catch.hpp>

#include <cmath>

#include "nn/activation.hpp"

using namespace losslab;

TEST_CASE("activations give known values") {
  Mat z(1, 4);
  z << -2.0f, -0.5f, 0.0f, 1.0f;
  Mat a;
  activation_forward(Activation::relu, z, a);
  CHECK(a(0) == 0.0f);
  CHECK(a(3) == 1.0f);
  activation_forward(Activation::tanh, z, a);
  CHECK(a(1) == Approx(std::tanh(-0.5)).epsilon(1e-6));
  activation_forward(Activation::gelu, z, a);
  CHECK(a(3) == Approx(0.8413447460685429).epsilon(1e-6));   // 1·Φ(1)
  CHECK(a(0) == Approx(-0.04550026389635842).epsilon(1e-5));  // −2·Φ(−2)
  CHECK(a(2) == 0.0f);
}

TEST_CASE("activation derivatives match finite differences") {
  const auto kind = GENERATE(Activation::relu, Activation::tanh, Activation::gelu);
  CAPTURE(activation_name(kind));
  Mat z(1, 7);
  z << -2.3f, -1.1f, -0.4f, 0.2f, 0.9f, 1.7f, 3.1f;  // away from ReLU's kink at 0
  Mat a, dz;
  activation_forward(kind, z, a);
  const Mat ones = Mat::Ones(1, 7);
  activation_backward(kind, z, a, ones, dz);
  const float h = 1e-2f;
  Mat plus, minus;
  activation_forward(kind, (z.array() + h).matrix(), plus);
  activation_forward(kind, (z.array() - h).matrix(), minus);
  const Mat fd = (plus - minus) / (2 * h);
  const float worst = (fd - dz).cwiseAbs().maxCoeff();
  INFO("largest |finite difference − analytic| = " << worst);
  CHECK(worst < 1e-3f);  // O(h²) truncation ≈ 1e-4·f''' plus float rounding 1e-7/h
}

TEST_CASE("every activation name maps back to its kind") {
  for (const auto& info : activation_registry()) {
    REQUIRE(activation_from_name(info.name) == info.kind);
    CHECK(activation_name(info.kind) == info.name);
  }
  CHECK_FALSE(activation_from_name("sigmoid").has_value());
}
