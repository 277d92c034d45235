// §7 of PHENOMENA.md: regression through classification. A 1-D regression whose training targets carry
// heavy-tailed (Student-t) noise, learned three ways by the same MLP: the squared error on one output
// (mse), and cross-entropy on 51 bins over [-1, 1] against a two-hot or an HL-Gauss target (sigma = 0.75
// bin widths). The squared error's gradient grows with the residual, so the few wild targets pull the
// curve towards themselves; a binned loss's gradient is p - t, bounded whatever the target, and the
// targets beyond the bins are clipped to the range. Judged on clean test targets, both binned losses end
// far below the squared error. One preset per loss, the same run otherwise, so the compare view can show
// them side by side.
//
// The noise is Student-t with 1.5 degrees of freedom at scale 0.15 (3.8 bin widths): heavy enough that
// every seed's 2,000 targets hold a few wild ones (at dof 1.2 one seed's MSE run chased a single target
// to a clean test MSE of 1.5), mild enough that clipping to [-1, 1] biases the binned fits little (its
// squared bias, averaged over x, is about 5e-4). Adam at lr 0.003, dropped 10x at step 4,500 so that the
// final numbers are not one noisy step's: under a constant rate each loss's curve wanders +-30 %.
//
// Measured on seeds 1-5 (final clean test MSE, native Release, one core): HL-Gauss 0.0009-0.0031
// (0.0020, 0.0009, 0.0011, 0.0031, 0.0014), two-hot 0.0010-0.0029 (0.0018, 0.0010, 0.0011, 0.0029, 0.0012),
// MSE 0.0031-0.0109 (0.0095, 0.0109, 0.0031, 0.0083, 0.0082): HL-Gauss 2.7-12x below MSE on each seed.
// MSE's lowest was 0.0027-0.0063, reached near step 1,600, after which it climbs back as it bends to the
// wild targets. HL-Gauss's signature (test MSE <= noise^2/9 = 0.0025) came at steps 1,500-2,900; MSE's run
// never reached that level, two-hot's did at 1,900-4,400. PHENOMENA.md's "two-hot sits between" does not
// hold here: two-hot matched HL-Gauss within 20 % either way, lower on four seeds. The targets' own noise
// already spreads each two-hot target over about four bins, so HL-Gauss's extra smoothing (0.75 bin) adds
// little; trials at noise 0.03, with 200 or 300 training samples, batch 16, or a constant or cosine rate
// showed no consistent order between them either. Times for 6,000 steps (native, on a loaded machine):
// HL-Gauss 2.7-4.0 s (two erfc per bin and sample), two-hot 1.2-2.0 s, MSE 0.5-0.7 s; HL-Gauss's
// signature after 1.8 s (`losslab bench phenomena`); the page is 3-5x slower.
#include "train/phenomena/phenomena.hpp"

#include <cstdio>

#include "train/history_shape.hpp"

