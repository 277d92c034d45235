// §9 of PHENOMENA.md: model-wise double descent (Belkin et al. 2019; Nakkiran et al. 2019). One hidden
// layer of width 1 to 512 on a 4-class Gaussian mixture with 200 training samples, 15 % of their labels
// flipped, each width trained by full-batch Adam until it fits what it can (1,500 steps), three seeds per
// width. Small nets underfit and get better with width; the width that just manages to fit every
// training label — flipped ones included — has to bend its boundary around each flipped point and is
// worst on the clean test set; wider nets fit the same labels with smoother functions and get better
// again, past the best small net.
//
// The interpolation threshold is read off the curve (the first width with zero training error), not
// from the parameter count: cross-entropy only needs each label to win, which a net manages with far
// fewer than samples × classes parameters (measured: width 6–8, 130–170 parameters, against 800).
//
// Measured (seeds 1–3 and 4–6, mean of three): test error 0.33–0.47 at width 1, lowest 0.15–0.19 at width
// 3, a peak of 0.32–0.33 at width 6–8 where the training error reaches 0, and 0.19 at width 512.
#include "train/phenomena/phenomena.hpp"

#include <cstdio>

#include "train/history_shape.hpp"

namespace losslab {
namespace {

// Falls, peaks where the training error reaches zero, falls again: read off the curve of the mean test
// error against the width (the curve's step axis).
Signature double_descent(const History& curve, const RunConfig&) {
  const Series* test = curve.find("test_error");
  const Series* train = curve.find("train_error");
  if (!test || !train || test->value.size() < 4) return {};
  const int64_t threshold = first_step(*train, 0.005, false);  // the interpolation threshold
  if (threshold < 0) return {};
  // The first descent: the best width below the threshold, clearly better than the narrowest.
  size_t best = 0;
  for (size_t i = 0; i < test->step.size() && test->step[i] < threshold; ++i)
    if (test->value[i] < test->value[best]) best = i;
  if (test->value[best] > test->value.front() - 0.05) return {};
  // The peak: the worst width after it, within a factor of two of the threshold.
  size_t peak = best;
  for (size_t i = best; i < test->step.size() && test->step[i] <= 2 * threshold; ++i)
    if (test->value[i] > test->value[peak]) peak = i;
  if (test->step[peak] * 2 < threshold || test->value[peak] < test->value[best] + 0.05) return {};
  // The second descent: a wider net back down by at least half the rise.
  const double rise = test->value[peak] - test->value[best];
  for (size_t i = peak + 1; i < test->step.size(); ++i)
    if (test->value[i] <= test->value[peak] - 0.5 * rise) {
      char text[200];
      std::snprintf(text, sizeof text,
                    "test error %.2f at width %lld, %.2f at width %lld, up to %.2f at width %lld (zero training "
                    "error from width %lld), down to %.2f at width %lld",
                    test->value.front(), static_cast<long long>(test->step.front()), test->value[best],
                    static_cast<long long>(test->step[best]), test->value[peak],
                    static_cast<long long>(test->step[peak]), static_cast<long long>(threshold), test->value[i],
                    static_cast<long long>(test->step[i]));
      return {true, test->step[i], text};
    }
  return {};
}

}  // namespace

std::vector<Preset> double_descent_presets() {
  RunConfig c;
  c.dataset = DatasetKind::gaussian_mixture;
  c.classes = 4;
  c.dimension = 16;
  c.mean_norm = 4.0f;
  c.noise = 1.0f;
  c.n_train = 200;
  c.n_test = 2000;
  c.n_calib = 0;
  c.label_noise = LabelNoise::symmetric;
  c.noise_rate = 0.15;
  c.hidden = {8};
  c.optimizer = OptimizerKind::adam;
  c.lr = 0.01f;
  c.batch_size = 200;
  c.steps = 1500;
  c.eval_every = 100;
  c.metrics_every = 500;
  Preset p{"double-descent-width", "Double descent over width",
           "A sweep: one hidden layer of width 1 to 512 on 200 noisy samples, three seeds per width, each "
           "trained until it fits what it can. The curve of test error against width fills in run by run.",
           c,
           "Watch the Sweep tab. Narrow nets underfit: test error falls as the width grows. Near the width "
           "that first fits every training label (the flipped 15% too) the test error climbs to a peak: the "
           "net has just enough room to memorise the noise and must twist its boundary to do it. Wider nets "
           "fit the same labels more smoothly, and the error falls a second time.",
           "Belkin, Hsu, Ma & Mandal 2019, Reconciling modern machine-learning practice and the classical "
           "bias-variance trade-off; Nakkiran et al. 2019, Deep Double Descent. Scaled down: a 1-hidden-layer "
           "MLP on a 4-class Gaussian mixture in 16 dimensions (200 training samples, 15% symmetric label "
           "noise, 2,000 clean test samples), full-batch Adam for 1,500 steps per run.",
           {"loss", "accuracy"},
           "sweep"};
  p.sweep.grid = {{"hidden", {"1", "2", "3", "4", "6", "8", "12", "16", "24", "32", "64", "128", "512"}},
                  {"seed", {"1", "2", "3"}}};
  p.sweep.x = "hidden";
  p.log_steps = true;
  p.signature = &double_descent;
  return {p};
}

}  // namespace losslab
