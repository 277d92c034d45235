// The confusion matrix of the test split: row = true class, column = predicted class, each cell shaded
// by its share of the row (so a class's recall reads along its row whatever the class sizes), with the
// count and both shares on hover.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"

namespace losslab::ui {
namespace {

ImU32 shade(double share, bool diagonal) {
  const auto a = static_cast<int>(30 + 225 * share);
  return diagonal ? IM_COL32(0, 114, 178, a) : IM_COL32(213, 94, 0, a);
}

}  // namespace

void draw_confusion_panel(AppState& app) {
  if (!app.trainer) return;
  const Instruments& m = app.trainer->instruments();
  const int k = m.classes;
  if (m.step < 0 || static_cast<int>(m.confusion.size()) != k * k) {
    ImGui::TextDisabled("Not measured yet.");
    return;
  }
  // Beyond this a cell is a few pixels wide and K² of them cost a frame's budget on a software renderer.
  constexpr int kMaxDrawnClasses = 64;
  if (k > kMaxDrawnClasses) {
    ImGui::TextWrapped("This run has %d classes: the confusion matrix is drawn for up to %d. Its counts are in "
                       "losslab.instruments().confusion and in `losslab run --out FILE.json`.",
                       k, kMaxDrawnClasses);
    return;
  }
  ImGui::TextWrapped("Test split at step %lld: rows are the true class, columns the predicted one; shade is the share of the row.",
              static_cast<long long>(m.step));
  PlotOptions o;
  o.x_label = "predicted class";
  o.y_label = "true class";
  o.fixed_x = o.fixed_y = true;
  o.x_min = o.y_min = -0.5;
  o.x_max = o.y_max = k - 0.5;
  o.show_legend = false;
  o.integer_ticks = true;
  const float side = std::max(120.0f, std::min(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y));
  o.size = ImVec2(side, side);
  if (!begin_plot("##confusion", o)) return;
  for (int t = 0; t < k; ++t) {
    int64_t row = 0;
    for (int p = 0; p < k; ++p) row += m.confusion[static_cast<size_t>(t * k + p)];
    for (int p = 0; p < k; ++p) {
      const int64_t n = m.confusion[static_cast<size_t>(t * k + p)];
      const double share = row > 0 ? static_cast<double>(n) / static_cast<double>(row) : 0;
      char tip[160];
      std::snprintf(tip, sizeof tip, "true %d, predicted %d\n%lld samples\n%.1f %% of class %d", t, p,
                    static_cast<long long>(n), 100 * share, t);
      // True class t at height t, so the axis ticks name the classes (class 0 at the bottom).
      const double y = t;
      const std::string count = std::to_string(n);
      plot_rect({p - 0.5, y - 0.5, p + 0.5, y + 0.5, shade(share, t == p), IM_COL32(255, 255, 255, 255), false, tip,
                 count.c_str()});
    }
  }
  end_plot();
}

}  // namespace losslab::ui
