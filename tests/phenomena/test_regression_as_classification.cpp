// regression-as-classification (PHENOMENA.md §7): on targets with heavy-tailed noise, HL-Gauss (and
// two-hot) end with a clean test error well below the squared error's, and the squared error never
// reaches the level that is HL-Gauss's signature. Two-hot is not required to sit between them: on
// seeds 1-5 it matched HL-Gauss within 20 % either way (the preset file's header has the numbers).
#include "phenomena/phenomenon.hpp"

using namespace losslab;
using namespace losslab::phenomena;

TEST_CASE("regression-as-classification: HL-Gauss and two-hot end below MSE on clean test targets") {
  const History hl_gauss = run_preset("regression-as-classification");
  const History mse = run_preset("regression-as-classification-mse");
  const History two_hot = run_preset("regression-as-classification-two-hot");
  const double hl_end = series(hl_gauss, "test_mse").value.back();
  const double mse_end = series(mse, "test_mse").value.back();
  const double two_hot_end = series(two_hot, "test_mse").value.back();
  INFO("final clean test MSE: hl_gauss " << hl_end << ", two_hot " << two_hot_end << ", mse " << mse_end);
  std::cout << "final clean test MSE: hl_gauss " << hl_end << ", two_hot " << two_hot_end << ", mse " << mse_end
            << "\n";
  // Measured 2.7-12x apart on seeds 1-5 (4.7x on the preset's seed 1).
  CHECK(hl_end < 0.5 * mse_end);
  CHECK(two_hot_end < 0.5 * mse_end);
  // Each falls from the untrained curve's error; the binned losses' stays down at the end.
  for (const History* h : {&hl_gauss, &mse, &two_hot}) {
    const Series& s = series(*h, "test_mse");
    CHECK(s.value.back() < 0.1 * s.value.front());
  }
  // The squared error never gets as close to the clean curve as HL-Gauss's signature asks.
  const Preset& preset = *find_preset("regression-as-classification");
  const Signature mse_seen = preset.signature(mse, preset.config);
  INFO("mse: " << mse_seen.text << ", its lowest clean test MSE " << min_value(series(mse, "test_mse")));
  CHECK_FALSE(mse_seen.reached);
}
