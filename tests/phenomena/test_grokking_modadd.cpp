// grokking-modadd (PHENOMENA.md §1): memorisation first, generalisation much later. The shape: train
// accuracy reaches 99 % while test accuracy is still at most 60 %; test accuracy passes 95 % only at five
// or more times that step; across the transition the weight norm falls below its peak and the token
// embedding's Fourier sparsity rises. The twin without weight decay memorises and never generalises.
#include "phenomena/phenomenon.hpp"

using namespace losslab;
using namespace losslab::phenomena;

TEST_CASE("grokking-modadd: memorises first, generalises much later as the weight norm falls") {
  const History h = run_preset("grokking-modadd");
  const Series& train_acc = series(h, "train_acc");
  const Series& test_acc = series(h, "test_acc");
  const Series& norm = series(h, "weight_norm");
  const Series& fourier = series(h, "fourier_sparsity");

  const int64_t memorised = first_step(train_acc, 0.99);
  REQUIRE(memorised > 0);
  CHECK(value_at(test_acc, memorised) <= 0.60);
  const int64_t generalised = first_step(test_acc, 0.95);
  INFO("train ≥ 99 % at step " << memorised << ", test ≥ 95 % at step " << generalised);
  REQUIRE(generalised > 0);
  CHECK(generalised >= 5 * memorised);
  // It ends fitted and generalised.
  CHECK(train_acc.value.back() >= 0.99);
  CHECK(test_acc.value.back() >= 0.95);

  // The weight norm falls across the transition: clearly below its peak, and below its value at
  // memorisation.
  INFO("weight norm: peak " << max_value(norm) << ", at memorisation " << value_at(norm, memorised)
                            << ", at generalisation " << value_at(norm, generalised));
  CHECK(value_at(norm, generalised) < 0.92 * max_value(norm));
  CHECK(value_at(norm, generalised) < value_at(norm, memorised));

  // The embedding concentrates on a few frequencies: its top-5 share rises across the transition and ends
  // far above where it started.
  INFO("Fourier sparsity: start " << fourier.value.front() << ", at memorisation " << value_at(fourier, memorised)
                                  << ", at generalisation " << value_at(fourier, generalised) << ", end "
                                  << fourier.value.back());
  CHECK(value_at(fourier, generalised) > value_at(fourier, memorised));
  CHECK(fourier.value.back() > 1.5 * fourier.value.front());
}

TEST_CASE("grokking-modadd-no-wd: without weight decay it memorises and never generalises") {
  const Preset& grok = *find_preset("grokking-modadd");
  const Preset& twin = *find_preset("grokking-modadd-no-wd");
  // The same run but for the weight decay, over the same budget.
  RunConfig same = twin.config;
  same.weight_decay = grok.config.weight_decay;
  CHECK(same == grok.config);
  CHECK(twin.config.weight_decay == 0);

  const History h = run_preset(twin.name);
  const Series& train_acc = series(h, "train_acc");
  const Series& test_acc = series(h, "test_acc");
  CHECK(first_step(train_acc, 0.99) > 0);
  CHECK(train_acc.value.back() >= 0.99);
  CHECK(max_value(test_acc) < 0.60);
}
