// neural-collapse (PHENOMENA.md §5): after the training split is fitted, NC1 keeps falling by orders of
// magnitude, and the class means move toward the simplex equiangular frame.
#include "phenomena/phenomenon.hpp"

#include <algorithm>

using namespace losslab;
using namespace losslab::phenomena;

TEST_CASE("neural-collapse: NC1 falls by orders of magnitude after train accuracy reaches 100 percent") {
  const RunConfig& c = find_preset("neural-collapse")->config;
  const History h = run_preset("neural-collapse");
  const Series& train_acc = series(h, "train_acc");
  const Series& nc1 = series(h, "nc1");
  const Series& angles = series(h, "nc2_equiangularity");
  const Series& norms = series(h, "nc2_equinorm");
  // The terminal phase starts early in the run, and the training split stays fitted to its end.
  const int64_t fitted = first_step(train_acc, 1.0);
  INFO("train accuracy first 100% at step " << fitted);
  REQUIRE(fitted >= 0);
  CHECK(fitted <= c.steps / 10);
  double lowest_after = 1;
  for (size_t i = 0; i < train_acc.step.size(); ++i)
    if (train_acc.step[i] >= fitted) lowest_after = std::min(lowest_after, train_acc.value[i]);
  CHECK(lowest_after >= 0.99);
  // NC1 at the end: at most a hundredth of NC1 when the training split was first fitted, and still
  // falling in the last third of the run (collapse goes on in the terminal phase, not only before it).
  const double at_fit = value_at(nc1, fitted), end = nc1.value.back();
  INFO("NC1 at fit " << at_fit << ", at 2/3 " << value_at(nc1, 2 * c.steps / 3) << ", at end " << end);
  CHECK(end <= at_fit / 100);
  CHECK(end < value_at(nc1, 2 * c.steps / 3));
  // NC2: the centred class means end far more equiangular than the initial features' (cosines' spread
  // under 0.1) and nearly equinorm (norms' spread under a tenth of their mean).
  INFO("equiangularity " << angles.value.front() << " -> " << angles.value.back() << ", equinorm "
                         << norms.value.front() << " -> " << norms.value.back());
  CHECK(angles.value.back() < 0.6 * angles.value.front());
  CHECK(angles.value.back() < 0.1);
  CHECK(norms.value.back() < 0.1);
}
