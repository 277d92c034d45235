// A small line-plot widget for Dear ImGui, drawn with ImDrawList (no ImPlot): linear or log axes with
// "nice" ticks, min/max decimation so a million points cost O(width) to draw, NaN gaps, a legend whose
// entries toggle their series, a dashed reference line, and a hover read-out. Used ImPlot-style:
//   if (begin_plot("loss", opts)) { plot_line("train", x, y, color); plot_line(...); end_plot(); }
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

namespace losslab::ui {

enum class AxisScale { linear, log };

struct PlotOptions {
  const char* x_label = "step";  // the strings must stay valid until end_plot()
  const char* y_label = "";
  AxisScale x_scale = AxisScale::linear;
  AxisScale y_scale = AxisScale::linear;
  bool fixed_y = false;  // when true, use [y_min, y_max] instead of fitting the data (e.g. accuracy 0..1)
  double y_min = 0, y_max = 1;
  bool fixed_x = false;  // when true, use [x_min, x_max]: plots stacked on one step axis line up exactly
  double x_min = 0, x_max = 1;
  ImVec2 size{-1, 200};     // width <= 0: fill the available width; height <= 0: the available height
  bool show_legend = true;  // the legend also lets the user hide series by clicking them
  bool integer_ticks = false;  // ticks only at whole numbers (category indices, e.g. classes)
};

// Returns false when the plot is clipped away; call plot_line/plot_hline/end_plot only after true.
// The id is also the title shown above the plot ("##" hides what follows, as in ImGui).
bool begin_plot(const char* id, const PlotOptions& options);
// x should be increasing. NaN/Inf break the line; on log axes, x <= 0 and y <= 0 are skipped.
void plot_line(const char* label, std::span<const int64_t> x, std::span<const double> y, ImU32 color);
void plot_line(const char* label, std::span<const double> x, std::span<const double> y, ImU32 color);
// Horizontal reference line (e.g. chance level), dashed, labelled at its right end.
void plot_hline(const char* label, double y, ImU32 color);
// Vertical marker at x (an event: a setting changed mid-run), with `text` shown on hover. Markers do not
// widen the x range.
void plot_marker(const char* text, double x, ImU32 color);
// A rectangle in data coordinates, drawn under the lines: bars, shaded gaps, heat-map cells. Its extent
// counts when the axes are fitted. Hovering it shows `tooltip` (when given) instead of the lines' read-out.
struct PlotRect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  ImU32 fill = 0;          // 0: not filled
  ImU32 border = 0;        // 0: no outline
  bool hatched = false;    // diagonal hatching in the border colour (e.g. "no data here", not "zero")
  const char* tooltip = nullptr;  // copied
  const char* label = nullptr;    // drawn centred in the rectangle when it fits (copied)
};
void plot_rect(const PlotRect& rect);
void end_plot();

// SVG export: every plot ended between begin_svg() and end_svg() is also written as SVG — vector lines
// and real text, for papers — where it is on screen relative to `origin` (the SVG's top-left corner).
// end_svg() returns the document, `size` wide and high ("" when no capture was begun).
void begin_svg(ImVec2 origin);
std::string end_svg(ImVec2 size);

// Pure helpers, exposed for tests.
// Multiples of a 1/2/5×10^k step inside [lo, hi]: the smallest such step giving at most max_ticks
// ticks, so consecutive ticks (and the ends of the range) are never more than one step apart.
// lo == hi gives {lo}; non-finite input or max_ticks < 1 gives {}.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);
// Powers of ten inside [lo, hi] (lo, hi > 0; every n-th decade when there are more than 10). A range
// holding fewer than two of them gets 1/2/5×10^k ticks instead, or linear nice ticks as a last resort.
std::vector<double> log_ticks(double lo, double hi);
// Short tick label: 0, 0.5, 250, 1k, 15k, 2.5M, 0.001, 1e-4, -2.5k (6 significant digits at most).
std::string format_tick(double v);

// Draws a few plots of synthetic data, to look at the widget alone (like imgui_demo / the ImPlot demo).
// Call inside a window.
void draw_plot_gallery();

}  // namespace losslab::ui
