// The regression picture, shown in the boundary tab for a 1-D regression dataset (heavy_tail_regression):
// the targets (x, y) as dots, the noise-free curve g(x), and the model's prediction v̂(x) on a grid of
// x (train/regression_eval.hpp: the mean over the bins, or the scalar output). The prediction is
// recomputed every frame: 201 forward passes of a small MLP cost far less than a frame. The y axis is
// fixed around the clean curve's range; targets beyond it are drawn on its edge in another colour, so
// the wild ones that pull a squared-error fit stay in view.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "data/heavy_tail_regression.hpp"
#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"
#include "train/regression_eval.hpp"

namespace losslab::ui {
namespace {

constexpr int kGrid = 201;
constexpr double kYMax = 1.3;  // the clean curve spans [-0.8, 0.8]; the binned losses' default range [-1, 1]
constexpr ImU32 kPointColor = IM_COL32(110, 110, 110, 150);
constexpr ImU32 kOutlierColor = IM_COL32(213, 94, 0, 220);
constexpr ImU32 kRangeColor = IM_COL32(150, 150, 150, 200);

}  // namespace

void draw_regression_panel(AppState& app) {
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  const RunConfig& c = t.config();
  const Dataset& data = app.show_test_points ? t.data().test : t.data().train;

  std::vector<double> xs(kGrid), clean(kGrid), predicted;
  Mat grid(1, kGrid);
  for (int i = 0; i < kGrid; ++i) {
    xs[static_cast<size_t>(i)] = -1.0 + 2.0 * i / (kGrid - 1);
    grid(0, i) = static_cast<float>(xs[static_cast<size_t>(i)]);
    clean[static_cast<size_t>(i)] = heavy_tail_clean_target(xs[static_cast<size_t>(i)]);
  }
  MlpWorkspace ws;
  predict_values(t.model(), t.params(), c.loss_info(), c.loss_params, grid, ws, predicted);

  int outside = 0;
  for (double v : data.values) outside += std::abs(v) > kYMax;
  ImGui::Checkbox("show test points", &app.show_test_points);
  ImGui::SameLine();
  ImGui::TextDisabled("%d of %d targets beyond the plot, drawn on its edge", outside, data.size());

  PlotOptions o;
  o.x_label = "x";
  o.y_label = "y";
  o.fixed_x = true;
  o.x_min = -1;
  o.x_max = 1;
  o.fixed_y = true;
  o.y_min = -kYMax;
  o.y_max = kYMax;
  o.size = ImVec2(-1, 0);
  if (!begin_plot("targets and the model's prediction", o)) return;
  const double dx = 0.006, dy = 0.008;  // a dot: a few pixels at the panel's usual size
  for (int i = 0; i < data.size(); ++i) {
    const double x = data.x(0, i), v = data.values[static_cast<size_t>(i)];
    const bool beyond = std::abs(v) > kYMax;
    const double y = std::clamp(v, -kYMax + dy, kYMax - dy);
    plot_rect({x - dx, y - dy, x + dx, y + dy, beyond ? kOutlierColor : kPointColor});
  }
  const int lo = loss_param_index(c.loss_info(), "v_min"), hi = loss_param_index(c.loss_info(), "v_max");
  if (lo >= 0 && hi >= 0) {
    plot_hline("bins' lower end", c.loss_params[static_cast<size_t>(lo)], kRangeColor);
    plot_hline("bins' upper end", c.loss_params[static_cast<size_t>(hi)], kRangeColor);
  }
  plot_line("clean curve g(x)", xs, clean, ink_color());
  plot_line("prediction", xs, predicted, kTestColor);
  end_plot();
}

}  // namespace losslab::ui
