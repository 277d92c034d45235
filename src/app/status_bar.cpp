// The status line: where the run is and how fast the page goes.
#include <imgui.h>

#include "palette.hpp"
#include "panels.hpp"

namespace losslab::ui {

void draw_status_bar(const AppState& app) {
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  const Meters& m = app.meters;
  ImGui::Text("step %lld / %lld  |  %s  |  %.0f steps/s  |  %.1f ms/frame (%.0f fps, %.1f ms work)  |",
              static_cast<long long>(t.steps_done()), static_cast<long long>(t.config().steps), status_label(app).data(),
              m.steps_per_s, m.frame_ms, m.fps, m.work_ms);
  ImGui::SameLine();
  if (t.history().find("test_mse"))  // a regression run has no accuracy: its clean test error instead
    ImGui::Text("test MSE %.3g", t.history().last("test_mse"));
  else
    ImGui::Text("test acc %.3f", t.history().last("test_acc"));
  if (t.state() == RunState::diverged) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::Text("|  %s", t.message().c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace losslab::ui
