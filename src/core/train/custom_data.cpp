#include "train/custom_data.hpp"

namespace losslab {

void use_custom_points(RunConfig& config, int features, std::vector<double> points, double holdout) {
  config.dataset = DatasetKind::custom;
  config.features = features;
  config.points = std::move(points);
  config.holdout = holdout;
  // The points are classes: a regression loss left from a regression preset would make no sense of them.
  if (config.loss_info().task != LossTask::classification) set_field(config, "loss", "ce");
}

}  // namespace losslab
