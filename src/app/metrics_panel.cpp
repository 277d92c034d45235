// The metric plots: loss and accuracy, train and test, read straight from the run's History.
#include <imgui.h>

#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"

namespace losslab::ui {
namespace {

void series_line(const History& h, const char* name, const char* label, ImU32 color) {
  if (const Series* s = h.find(name)) plot_line(label, s->step, s->value, color);
}

// Every event of the run (a live change of the loss, the noise, a regularizer; divergence; early
// stopping) as a marker, so the curve's reaction lines up with its cause.
void event_markers(const History& h) {
  for (const Event& e : h.events()) plot_marker(e.text.c_str(), static_cast<double>(e.step), kEventColor);
}

}  // namespace

void draw_metrics_panel(AppState& app) {
  ImGui::Checkbox("log step axis", &app.log_x);
  if (!app.trainer) return;
  const History& h = app.trainer->history();
  const float height = (ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y) * 0.5f;

  PlotOptions loss;
  loss.y_label = "cross-entropy";
  loss.x_scale = app.log_x ? AxisScale::log : AxisScale::linear;
  loss.size = ImVec2(-1, height);
  if (begin_plot("loss", loss)) {
    series_line(h, "train_loss", "train loss", kTrainColor);
    series_line(h, "test_loss", "test loss", kTestColor);
    event_markers(h);
    end_plot();
  }

  PlotOptions acc = loss;
  acc.y_label = "accuracy";
  acc.fixed_y = true;
  acc.y_min = 0;
  acc.y_max = 1;
  if (begin_plot("accuracy", acc)) {
    series_line(h, "train_acc", "train acc", kTrainColor);
    series_line(h, "test_acc", "test acc", kTestColor);
    const int k = app.trainer->data().train.num_classes;
    plot_hline("chance", 1.0 / k, IM_COL32(150, 150, 150, 200));
    event_markers(h);
    end_plot();
  }
}

}  // namespace losslab::ui
