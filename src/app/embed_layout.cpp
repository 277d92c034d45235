// Figure mode (embed_layout.hpp): one window over the whole canvas. Its first line is the figure's bar
// followed, on the same line, by the metrics panel's own (plot menu, log axis), so the plots keep all
// the rest: two of them fit a 360-pixel-high figure. The bar's buttons are drawn as icons (the UI font
// has Latin-1 glyphs only).
#include "embed_layout.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "link_state.hpp"
#include "panels.hpp"

namespace losslab::ui {
namespace {

constexpr ImU32 kLinkColor = IM_COL32(0, 102, 204, 255);

// 1234567 → "1,234,567": step counts read at a glance.
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
  return n < 0 ? "-" + digits : digits;
}

// As the control panel's Play: on a finished run it extends the run by its own length again.
void toggle_play(AppState& app) {
  const bool can_run = app.trainer && app.trainer->state() == RunState::running;
  app.playing = !(app.playing && can_run);
  if (app.playing && app.trainer && app.trainer->state() == RunState::finished) {
    RunConfig longer = app.config;
    longer.steps = std::min(longer.steps + app.trainer->steps_done(), static_cast<int64_t>(find_field("steps")->max));
    change_config(app, longer);
  }
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// A square-ish button with a picture drawn over it by `icon` (its rectangle, the text colour).
template <class Icon>
bool icon_button(const char* id, const char* hint, Icon icon) {
  const float h = ImGui::GetFrameHeight();
  const bool clicked = ImGui::Button(id, ImVec2(h * 1.4f, h));
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  icon(ImGui::GetWindowDrawList(), ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), h * 0.28f,
       ImGui::GetColorU32(ImGuiCol_Text));
  tooltip(hint);
  return clicked;
}

void play_icon(ImDrawList* d, ImVec2 c, float r, ImU32 col) {
  d->AddTriangleFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x - r * 0.8f, c.y + r), ImVec2(c.x + r, c.y), col);
}

void pause_icon(ImDrawList* d, ImVec2 c, float r, ImU32 col) {
  const float w = r * 0.55f;
  d->AddRectFilled(ImVec2(c.x - r * 0.85f, c.y - r), ImVec2(c.x - r * 0.85f + w, c.y + r), col);
  d->AddRectFilled(ImVec2(c.x + r * 0.85f - w, c.y - r), ImVec2(c.x + r * 0.85f, c.y + r), col);
}

// A circular arrow: three quarters of a circle and its head.
void reset_icon(ImDrawList* d, ImVec2 c, float r, ImU32 col) {
  constexpr float kPi = 3.14159265f;
  const float a0 = -0.35f * kPi, a1 = 1.25f * kPi;
  d->PathArcTo(c, r, a0, a1, 16);
  d->PathStroke(col, 0, std::max(1.5f, r * 0.3f));
  const ImVec2 tip(c.x + r * std::cos(a0), c.y + r * std::sin(a0));
  const float s = r * 0.6f;
  d->AddTriangleFilled(ImVec2(tip.x - s, tip.y - s * 0.9f), ImVec2(tip.x + s * 0.9f, tip.y - s * 0.2f),
                       ImVec2(tip.x - s * 0.1f, tip.y + s * 0.9f), col);
}

// A text link: underlined on hover, the hand cursor, clicks like a button.
bool text_link(const char* label, const char* hint) {
  const ImVec2 size = ImGui::CalcTextSize(label);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float pad = (ImGui::GetFrameHeight() - size.y) * 0.5f;
  const bool clicked = ImGui::InvisibleButton(label, ImVec2(size.x, ImGui::GetFrameHeight()));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* d = ImGui::GetWindowDrawList();
  d->AddText(ImVec2(pos.x, pos.y + pad), kLinkColor, label);
  if (hovered) {
    d->AddLine(ImVec2(pos.x, pos.y + pad + size.y), ImVec2(pos.x + size.x, pos.y + pad + size.y), kLinkColor);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  }
  tooltip(hint);
  return clicked;
}

void embed_bar(AppState& app) {
  const Trainer* t = app.trainer.get();
  const bool can_run = t && t->state() == RunState::running;
  if (app.playing && can_run) {
    if (icon_button("##pause", "Pause", pause_icon)) toggle_play(app);
  } else if (icon_button("##play", t && t->state() == RunState::finished ? "Play on (as long again)" : "Play",
                         play_icon)) {
    toggle_play(app);
  }
  ImGui::SameLine();
  if (icon_button("##reset", "Restart the run from step 0", reset_icon)) {
    start_run(app, app.config, RunStart::reset);
    t = app.trainer.get();  // the old trainer is gone
  }
  if (t) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("step %s / %s", grouped(t->steps_done()).c_str(), grouped(t->config().steps).c_str());
    const std::string_view state = status_label(app);
    if (state != "running") {
      ImGui::SameLine();
      ImGui::TextDisabled("%.*s", static_cast<int>(state.size()), state.data());
    }
  }
  if (app.open_full_page) {
    ImGui::SameLine(0, 2 * ImGui::GetStyle().ItemSpacing.x);
    if (text_link("Open in LossLab", "This run in the full LossLab page, in a new tab")) app.open_full_page(link_query(app));
  }
}

}  // namespace

void draw_embed_layout(AppState& app) {
  // Tight padding and spacing: a figure is often only a few hundred pixels high.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("Figure", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus);
  embed_bar(app);
  ImGui::SameLine(0, 3 * ImGui::GetStyle().ItemSpacing.x);
  draw_metrics_panel(app, /*compact=*/true);  // its plot menu and log-axis switch continue the bar's line
  ImGui::End();
  ImGui::PopStyleVar(3);
}

}  // namespace losslab::ui
