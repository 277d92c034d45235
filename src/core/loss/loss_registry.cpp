// The loss registry, in menu order. Each row comes from the loss's own file.
#include "loss/losses.hpp"

namespace losslab {

std::span<const LossInfo> loss_registry() {
  static const std::vector<LossInfo> table = {
      ce_loss(),
      label_smoothing_loss(),
      focal_loss(),
      confidence_penalty_loss(),
      poly1_loss(),
      taylor_ce_loss(),
      brier_loss(),
      dco_loss(),
      gce_loss(),
      tgce_loss(),
      rce_loss(),
      sce_loss(),
      mae_loss(),
      nce_loss(),
      nce_rce_loss(),
      nce_mae_loss(),
      bi_tempered_loss(),
      ldr_kl_loss(),
      aldr_kl_loss(),
      comp_sum_loss(),
      adv_comp_sum_loss(),
      dice_loss(),
      bias_loss_loss(),
      anyloss_loss(),
      kd_loss(),
      pld_loss(),
      mse_loss(),
      two_hot_loss(),
      hl_gauss_loss(),
  };
  return table;
}

}  // namespace losslab
