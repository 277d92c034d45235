// One function per loss, each defined in its own file (loss/<name>.cpp), returning its registry row.
// loss_registry.cpp lists them in menu order. Adding a loss: its file, a line here, a line there, and
// its case in tests/core/test_loss_values.cpp — the UI, the CLI and the gradient check find it by itself.
#pragma once

#include "loss/loss.hpp"

namespace losslab {

// Class labels, bounded or not.
LossInfo ce_loss();
LossInfo label_smoothing_loss();
LossInfo focal_loss();
LossInfo confidence_penalty_loss();
LossInfo poly1_loss();
LossInfo taylor_ce_loss();
LossInfo brier_loss();
LossInfo dco_loss();
// Robust to label noise.
LossInfo gce_loss();
LossInfo tgce_loss();
LossInfo rce_loss();
LossInfo sce_loss();
LossInfo mae_loss();
LossInfo nce_loss();
LossInfo nce_rce_loss();
LossInfo nce_mae_loss();
LossInfo bi_tempered_loss();
LossInfo ldr_kl_loss();
LossInfo aldr_kl_loss();
// Families and margins.
LossInfo comp_sum_loss();
LossInfo adv_comp_sum_loss();
LossInfo dice_loss();
LossInfo bias_loss_loss();
LossInfo anyloss_loss();
// Distillation (need a teacher).
LossInfo kd_loss();
LossInfo pld_loss();
// Regression through classification.
LossInfo mse_loss();
LossInfo two_hot_loss();
LossInfo hl_gauss_loss();

// Terms shared by the active–passive combinations.
double nce_term(const SampleView& s, std::span<double> grad);  // normalized CE and its gradient

}  // namespace losslab
