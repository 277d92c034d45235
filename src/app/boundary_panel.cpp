// The decision boundary: the model's class probabilities over the plane as a coloured grid (each cell
// mixes the class colours by probability, so confident regions are saturated and the boundary blurs),
// with the training (or test) points on top. The grid is recomputed at most 10 times a second.
//
// A high-dimensional dataset with a plane (Split::plane, D×2 orthonormal: xor_clusters' cluster
// directions) is drawn on that plane, as Xu et al.'s Fig. 2: a grid point g stands for x = P·g, so the
// first layer's W·x is (W·P)·g, and the model restricted to the plane is a copy with two inputs whose
// first layer is W·P. The data points are drawn at their projections Pᵀx. Such a network's outputs may
// stay tiny (Xu et al.'s do: every probability near ½, a picture all grey), so there the logits are
// scaled up until their largest spread on the grid is kPlaneSpread; the panel says by how much.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "palette.hpp"
#include "panels.hpp"
#include "sprites.hpp"

namespace losslab::ui {
namespace {

constexpr double kRefreshSeconds = 0.1;
constexpr float kPlaneSpread = 4;

bool drawable(const Trainer& t) { return planar_inputs(t.config().data_settings()) || t.data().plane.cols() == 2; }

// Where the points are drawn: their coordinates, or their projections on the data's plane.
void place_points(BoundaryGrid& g, const Split& data) {
  const bool plane = data.plane.cols() == 2;
  g.train_xy = plane ? Mat(data.plane.transpose() * data.train.x) : data.train.x;
  g.test_xy = plane ? Mat(data.plane.transpose() * data.test.x) : data.test.x;
}

// A square extent around the points with a margin, fixed for the whole run. Custom data also keeps the
// toys' [-2.5, 2.5]², so there is room to click, and every edit (a new run) does not move the picture.
void fit_extent(BoundaryGrid& g, const Mat& xy, bool custom) {
  Eigen::Vector2f lo = xy.rowwise().minCoeff(), hi = xy.rowwise().maxCoeff();
  if (custom) {
    lo = lo.cwiseMin(Eigen::Vector2f(-2.2f, -2.2f));
    hi = hi.cwiseMax(Eigen::Vector2f(2.2f, 2.2f));
  }
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

// The class probabilities on the plane's grid: the first layer becomes W·P (H×2); every later parameter
// keeps its place after it in the flat vector.
void predict_on_plane(BoundaryGrid& g, const Trainer& t) {
  const Mlp& model = t.model();
  if (!g.plane_model) {
    MlpShape shape = model.shape();
    shape.inputs = 2;
    g.plane_model.emplace(shape);
  }
  const Mlp& plane = *g.plane_model;
  g.plane_params.resize(plane.num_params());
  plane.weight(g.plane_params, 0).noalias() = model.weight(t.params(), 0) * t.data().plane;
  const Eigen::Index rest = model.num_params() - model.weight(t.params(), 0).size();
  g.plane_params.tail(rest) = t.params().tail(rest);
  plane.forward(g.plane_params, g.points, g.ws);
  const Mat& z = g.ws.logits();
  const float spread = (z.colwise().maxCoeff() - z.colwise().minCoeff()).maxCoeff();
  g.logit_scale = spread > 0 && spread < kPlaneSpread ? kPlaneSpread / spread : 1;
  g.probs.resize(z.rows(), z.cols());
  for (Eigen::Index i = 0; i < z.cols(); ++i) {
    const auto e = (g.logit_scale * (z.col(i).array() - z.col(i).maxCoeff())).exp();
    g.probs.col(i) = e / e.sum();
  }
}

// Returns true when the probabilities were recomputed.
bool refresh(BoundaryGrid& g, const Trainer& t, int64_t run, double now) {
  if (g.run != run) {
    place_points(g, t.data());
    const bool custom = t.config().dataset == DatasetKind::custom;
    Mat all(2, g.train_xy.cols() + g.test_xy.cols());
    all << g.train_xy, g.test_xy;
    fit_extent(g, custom ? all : g.train_xy, custom);
    g.plane_model.reset();
    g.logit_scale = 1;
    g.run = run;
    g.step = -1;
  }
  if (g.step == t.steps_done() || (g.step >= 0 && now - g.computed_at < kRefreshSeconds)) return false;
  if (t.data().plane.cols() == 2)
    predict_on_plane(g, t);
  else
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
  if (dataset_info(app.trainer->config().dataset).regression) {
    draw_regression_panel(app);
    return;
  }
  draw_points_toolbar(app);
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;  // the toolbar may have started a new run
  if (!drawable(t)) {
    if (t.config().dataset == DatasetKind::custom)
      ImGui::TextWrapped("This run's own data has %d features: the decision boundary is drawn when there are "
                         "two. See the Reliability, Confusion and Margins tabs, and the plots on the right.",
                         t.config().features);
    else
      ImGui::TextWrapped("The decision boundary is drawn for the 2-D datasets. This run learns %s: see the "
                         "Reliability, Confusion, Margins and Fourier tabs, and the plots on the right.",
                         dataset_info(t.config().dataset).description.data());
    return;
  }
  BoundaryGrid& g = app.boundary;
  const bool refreshed = refresh(g, t, app.run, now);
  const bool custom = t.config().dataset == DatasetKind::custom;

  if (custom && drafting_points(app))
    ImGui::TextDisabled("%s", app.notice.c_str());
  else if (custom)
    ImGui::TextDisabled(t.config().holdout > 0 ? "rings: held out for testing" : "click to add, drag to move, "
                                                                                 "right-click to delete");
  else
    ImGui::Checkbox("show test points", &app.show_test_points);
  if (t.data().plane.cols() == 2) {
    ImGui::SameLine();
    ImGui::TextDisabled("the plane of the two cluster means; logits x %.3g", static_cast<double>(g.logit_scale));
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(50.0f, std::min(avail.x, avail.y));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("boundary", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (custom && drafting_points(app))  // too few points for a model yet: no boundary to show
    draw->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_FrameBg));
  else
    draw_heat_map(app, refreshed, draw, p0, side);

  g.screen = ImVec4(p0.x, p0.y, side, side);
  const float radius = std::clamp(side / 130.0f, 2.0f, 4.5f);
  if (custom) {
    // Larger dots: a dozen clicked points, not a thousand sampled ones.
    edit_points_on_plot(app, p0, side, std::clamp(side / 80.0f, 3.5f, 6.0f));
  } else {
    const Dataset& data = app.show_test_points ? t.data().test : t.data().train;
    const Mat& xy = app.show_test_points ? g.test_xy : g.train_xy;
    const float sx = side / (g.x1 - g.x0), sy = side / (g.y1 - g.y0);
    for (int i = 0; i < data.size(); ++i) {
      const ImVec2 p(p0.x + (xy(0, i) - g.x0) * sx, p0.y + (g.y1 - xy(1, i)) * sy);
      draw_dot(draw, p, radius, class_color(data.y[static_cast<size_t>(i)]));
    }
  }
  draw->AddRect(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_Border));
  if (hovered) hover_read_out(g, p0, side);
}

}  // namespace losslab::ui