namespace losslab {
namespace {

RunConfig regression_config(std::string_view loss) {
  RunConfig c;
  c.dataset = DatasetKind::heavy_tail_regression;
  c.n_train = 2000;
  c.n_test = 1000;
  c.n_calib = 0;
  c.noise = 0.15f;
  c.tail_dof = 1.5f;
  c.hidden = {64, 64};
  c.loss = std::string(loss);
  c.loss_params = default_loss_params(*find_loss(loss));
  c.optimizer = OptimizerKind::adam;
  c.lr = 0.003f;
  c.batch_size = 64;
  c.schedule = Schedule::step;
  c.step_size = 4500;
  c.step_gamma = 0.1f;
  c.steps = 6000;
  c.eval_every = 100;
  return c;
}

constexpr std::string_view kCitation =
    "Farebrother et al. 2024, Stop Regressing: Training Value Functions via Classification for Scalable Deep "
    "RL (ICML 2024, arXiv 2403.03950): HL-Gauss with sigma = 0.75 bin widths, two-hot, and MSE; Imani & White "
    "2018, Improving Regression Performance with Distributional Losses (HL-Gauss). Scaled down: value "
    "functions of deep RL agents become a 1-D curve, y = 0.6 sin(2 pi x) + 0.2x, learned by a 2-hidden-layer "
    "MLP (64, 64) from 2,000 targets with Student-t noise (1.5 degrees of freedom, scale 0.15), Adam for "
    "6,000 steps; 51 bins over [-1, 1].";

// The clean test error falls below noise²/9: the fitted curve's RMS distance to the noise-free one is
// within a third of the noise scale. On seeds 1-5 MSE never got there (its lowest was 1.1-2.8 times the
// level), so reaching it is the binned loss's doing, not the data's.
Signature below_noise(const History& h, const RunConfig& c) {
  const Series* mse = h.find("test_mse");
  if (!mse) return {};
  const double level = static_cast<double>(c.noise) * static_cast<double>(c.noise) / 9;
  const int64_t step = first_step(*mse, level, false);
  if (step < 0) return {};
  char text[160];
  std::snprintf(text, sizeof text,
                "clean test MSE %.2g at step %lld: within a third of the noise scale of the clean curve "
                "(level noise^2/9 = %.2g)",
                value_at(*mse, step), static_cast<long long>(step), level);
  return {true, step, text};
}

}  // namespace

std::vector<Preset> regression_as_classification_presets() {
  const std::vector<std::string_view> plots = {"mse", "loss"};
  std::vector<Preset> out = {
      {"regression-as-classification", "Regression as classification: HL-Gauss",
       "A 1-D curve learned from targets with heavy-tailed noise, as classification: cross-entropy on 51 bins "
       "against a Gaussian histogram around each target (HL-Gauss). Compare it with the squared error and "
       "two-hot (the -mse and -two-hot presets).",
       regression_config("hl_gauss"),
       "The boundary tab shows the training targets (grey; the wild ones beyond the plot in orange on its "
       "edge), the clean curve and the model's prediction. With HL-Gauss the prediction settles onto the clean "
       "curve: the clean test MSE falls below noise^2/9 = 0.0025 by step ~2,900 (within 10 s in the page) and "
       "ends near 0.002. The training MSE, against the noisy targets, stays near 0.9: the wild targets are not "
       "fitted. Load the -mse preset: its test MSE bottoms out near 0.005 around step 1,600, then climbs back "
       "to about 0.01 as the curve bends toward the wild targets - about 5x HL-Gauss's. Two-hot ends level "
       "with HL-Gauss here.",
       kCitation, plots, "boundary"},
      {"regression-as-classification-mse", "Regression as classification: MSE",
       "The heavy-tailed regression with the squared error on a single output, the usual regression loss.",
       regression_config("mse"),
       "The squared error's gradient grows with the residual, so a handful of wild targets steer the fit: the "
       "clean test MSE falls to about 0.005 by step ~1,600, then climbs back to 0.01-0.02 while the "
       "prediction (boundary tab) wobbles toward the outliers; after the learning-rate drop at step 4,500 it "
       "ends near 0.01, about 5x HL-Gauss's.",
       kCitation, plots, "boundary"},
      {"regression-as-classification-two-hot", "Regression as classification: two-hot",
       "The heavy-tailed regression with cross-entropy against a two-hot target: the two bins around each "
       "target, weighted so that their mean is the target.",
       regression_config("two_hot"),
       "Like HL-Gauss, two-hot's gradient is bounded (p - t) and the wild targets are clipped to the bins' "
       "range, so its clean test MSE also ends near 0.002, far below MSE's. On this data it matches HL-Gauss "
       "(within 20 % on seeds 1-5): the noise already spreads each target over several bins.",
       kCitation, plots, "boundary"},
  };
  out[0].signature = &below_noise;
  return out;
}

}  // namespace losslab
