// The plot widget: its tick helpers, and the widget drawn headless by Dear ImGui (no window, no GPU):
// decimation of a 1,000,000-point series, NaN/Inf gaps, the min/max envelope, legend toggling, the hover
// tooltip, and the gallery.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "plot_widget.hpp"

using namespace losslab::ui;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr ImU32 kRed = IM_COL32(230, 40, 40, 255);
constexpr ImU32 kGreen = IM_COL32(40, 200, 90, 255);
const ImVec2 kNoMouse(-FLT_MAX, -FLT_MAX);

// A step is "nice" when it is 1, 2 or 5 times a power of ten.
bool is_nice_step(double step) {
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (std::fabs(mantissa - m) < 1e-6) return true;
  return false;
}

void check_nice_ticks(double lo, double hi, int max_ticks) {
  INFO("nice_ticks(" << lo << ", " << hi << ", " << max_ticks << ")");
  const std::vector<double> t = nice_ticks(lo, hi, max_ticks);
  REQUIRE(!t.empty());
  REQUIRE(t.size() <= static_cast<size_t>(max_ticks));
  const double slack = (hi - lo) * 1e-6;
  for (double v : t) {
    CHECK(std::isfinite(v));
    CHECK(v >= lo - slack);
    CHECK(v <= hi + slack);
  }
  if (t.size() < 2) return;
  const double step = t[1] - t[0];
  CHECK(is_nice_step(step));
  for (size_t i = 1; i < t.size(); ++i) CHECK(t[i] - t[i - 1] == Approx(step).epsilon(1e-6));
  // Covering: neither end of the range is more than a step from a tick.
  CHECK(t.front() - lo <= step * (1 + 1e-6));
  CHECK(hi - t.back() <= step * (1 + 1e-6));
}

bool is_power_of_ten(double v) {
  const double k = std::log10(v);
  return std::fabs(k - std::round(k)) < 1e-9;
}

// Dear ImGui with a built font atlas and nothing else: frames are drawn into ImDrawData only.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // One frame with `draw` inside an 800×600 window at the origin; returns the frame's draw data.
  template <typename Draw>
  const ImDrawData& frame(Draw&& draw, ImVec2 mouse = kNoMouse, bool mouse_down = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = mouse;
    io.MouseDown[0] = mouse_down;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("plots", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    draw();
    ImGui::End();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }
};

template <typename F>
void for_each_vertex(const ImDrawData& dd, F&& f) {
  for (int i = 0; i < dd.CmdListsCount; ++i)
    for (const ImDrawVert& v : dd.CmdLists[i]->VtxBuffer) f(v);
}

bool all_vertices_finite(const ImDrawData& dd) {
  bool finite = true;
  for_each_vertex(dd, [&](const ImDrawVert& v) { finite = finite && std::isfinite(v.pos.x) && std::isfinite(v.pos.y); });
  return finite;
}

// Vertices in exactly this colour: the inner vertices of a series' polyline (the anti-aliasing fringe
// is transparent), so they say how much, and where, that series was drawn.
struct ColorStats {
  int count = 0;
  float min_y = FLT_MAX, max_y = -FLT_MAX;
};

ColorStats color_stats(const ImDrawData& dd, ImU32 color) {
  ColorStats s;
  for_each_vertex(dd, [&](const ImDrawVert& v) {
    if (v.col != color) return;
    ++s.count;
    s.min_y = std::min(s.min_y, v.pos.y);
    s.max_y = std::max(s.max_y, v.pos.y);
  });
  return s;
}

// Sweeps the mouse over the top-left corner of the window until the cursor turns into a hand, which
// the widget shows only over a legend entry. Returns that position, or kNoMouse.
template <typename Draw>
ImVec2 find_legend_entry(HeadlessImGui& gui, Draw&& draw) {
  for (float y = 0; y < 120; y += 4) {
    for (float x = 0; x < 240; x += 6) {
      gui.frame(draw, ImVec2(x, y));
      if (ImGui::GetMouseCursor() == ImGuiMouseCursor_Hand) return ImVec2(x, y);
    }
  }
  return kNoMouse;
}

}  // namespace

