#include "app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>

#include "embed_layout.hpp"
#include "panels.hpp"
#include "sprites.hpp"

namespace losslab::ui {
namespace {

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

void place(const char* title, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin(title, nullptr, kPanelFlags | extra);
}

// The middle window: one tab per picture (decision boundary, reliability diagram, confusion matrix,
// margins, Fourier spectrum). Only the selected one is computed and drawn.
void draw_views(AppState& app, double now) {
  if (!ImGui::BeginTabBar("views")) return;
  for (const ViewSpec& v : kViews) {
    const bool select = app.view_requested && app.view == v.view;
    if (!ImGui::BeginTabItem(v.title, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) continue;
    if (!app.view_requested) app.view = v.view;
    switch (v.view) {
      case View::boundary: draw_boundary_panel(app, now); break;
      case View::reliability: draw_reliability_panel(app); break;
      case View::confusion: draw_confusion_panel(app); break;
      case View::margins: draw_margins_panel(app); break;
      case View::fourier: draw_fourier_panel(app); break;
      case View::head: draw_fused_head_panel(app); break;
      case View::sweep: draw_sweep_panel(app); break;
      case View::runs: draw_runs_panel(app); break;
    }
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
  app.view_requested = false;
}

// Controls on the left; the views and the metrics side by side (stacked on a narrow screen); the
// status line along the bottom.
void layout(AppState& app, double now) {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float status_h = ImGui::GetFrameHeight() + 2 * style.WindowPadding.y;
  const float controls_w = std::min(340.0f, screen.x * 0.4f);
  const float h = screen.y - status_h;
  const float rest_w = screen.x - controls_w;

  place("Controls", ImVec2(0, 0), ImVec2(controls_w, h));
  draw_control_panel(app);
  ImGui::End();

  const bool side_by_side = rest_w >= 700;
  const ImVec2 boundary_size = side_by_side ? ImVec2(std::min(h, rest_w * 0.5f), h) : ImVec2(rest_w, h * 0.5f);
  place("Views", ImVec2(controls_w, 0), boundary_size, ImGuiWindowFlags_NoTitleBar);
  draw_views(app, now);
  ImGui::End();

  const ImVec2 metrics_pos = side_by_side ? ImVec2(controls_w + boundary_size.x, 0) : ImVec2(controls_w, h * 0.5f);
  place("Metrics", metrics_pos, ImVec2(screen.x - metrics_pos.x, h - metrics_pos.y));
  draw_metrics_panel(app);
  ImGui::End();

  place("Status", ImVec2(0, h), ImVec2(screen.x, status_h), ImGuiWindowFlags_NoTitleBar);
  draw_status_bar(app);
  ImGui::End();
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

void draw_app(AppState& app, double now) {
  if (app.theme != current_theme()) apply_theme(app.theme);
  const auto start = std::chrono::steady_clock::now();
  if (app.embed)
    draw_embed_layout(app);  // figure mode (?embed=1): only the plots and a thin bar
  else
    layout(app, now);
  app.meters.draw_ms = elapsed_ms(start);
}

void train_after_frame(AppState& app, double now) {
  const auto start = std::chrono::steady_clock::now();
  const double dt = std::clamp(static_cast<double>(ImGui::GetIO().DeltaTime), 0.0, 0.25);
  const int64_t steps = train_slice(app, dt);
  const double train_ms = elapsed_ms(start);
  if (record_frame(app.meters, now, steps, app.meters.draw_ms + train_ms, train_ms)) adapt_budget(app);
  checkpoint_live_run(app, now);  // a reload, a crash or a closed tab loses at most the last few seconds
}

void apply_theme(Theme theme) {
  if (theme == Theme::dark)
    ImGui::StyleColorsDark();
  else
    ImGui::StyleColorsLight();
  set_palette_theme(theme);
  ImGuiStyle& style = ImGui::GetStyle();
  // The panels tile the screen and never overlap, and the renderer clears to the window colour: window
  // backgrounds would only repaint every pixel once more, which on software WebGL (SwiftShader) costs
  // more than all the rest of the frame.
  style.Colors[ImGuiCol_WindowBg].w = 0.0f;
}

ImVec4 background_color(Theme theme) {
  return theme == Theme::dark ? ImVec4(0.10f, 0.10f, 0.11f, 1.0f) : ImVec4(0.94f, 0.94f, 0.94f, 1.0f);
}

void init_ui() {
  apply_theme(Theme::light);
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.WindowBorderSize = 1;
  style.WindowPadding = ImVec2(10, 8);
  bake_sprites();
}

}  // namespace losslab::ui
