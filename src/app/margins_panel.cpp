// The margin distribution of the test split (z_y − max_{k≠y} z_k): a histogram whose mass left of zero
// is the test error; its percentiles over training are in the Metrics window.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "metrics/margins.hpp"
#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"

namespace losslab::ui {

void draw_margins_panel(AppState& app) {
  if (!app.trainer) return;
  const std::vector<double>& margins = app.trainer->instruments().test_margins;
  if (margins.empty()) {
    ImGui::TextDisabled("Not measured yet.");
    return;
  }
  const double negative =
      static_cast<double>(std::lower_bound(margins.begin(), margins.end(), 0.0) - margins.begin()) /
      static_cast<double>(margins.size());
  ImGui::TextWrapped("Test margins at step %lld: p10 %.3g, median %.3g, p90 %.3g; %.1f %% below 0 (misclassified)",
              static_cast<long long>(app.trainer->instruments().step), sorted_quantile(margins, 0.1),
              sorted_quantile(margins, 0.5), sorted_quantile(margins, 0.9), 100 * negative);
  // The central 98 %, so one outlier does not squeeze the rest into a single bar; the end bins hold
  // everything beyond.
  double lo = sorted_quantile(margins, 0.01), hi = sorted_quantile(margins, 0.99);
  lo = std::min(lo, 0.0);
  hi = std::max(hi, lo + 1e-6);
  constexpr int kBins = 40;
  const std::vector<int64_t> counts = histogram_counts(margins, lo, hi, kBins);
  PlotOptions o;
  o.x_label = "margin z_y - max other logit";
  o.y_label = "samples";
  o.size = ImVec2(-1, -1);
  o.show_legend = false;
  if (!begin_plot("margin distribution", o)) return;
  const double width = (hi - lo) / kBins;
  for (int b = 0; b < kBins; ++b) {
    const double x0 = lo + b * width, x1 = x0 + width;
    char tip[96];
    std::snprintf(tip, sizeof tip, "margin [%.3g, %.3g)\n%lld samples", x0, x1,
                  static_cast<long long>(counts[static_cast<size_t>(b)]));
    const ImU32 fill = x1 <= 0 ? IM_COL32(213, 94, 0, 200) : IM_COL32(0, 114, 178, 200);
    plot_rect({x0, 0, x1, static_cast<double>(counts[static_cast<size_t>(b)]), fill, IM_COL32(255, 255, 255, 255),
               false, tip});
  }
  end_plot();
}

}  // namespace losslab::ui