TEST_CASE("nice_ticks: 1/2/5 steps covering the range, never more than asked") {
  const std::vector<double> tenths = nice_ticks(0, 1, 6);
  REQUIRE(tenths.size() == 6);
  for (size_t i = 0; i < tenths.size(); ++i) CHECK(tenths[i] == Approx(0.2 * static_cast<double>(i)));
  check_nice_ticks(0, 1, 5);
  check_nice_ticks(0, 1, 2);
  check_nice_ticks(-3.7, 12.2, 8);
  check_nice_ticks(-5, -2, 2);
  check_nice_ticks(0.31, 0.49, 2);
  check_nice_ticks(0, 3000, 7);
  check_nice_ticks(1, 1 + 1e-6, 5);  // tiny width far from zero
  check_nice_ticks(-1e-6, 0, 4);
  check_nice_ticks(1e-9, 3e-9, 5);
  check_nice_ticks(123456, 123457, 10);
  check_nice_ticks(0, 1e12, 6);  // huge
  check_nice_ticks(-1e300, 1e300, 7);
  check_nice_ticks(2, 9, 1);
  // Reversed bounds give the same ticks.
  CHECK(nice_ticks(1, 0, 6) == nice_ticks(0, 1, 6));
  // Ticks that land on zero are exactly zero (no "-0" or 1e-17 label).
  for (double v : nice_ticks(-0.3, 0.3, 7)) CHECK((v == 0 || std::fabs(v) > 1e-3));
}

