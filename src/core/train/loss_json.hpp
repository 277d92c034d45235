// Any registered loss, evaluated on a batch given as JSON — how `losslab loss NAME` (and anything else
// outside the C++) checks a loss's values and gradients:
//   in:  {"logits": [[z₀, …, z_{K−1}], …one row per sample],
//         "labels": [y, …]            class labels, or
//         "targets": [[t₀, …], …]     soft targets (rows summing to 1), or
//         "values": [v, …]            regression targets,
//         "teacher_logits": [[…], …]  kd, pld;  "adv_logits": [[…], …]  adv_comp_sum;
//         "features": [[…], …]        bias_loss (one row of penultimate activations per sample)}
//   out: {"loss": [ℓᵢ, …], "grad": [[∂ℓᵢ/∂z_i0, …], …]} (+ "grad_adv" for adv_comp_sum, "state" with
//        the per-sample λᵢ for aldr_kl, initialised and updated once as on a first training step).
// For batch-level losses "grad" is the gradient of the batch's summed loss (see loss.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace losslab {

struct LossJsonResult {
  nlohmann::json output;            // set when errors is empty
  std::vector<std::string> errors;  // each a sentence naming the input key or parameter at fault
};

// params: ("q", "0.5") pairs as typed after --param; checked against the loss's ranges.
LossJsonResult evaluate_loss_json(std::string_view loss_name,
                                  const std::vector<std::pair<std::string, std::string>>& params,
                                  const nlohmann::json& input);

}  // namespace losslab
