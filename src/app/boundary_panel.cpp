// The decision boundary: the model's class probabilities over the plane as a coloured grid (each cell
// mixes the class colours by probability, so confident regions are saturated and the boundary blurs),
// with the training (or test) points on top. The grid is recomputed at most 10 times a second.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "palette.hpp"
#include "panels.hpp"
#include "sprites.hpp"

namespace losslab::ui {
namespace {

constexpr double kRefreshSeconds = 0.1;

// A square extent around the training data with a margin, fixed for the whole run.
void fit_extent(BoundaryGrid& g, const Dataset& data) {
  const Eigen::Vector2f lo = data.x.rowwise().minCoeff(), hi = data.x.rowwise().maxCoeff();
  const Eigen::Vector2f centre = 0.5f * (lo + hi);
  const float half = 0.55f * std::max(hi.x() - lo.x(), hi.y() - lo.y()) + 0.1f;
  g.x0 = centre.x() - half;
  g.x1 = centre.x() + half;
  g.y0 = centre.y() - half;
  g.y1 = centre.y() + half;
  g.points.resize(2, g.n * g.n);
  for (int j = 0; j < g.n; ++j)
    for (int i = 0; i < g.n; ++i) {
      g.points(0, j * g.n + i) = g.x0 + (g.x1 - g.x0) * (static_cast<float>(i) + 0.5f) / static_cast<float>(g.n);
      g.points(1, j * g.n + i) = g.y1 - (g.y1 - g.y0) * (static_cast<float>(j) + 0.5f) / static_cast<float>(g.n);
    }
}

// Returns true when the probabilities were recomputed.
bool refresh(BoundaryGrid& g, const Trainer& t, int64_t run, double now) {
  if (g.run != run) {
    fit_extent(g, t.data().train);
    g.run = run;
    g.step = -1;
  }
  if (g.step == t.steps_done() || (g.step >= 0 && now - g.computed_at < kRefreshSeconds)) return false;
  t.predict_proba(g.points, g.probs, g.ws);
  g.step = t.steps_done();
  g.computed_at = now;
  return true;
}

// Opaque, so neighbouring cells never double-blend into visible seams: the probability-weighted class
// colour, faded towards white as the model's confidence falls.
ImU32 mix_color(const Mat& probs, Eigen::Index cell) {
  ImVec4 c(0, 0, 0, 1);
  for (Eigen::Index k = 0; k < probs.rows(); ++k) {
    const ImVec4 ck = class_color_vec(static_cast<int>(k));
    const float p = probs(k, cell);
    c.x += p * ck.x;
    c.y += p * ck.y;
    c.z += p * ck.z;
  }
  const float strength = 0.15f + 0.5f * probs.col(cell).maxCoeff();
  c.x = 1.0f - strength * (1.0f - c.x);
  c.y = 1.0f - strength * (1.0f - c.y);
  c.z = 1.0f - strength * (1.0f - c.z);
  return ImGui::ColorConvertFloat4ToU32(c);
}

void draw_heat_map(AppState& app, bool refreshed, ImDrawList* draw, ImVec2 p0, float side) {
  BoundaryGrid& g = app.boundary;
  const Eigen::Index cells = static_cast<Eigen::Index>(g.n) * g.n;
  if (app.upload_texture) {  // one bilinear-filtered quad: smooth, and two triangles for the GPU
    if (refreshed || !g.texture) {
      g.image.resize(static_cast<size_t>(cells));
      for (Eigen::Index c = 0; c < cells; ++c) g.image[static_cast<size_t>(c)] = mix_color(g.probs, c);
      g.texture = app.upload_texture(g.texture, g.n, g.n, g.image.data());
    }
    draw->AddImage(g.texture, p0, ImVec2(p0.x + side, p0.y + side));
    return;
  }
  const float cell = side / static_cast<float>(g.n);
  for (int j = 0; j < g.n; ++j)
    for (int i = 0; i < g.n; ++i) {
      const ImVec2 a(p0.x + static_cast<float>(i) * cell, p0.y + static_cast<float>(j) * cell);
      draw->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), mix_color(g.probs, j * g.n + i));
    }
}

void hover_read_out(const BoundaryGrid& g, ImVec2 p0, float side) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  const float u = (m.x - p0.x) / side, v = (m.y - p0.y) / side;
  const int i = std::clamp(static_cast<int>(u * static_cast<float>(g.n)), 0, g.n - 1);
  const int j = std::clamp(static_cast<int>(v * static_cast<float>(g.n)), 0, g.n - 1);
  ImGui::BeginTooltip();
  ImGui::Text("(%.2f, %.2f)", g.x0 + u * (g.x1 - g.x0), g.y1 - v * (g.y1 - g.y0));
  for (Eigen::Index k = 0; k < g.probs.rows(); ++k)
    ImGui::TextColored(class_color_vec(static_cast<int>(k)), "class %d: %.3f", static_cast<int>(k),
                       g.probs(k, j * g.n + i));
  ImGui::EndTooltip();
}

}  // namespace

void draw_boundary_panel(AppState& app, double now) {
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  if (!dataset_info(t.config().dataset).planar) {
    ImGui::TextWrapped("The decision boundary is drawn for the 2-D datasets. This run learns %s: see the "
                       "Reliability, Confusion, Margins and Fourier tabs, and the plots on the right.",
                       dataset_info(t.config().dataset).description.data());
    return;
  }
  BoundaryGrid& g = app.boundary;
  const bool refreshed = refresh(g, t, app.run, now);

  ImGui::Checkbox("show test points", &app.show_test_points);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(50.0f, std::min(avail.x, avail.y));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("boundary", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw_heat_map(app, refreshed, draw, p0, side);

  const Dataset& data = app.show_test_points ? t.data().test : t.data().train;
  const float sx = side / (g.x1 - g.x0), sy = side / (g.y1 - g.y0);
  const float radius = std::clamp(side / 130.0f, 2.0f, 4.5f);
  for (int i = 0; i < data.size(); ++i) {
    const ImVec2 p(p0.x + (data.x(0, i) - g.x0) * sx, p0.y + (g.y1 - data.x(1, i)) * sy);
    draw_dot(draw, p, radius, class_color(data.y[static_cast<size_t>(i)]));
  }
  draw->AddRect(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_Border));
  if (hovered) hover_read_out(g, p0, side);
}

}  // namespace losslab::ui