TEST_CASE("nice_ticks: degenerate and invalid input return at once, without NaN") {
  CHECK(nice_ticks(2.5, 2.5, 5) == std::vector<double>{2.5});
  CHECK(nice_ticks(0, 0, 5) == std::vector<double>{0});
  // Below what doubles can tell apart, it is a single tick too.
  CHECK(nice_ticks(1e10, 1e10 + 1e-6, 5).size() == 1);
  CHECK(nice_ticks(0, 1, 0).empty());
  CHECK(nice_ticks(kNaN, 1, 5).empty());
  CHECK(nice_ticks(0, kInf, 5).empty());
  CHECK(nice_ticks(-1.7e308, 1.7e308, 5).empty());  // the width overflows
  CHECK(nice_ticks(0, 1, 1'000'000'000).size() <= 1000);
}

TEST_CASE("log_ticks: powers of ten inside the range") {
  const std::vector<double> t = log_ticks(1e-3, 1e2);
  REQUIRE(t.size() == 6);
  for (size_t i = 0; i < t.size(); ++i) CHECK(t[i] == Approx(std::pow(10.0, static_cast<double>(i) - 3)));

  const std::vector<double> u = log_ticks(0.5, 5e4);
  CHECK(u.size() == 5);  // 1 .. 1e4
  for (double v : u) {
    CHECK(is_power_of_ten(v));
    CHECK(v >= 0.5);
    CHECK(v <= 5e4);
  }
  // Many decades: every n-th one, still powers of ten, at most 10.
  const std::vector<double> w = log_ticks(1e-300, 1e300);
  CHECK(w.size() >= 2);
  CHECK(w.size() <= 10);
  for (double v : w) CHECK(is_power_of_ten(v));
}

TEST_CASE("log_ticks: narrow, degenerate and invalid ranges") {
  // Less than a decade: 1/2/5 ticks, inside the range.
  const std::vector<double> t = log_ticks(2, 8);
  CHECK(t == std::vector<double>{2, 5});
  // No 1/2/5 value inside: linear ticks still label the axis.
  const std::vector<double> u = log_ticks(3, 4);
  CHECK(u.size() >= 2);
  for (double v : u) {
    CHECK(v >= 3);
    CHECK(v <= 4);
  }
  CHECK(log_ticks(100, 100) == std::vector<double>{100});
  CHECK(log_ticks(3, 3) == std::vector<double>{3});
  CHECK(log_ticks(1e2, 1e-3) == log_ticks(1e-3, 1e2));
  CHECK(log_ticks(0, 10).empty());
  CHECK(log_ticks(-1, 10).empty());
  CHECK(log_ticks(1, kInf).empty());
}

TEST_CASE("format_tick: short labels") {
  CHECK(format_tick(0) == "0");
  CHECK(format_tick(-0.0) == "0");
  CHECK(format_tick(0.5) == "0.5");
  CHECK(format_tick(1) == "1");
  CHECK(format_tick(250) == "250");
  CHECK(format_tick(1000) == "1k");
  CHECK(format_tick(1500) == "1.5k");
  CHECK(format_tick(15000) == "15k");
  CHECK(format_tick(2500000) == "2.5M");
  CHECK(format_tick(3e9) == "3G");
  CHECK(format_tick(0.001) == "0.001");  // from 1e-3 up: plain decimals
  CHECK(format_tick(0.0001) == "1e-4");  // below: short scientific
  CHECK(format_tick(2.5e-5) == "2.5e-5");
  CHECK(format_tick(1e15) == "1e15");
  CHECK(format_tick(-0.5) == "-0.5");
  CHECK(format_tick(-2000) == "-2k");
  CHECK(format_tick(-3e-6) == "-3e-6");
  CHECK(format_tick(0.1 + 0.2) == "0.3");
  CHECK(format_tick(999999.9) == "1M");
  CHECK(format_tick(kNaN) == "nan");
  CHECK(format_tick(-kInf) == "-inf");
  // Neighbouring ticks keep distinct labels (the axis adds digits beyond 6 when a range is narrower).
  for (auto [lo, hi] : {std::pair{0.0, 0.001}, std::pair{10000.0, 10300.0}, std::pair{-0.02, 0.02}}) {
    const std::vector<double> t = nice_ticks(lo, hi, 7);
    for (size_t i = 1; i < t.size(); ++i) CHECK(format_tick(t[i]) != format_tick(t[i - 1]));
  }
}

TEST_CASE("a 1,000,000-point series is decimated, NaN and Inf leave gaps, nothing goes non-finite") {
  HeadlessImGui gui;
  std::vector<int64_t> big_x(1'000'000);
  std::vector<double> big_y(big_x.size());
  for (size_t i = 0; i < big_x.size(); ++i) {
    big_x[i] = static_cast<int64_t>(i);
    big_y[i] = std::sin(static_cast<double>(i) * 1e-4) + 0.1 * std::sin(static_cast<double>(i) * 0.37);
  }
  std::vector<double> gap_x, gap_y;
  for (int i = 0; i < 1000; ++i) {
    gap_x.push_back(i * 1000.0);
    gap_y.push_back(i % 97 == 0 ? kNaN : std::cos(i * 0.01));
  }
  gap_y[500] = kInf;
  gap_y[501] = -kInf;
  bool shown = false;
  const auto draw = [&] {
    PlotOptions o;
    o.y_label = "loss";
    o.size = ImVec2(-1, 500);
    shown = begin_plot("loss", o);
    if (!shown) return;
    plot_line("big", big_x, big_y, kRed);
    plot_line("gappy", gap_x, gap_y, kGreen);
    plot_hline("chance", 0.5, IM_COL32(150, 150, 150, 200));
    end_plot();
  };
  for (int f = 0; f < 3; ++f) {
    const ImDrawData& dd = gui.frame(draw);
    REQUIRE(shown);
    CHECK(dd.TotalVtxCount > 0);
    CHECK(dd.TotalVtxCount < 20'000);  // 1M points would be millions of vertices undecimated
    CHECK(all_vertices_finite(dd));    // Inf in the data did not poison the ranges
    CHECK(color_stats(dd, kRed).count > 1000);
    CHECK(color_stats(dd, kGreen).count > 100);
  }
}

TEST_CASE("log axes skip non-positive values, and empty plots and plots of nothing but NaN still draw") {
  HeadlessImGui gui;
  const std::vector<int64_t> x{0, 1, 2, 3, 10, 100, 1000};
  const std::vector<double> y{0.7, 0.5, 0.0, -1.0, 0.1, 0.01, 0.001};
  const std::vector<double> nan_y(x.size(), kNaN);
  const auto draw = [&] {
    PlotOptions o;
    o.x_scale = o.y_scale = AxisScale::log;
    o.size = ImVec2(-1, 180);
    if (begin_plot("log-log", o)) {
      plot_line("loss", x, y, kRed);
      plot_hline("never shown: not positive", 0, kGreen);
      end_plot();
    }
    if (begin_plot("empty", PlotOptions{})) end_plot();
    if (begin_plot("all NaN", PlotOptions{})) {
      plot_line("nan", x, nan_y, kGreen);
      end_plot();
    }
  };
  for (int f = 0; f < 3; ++f) {
    const ImDrawData& dd = gui.frame(draw);
    CHECK(all_vertices_finite(dd));
    CHECK(color_stats(dd, kRed).count > 0);
  }
}

TEST_CASE("decimation keeps the envelope: a one-point spike in 1,000,000 still reaches the top") {
  HeadlessImGui gui;
  std::vector<double> x(1'000'000), y(1'000'000, 0.0);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  y[500'000] = 1.0;
  const auto draw = [&] {
    PlotOptions o;
    o.size = ImVec2(-1, 400);
    o.show_legend = false;  // its swatch would share the series' colour
    if (begin_plot("spike", o)) {
      plot_line("flat with one spike", x, y, kRed);
      end_plot();
    }
  };
  gui.frame(draw);
  const ColorStats s = color_stats(gui.frame(draw), kRed);
  REQUIRE(s.count > 0);
  CHECK(s.max_y - s.min_y > 250);  // about 0.9 of the ~350 px plot area; a lost spike leaves ~2 px
}

TEST_CASE("clicking a legend entry hides its series and clicking again shows it") {
  HeadlessImGui gui;
  std::vector<double> x(2000), a(2000), b(2000);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i);
    a[i] = std::sin(x[i] * 0.01);
    b[i] = 0.5 * std::cos(x[i] * 0.01);
  }
  const auto draw = [&] {
    PlotOptions o;
    o.size = ImVec2(-1, 300);
    if (begin_plot("toggle", o)) {
      plot_line("series a", x, a, kRed);
      plot_line("series b", x, b, kGreen);
      end_plot();
    }
  };
  gui.frame(draw);
  CHECK(color_stats(gui.frame(draw), kRed).count > 1000);
  const ImVec2 entry = find_legend_entry(gui, draw);
  REQUIRE(entry.x >= 0);  // the sweep found the first entry, "series a"

  const auto click = [&] {
    gui.frame(draw, entry, true);
    gui.frame(draw, entry, false);
    gui.frame(draw);  // the flag is read when the series is added, so the next frame shows it
  };
  click();
  CHECK(color_stats(gui.frame(draw), kRed).count == 0);  // hidden (its swatch is dimmed, not red)
  CHECK(color_stats(gui.frame(draw), kGreen).count > 1000);
  click();
  CHECK(color_stats(gui.frame(draw), kRed).count > 1000);
}

TEST_CASE("hovering the plot shows a tooltip with the read-out") {
  HeadlessImGui gui;
  std::vector<int64_t> x(500);
  std::vector<double> y(500);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<int64_t>(i) * 10;
    y[i] = 1.0 / (1.0 + static_cast<double>(i));
  }
  const auto draw = [&] {
    PlotOptions o;
    o.size = ImVec2(-1, 400);
    if (begin_plot("hover", o)) {
      plot_line("loss", x, y, kRed);
      end_plot();
    }
  };
  gui.frame(draw);
  const int lists_without = gui.frame(draw).CmdListsCount;
  gui.frame(draw, ImVec2(500, 250));
  const ImDrawData& dd = gui.frame(draw, ImVec2(500, 250));
  CHECK(dd.CmdListsCount == lists_without + 1);  // the tooltip window
  CHECK(all_vertices_finite(dd));
}

TEST_CASE("the plot gallery draws") {
  HeadlessImGui gui;
  for (int f = 0; f < 3; ++f) {
    const ImDrawData& dd = gui.frame([] { draw_plot_gallery(); }, f == 2 ? ImVec2(400, 200) : kNoMouse);
    CHECK(dd.TotalVtxCount > 1000);
    CHECK(all_vertices_finite(dd));
  }
}
