// The plot widget: begin_plot() reserves the widget's rectangle, plot_line()/plot_hline() buffer the
// series in axis space (log10 applied, min/max-decimated to about two points per pixel column), and
// end_plot() fits the axes and draws frame, grid, ticks, lines, reference lines, legend and hover
// read-out. All state lives in one function-local PlotState reused by every plot and every frame, so a
// warmed-up frame allocates nothing. Also: the tick helpers and a small gallery of synthetic plots.
#define IMGUI_DEFINE_MATH_OPERATORS
#include "plot_widget.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace losslab::ui {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kLineThickness = 1.5f;
constexpr float kTickLength = 4.0f;
constexpr float kMinWidth = 120.0f, kMinHeight = 80.0f;
constexpr float kDash = 6.0f, kDashGap = 4.0f;
// Coordinates further than this outside the plot are clamped: float vertices stay finite and precise.
constexpr double kScreenLimit = 1e6;
// One AddPolyline makes 4 vertices a point; chunks this long stay well inside 16-bit indices.
constexpr size_t kMaxPolylinePoints = 8192;
constexpr int kMaxTicksAllowed = 1000;  // bounds the tick loops whatever the caller asks for

// ---------------------------------------------------------------------------------------------------
// Tick helpers

// Multiples of `step` in [lo, hi], with a little slack so that rounding (0.1 * 3) does not drop a tick.
double tick_count(double lo, double hi, double step) {
  return std::floor(hi / step + 1e-9) - std::ceil(lo / step - 1e-9) + 1;
}

// The smallest 1/2/5×10^k step with at most max_ticks multiples in [lo, hi] (0 when none is finite).
// It starts below span / intervals, so it never skips a step with at least one tick.
double nice_step(double lo, double hi, int max_ticks) {
  const double intervals = std::max(1, max_ticks - 1);
  double base = std::pow(10.0, std::floor(std::log10((hi - lo) / intervals)));
  for (int decade = 0; decade < 8; ++decade, base *= 10) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double step = m * base;
      if (!std::isfinite(step)) return 0;
      if (tick_count(lo, hi, step) <= max_ticks) return step;
    }
  }
  return 0;
}

// Keeps every n-th value so that at most max_count remain.
void thin_to(std::vector<double>& v, int max_count) {
  const size_t keep = static_cast<size_t>(std::max(1, max_count));
  if (v.size() <= keep) return;
  const size_t stride = (v.size() + keep - 1) / keep;
  size_t out = 0;
  for (size_t i = 0; i < v.size(); i += stride) v[out++] = v[i];
  v.resize(out);
}

void nice_ticks_into(double lo, double hi, int max_ticks, std::vector<double>& out) {
  out.clear();
  if (!std::isfinite(lo) || !std::isfinite(hi) || max_ticks < 1) return;
  if (lo > hi) std::swap(lo, hi);
  const double magnitude = std::max(std::fabs(lo), std::fabs(hi));
  if (!std::isfinite(hi - lo)) return;  // wider than a double can hold: no step is representable
  if (hi - lo <= magnitude * 1e-12) {  // degenerate, or below what doubles can tick apart
    out.push_back(lo * 0.5 + hi * 0.5);
    return;
  }
  if (max_ticks == 1) {  // the tick of a two-tick axis nearest the middle
    nice_ticks_into(lo, hi, 2, out);
    if (out.size() == 2) out.erase(out.begin() + (out[1] - lo < hi - out[0] ? 0 : 1));
    return;
  }
  max_ticks = std::min(max_ticks, kMaxTicksAllowed);
  const double step = nice_step(lo, hi, max_ticks);
  if (step <= 0) return;
  const double last = std::floor(hi / step + 1e-9);
  for (double i = std::ceil(lo / step - 1e-9); i <= last; ++i) {
    const double v = i * step;
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);  // no "-0" or 1e-17 for zero
  }
}

// 1/2/5×10^k inside [lo, hi]: labels for a log axis spanning less than two powers of ten.
void one_two_five_ticks(double lo, double hi, std::vector<double>& out) {
  out.clear();
  const double last = std::ceil(std::log10(hi));
  for (double k = std::floor(std::log10(lo)); k <= last; ++k) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10.0, k);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
    }
  }
}

void log_ticks_into(double lo, double hi, int max_ticks, std::vector<double>& out) {
  out.clear();
  if (!(lo > 0) || !(hi > 0) || !std::isfinite(lo) || !std::isfinite(hi)) return;
  if (lo > hi) std::swap(lo, hi);
  const double k0 = std::ceil(std::log10(lo) - 1e-9), k1 = std::floor(std::log10(hi) + 1e-9);
  if (k1 > k0) {  // two or more powers of ten: label decades only, every n-th one when there are many
    const double stride = std::ceil((k1 - k0 + 1) / std::max(1, max_ticks));
    for (double k = std::ceil(k0 / stride) * stride; k <= k1; k += stride) out.push_back(std::pow(10.0, k));
    return;
  }
  one_two_five_ticks(lo, hi, out);
  thin_to(out, max_ticks);
  if (out.size() < 2) nice_ticks_into(lo, hi, max_ticks, out);  // e.g. [3, 4]: linear ticks still help
}

// Writes "<mantissa>e<exponent>" from printf's "%.5e" text: "2.50000e-05" -> "2.5e-5".
void format_scientific(const char* sci, char* buf, size_t size) {
  const char* e = std::strchr(sci, 'e');
  if (!e) {
    std::snprintf(buf, size, "%s", sci);
    return;
  }
  const char* end = e;
  while (end > sci && end[-1] == '0') --end;
  if (end > sci && end[-1] == '.') --end;
  std::snprintf(buf, size, "%.*se%d", static_cast<int>(end - sci), sci, std::atoi(e + 1));
}

// Short tick label into buf with at most `digits` significant digits. Rounding to them first turns
// 0.30000000000000004 into 0.3 and lets 999999.9 become "1M" rather than "1000k".
void format_tick_to(double v, char* buf, size_t size, int digits = 6) {
  if (std::isnan(v)) {
    std::snprintf(buf, size, "nan");
    return;
  }
  if (std::isinf(v)) {
    std::snprintf(buf, size, "%s", v > 0 ? "inf" : "-inf");
    return;
  }
  char sci[40];
  std::snprintf(sci, sizeof sci, "%.*e", digits - 1, v);
  v = std::strtod(sci, nullptr);
  const double a = std::fabs(v);
  if (a == 0) {
    std::snprintf(buf, size, "0");
  } else if (a < 1e-3 || a >= 1e15) {
    format_scientific(sci, buf, size);
  } else {
    struct Suffix {
      double scale;
      const char* name;
    };
    static constexpr Suffix kSuffixes[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}};
    const Suffix* s = kSuffixes;
    while (a < s->scale && s->scale > 1) ++s;
    std::snprintf(buf, size, "%.*g%s", digits, v / s->scale, s->name);
  }
}

// Significant digits the axis labels need: 6, or more when neighbouring ticks would read the same
// (a narrow range far from zero, such as 1 .. 1.000001).
int tick_digits(const std::vector<double>& ticks) {
  char a[40], b[40];
  for (int digits = 6; digits < 16; ++digits) {
    bool distinct = true;
    for (size_t i = 1; i < ticks.size() && distinct; ++i) {
      format_tick_to(ticks[i - 1], a, sizeof a, digits);
      format_tick_to(ticks[i], b, sizeof b, digits);
      distinct = std::strcmp(a, b) != 0;
    }
    if (distinct) return digits;
  }
  return 16;
}

// A read-out value: whole numbers (steps) in full, others with 5 significant digits.
void format_readout(double v, char* buf, size_t size) {
  const double r = std::round(v);
  if (std::fabs(v) < 1e15 && std::fabs(v - r) <= 1e-9 * std::max(1.0, std::fabs(v)))
    std::snprintf(buf, size, "%.0f", r == 0 ? 0.0 : r);
  else
    std::snprintf(buf, size, "%.5g", v);
}

// ---------------------------------------------------------------------------------------------------
// Buffered series and decimation

// A point in axis space (log10 already applied on log axes), or in pixels while drawing.
// y = NaN marks a break in the line; its x repeats the point before it, so x stays sorted.
struct DPoint {
  double x, y;
};

struct Range {
  double lo = kInf, hi = -kInf;
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void add(const Range& r) {
    lo = std::min(lo, r.lo);
    hi = std::max(hi, r.hi);
  }
  bool valid() const { return lo <= hi; }
  double span() const { return hi - lo; }
};

// Lowest and highest point of a run, with their order of arrival so they are emitted in order.
struct Run {
  int64_t count = 0;
  DPoint lo{}, hi{};
  int64_t lo_seq = 0, hi_seq = 0;
  void add(DPoint p, int64_t seq) {
    if (count == 0 || p.y < lo.y) {
      lo = p;
      lo_seq = seq;
    }
    if (count == 0 || p.y > hi.y) {
      hi = p;
      hi_seq = seq;
    }
    ++count;
  }
  void merge(const Run& r) {
    if (r.count == 0) return;
    if (count == 0) {
      *this = r;
      return;
    }
    if (r.lo.y < lo.y) {
      lo = r.lo;
      lo_seq = r.lo_seq;
    }
    if (r.hi.y > hi.y) {
      hi = r.hi;
      hi_seq = r.hi_seq;
    }
    count += r.count;
  }
  void emit(std::vector<DPoint>& out) const {
    if (count == 0) return;
    const bool lo_first = lo_seq <= hi_seq;
    out.push_back(lo_first ? lo : hi);
    if (lo_seq != hi_seq) out.push_back(lo_first ? hi : lo);
  }
};

// Min/max decimation of a stream of points and gaps: per bucket (a pixel column, or one point when
// nothing needs dropping) it keeps the extremes of the run before the bucket's first gap, of the runs
// between gaps (merged) and of the run after its last gap, so output is O(buckets) even when the data
// alternates with NaN, and the visual envelope and the gaps both survive.
class Decimator {
 public:
  explicit Decimator(std::vector<DPoint>& out) : out_(out) {}
  void add(int64_t bucket, DPoint p) {
    if (runs_ > 0 && bucket != bucket_) flush();
    bucket_ = bucket;
    if (runs_ == 0) {
      lead_gap_ = gap_open_;
      runs_ = 1;
    } else if (gap_open_) {
      if (runs_ >= 2) {  // a third run or later: the one before it is now a middle run
        middle_.merge(last_);
        last_ = Run{};
      }
      ++runs_;
    }
    gap_open_ = false;
    (runs_ == 1 ? first_ : last_).add(p, seq_++);
  }
  void gap() { gap_open_ = true; }
  void finish() { flush(); }

 private:
  void emit_gap() {
    if (!out_.empty() && !std::isnan(out_.back().y)) out_.push_back(DPoint{out_.back().x, kNaN});
  }
  void flush() {
    if (runs_ == 0) return;
    if (lead_gap_) emit_gap();
    first_.emit(out_);
    for (const Run* r : {&middle_, &last_}) {
      if (r->count == 0) continue;
      emit_gap();
      r->emit(out_);
    }
    first_ = middle_ = last_ = Run{};
    runs_ = 0;
  }

  std::vector<DPoint>& out_;
  Run first_, middle_, last_;
  int64_t bucket_ = 0, seq_ = 0;
  int runs_ = 0;  // runs started in the current bucket
  bool lead_gap_ = false, gap_open_ = false;
};

struct SeriesData {
  std::string label;  // as given, "##" suffix included
  ImGuiID key = 0;    // where its hidden flag lives in the window's ImGuiStorage
  ImU32 color = 0;
  bool hidden = false;
  Range x, y;  // over every drawable point, so decimation never shrinks the axes
  std::vector<DPoint> points;
};

struct HLine {
  std::string label;
  double y = 0;  // axis space
  ImU32 color = 0;
  bool valid = false;
};

// A vertical marker at a step where something happened (a setting changed mid-run, divergence).
struct Marker {
  std::string text;
  double x = 0;  // axis space
  ImU32 color = 0;
  bool valid = false;
};

struct RectData {
  DPoint min{}, max{};  // axis space
  ImU32 fill = 0, border = 0;
  bool hatched = false;
  std::string tooltip, label;
};

struct PlotState {
  bool open = false;
  bool hovered = false;
  ImGuiID id = 0;
  PlotOptions options;
  ImRect frame;
  std::string title;
  // Slots are reused frame after frame; *_used counts those filled since begin_plot().
  std::vector<SeriesData> series;
  size_t series_used = 0;
  std::vector<HLine> hlines;
  size_t hlines_used = 0;
  std::vector<Marker> markers;
  size_t markers_used = 0;
  std::vector<RectData> rects;
  size_t rects_used = 0;
  // Scratch kept between frames so that drawing allocates nothing once warmed up.
  std::vector<DPoint> screen;
  std::vector<ImVec2> polyline;
  std::vector<double> x_ticks, y_ticks, minor_ticks;
  int x_digits = 6, y_digits = 6;  // significant digits of the tick labels
};

PlotState& state() {
  static PlotState s;
  return s;
}

template <typename T>
T& next_slot(std::vector<T>& slots, size_t& used) {
  if (used == slots.size()) slots.emplace_back();
  return slots[used++];
}

double to_axis(double v, AxisScale scale) { return scale == AxisScale::log ? std::log10(v) : v; }
double from_axis(double v, AxisScale scale) { return scale == AxisScale::log ? std::pow(10.0, v) : v; }

enum class PointKind { drawable, gap, skipped };

PointKind classify(double x, double y, const PlotOptions& o, DPoint& out) {
  if (!std::isfinite(x) || !std::isfinite(y)) return PointKind::gap;
  if ((o.x_scale == AxisScale::log && x <= 0) || (o.y_scale == AxisScale::log && y <= 0))
    return PointKind::skipped;  // no place on a log axis; the line joins its neighbours
  out = DPoint{to_axis(x, o.x_scale), to_axis(y, o.y_scale)};
  return PointKind::drawable;
}

// Copies the drawable points. With more than two points per bucket (buckets split the series' own x
// range, at least two per pixel column of the frame) only each bucket's extremes are kept, so storage is
// O(width) and stays finer than a pixel once the plot shows the union of all series.
template <typename X>
void buffer_points(SeriesData& d, std::span<const X> xs, std::span<const double> ys, size_t drawable,
                   const PlotOptions& o, double buckets) {
  const bool decimate = static_cast<double>(drawable) > 2 * buckets && d.x.span() > 0;
  const double scale = decimate ? buckets / d.x.span() : 0;
  Decimator decimator(d.points);
  DPoint p{};
  int64_t index = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const PointKind kind = classify(static_cast<double>(xs[i]), ys[i], o, p);
    if (kind == PointKind::gap) decimator.gap();
    if (kind != PointKind::drawable) continue;
    decimator.add(decimate ? static_cast<int64_t>((p.x - d.x.lo) * scale) : index++, p);
  }
  decimator.finish();
}

template <typename X>
void add_series(const char* label, std::span<const X> xs, std::span<const double> ys, ImU32 color) {
  PlotState& s = state();
  if (!s.open) return;  // begin_plot() returned false or was not called
  SeriesData& d = next_slot(s.series, s.series_used);
  d.label.assign(label ? label : "");
  d.key = ImHashStr(d.label.c_str(), 0, s.id);
  d.color = color;
  d.hidden = ImGui::GetStateStorage()->GetBool(d.key, false);
  d.x = d.y = Range{};
  d.points.clear();
  const size_t n = std::min(xs.size(), ys.size());
  xs = xs.first(n);
  ys = ys.first(n);
  size_t drawable = 0;
  DPoint p{};
  for (size_t i = 0; i < n; ++i) {
    if (classify(static_cast<double>(xs[i]), ys[i], s.options, p) != PointKind::drawable) continue;
    d.x.add(p.x);
    d.y.add(p.y);
    ++drawable;
  }
  buffer_points(d, xs, ys, drawable, s.options, 2.0 * std::max(1.0f, s.frame.GetWidth()));
}

// ---------------------------------------------------------------------------------------------------
// Layout

// The data area on screen and the visible ranges (axis space), with the mappings between them.
struct Layout {
  ImRect area;
  Range x, y;
  static float clamp_px(double v, float lo, float hi) {
    return static_cast<float>(std::clamp(v, lo - kScreenLimit, hi + kScreenLimit));
  }
  float screen_x(double v) const {
    return clamp_px(area.Min.x + (v - x.lo) / x.span() * area.GetWidth(), area.Min.x, area.Max.x);
  }
  float screen_y(double v) const {
    return clamp_px(area.Max.y - (v - y.lo) / y.span() * area.GetHeight(), area.Min.y, area.Max.y);
  }
  ImVec2 screen(DPoint p) const { return ImVec2(screen_x(p.x), screen_y(p.y)); }
  double axis_x(float px) const { return x.lo + (px - area.Min.x) / area.GetWidth() * x.span(); }
};

// Grid lines, ticks and the crosshair go on whole pixels (AddLine centres them in the pixel): a 1 px
// line between two pixels would be drawn as a blurred 2 px one.
float snap(float v) { return std::round(v); }

// Gives an empty or flat range some width, so that every mapping divides by a positive span.
Range widen_if_flat(Range r) {
  if (!r.valid()) return Range{0, 1};
  const double magnitude = std::max(std::fabs(r.lo), std::fabs(r.hi));
  if (r.span() > magnitude * 1e-9) return r;
  const double pad = magnitude > 0 ? magnitude * 0.1 : 0.5;
  return Range{r.lo - pad, r.hi + pad};
}

bool fixed_y_range(const PlotOptions& o, Range& y) {
  if (!o.fixed_y) return false;
  double lo = to_axis(o.y_min, o.y_scale), hi = to_axis(o.y_max, o.y_scale);
  if (lo > hi) std::swap(lo, hi);
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return false;  // e.g. log axis from 0: fit
  y = Range{lo, hi};
  return true;
}

// x: the union of the visible series. y: the same plus the reference lines, padded by 5 % each side,
// unless the options fix it. Hidden series do not count, so hiding an outlier rescales the plot.
void fit_ranges(const PlotState& s, Range& x, Range& y) {
  Range data_x, data_y;
  for (size_t i = 0; i < s.series_used; ++i) {
    const SeriesData& d = s.series[i];
    if (d.hidden || !d.x.valid()) continue;
    data_x.add(d.x);
    data_y.add(d.y);
  }
  for (size_t i = 0; i < s.rects_used; ++i) {
    const RectData& r = s.rects[i];
    data_x.add(Range{r.min.x, r.max.x});
    data_y.add(Range{r.min.y, r.max.y});
  }
  const PlotOptions& o = s.options;
  const double x_lo = to_axis(o.x_min, o.x_scale), x_hi = to_axis(o.x_max, o.x_scale);
  x = o.fixed_x && std::isfinite(x_lo) && std::isfinite(x_hi) && x_hi > x_lo ? Range{x_lo, x_hi}
                                                                             : widen_if_flat(data_x);
  if (fixed_y_range(s.options, y)) return;
  for (size_t i = 0; i < s.hlines_used; ++i)
    if (s.hlines[i].valid) data_y.add(s.hlines[i].y);
  y = widen_if_flat(data_y);
  const double pad = 0.05 * y.span();
  y.lo -= pad;
  y.hi += pad;
}

// Tick values (data space, not axis space) for an axis showing [lo, hi] in axis space.
void axis_ticks(const Range& r, AxisScale scale, int max_ticks, std::vector<double>& out) {
  if (scale == AxisScale::log)
    log_ticks_into(std::pow(10.0, r.lo), std::pow(10.0, r.hi), max_ticks, out);
  else
    nice_ticks_into(r.lo, r.hi, max_ticks, out);
}

float widest_tick_label(const std::vector<double>& ticks, int digits) {
  char buf[40];
  float w = 0;
  for (double v : ticks) {
    format_tick_to(v, buf, sizeof buf, digits);
    w = std::max(w, ImGui::CalcTextSize(buf).x);
  }
  return w;
}

bool has_text(const char* s) { return s && *s; }

void keep_whole_numbers(std::vector<double>& ticks) {
  std::erase_if(ticks, [](double v) { return v != std::round(v); });
}

// Margins hold the title, the y tick labels (whose width depends on the fitted range) and the x tick
// labels; the tick counts follow the room available, about one y label per two text lines.
Layout layout_plot(PlotState& s) {
  Layout L;
  fit_ranges(s, L.x, L.y);
  const PlotOptions& o = s.options;
  const ImRect& f = s.frame;
  const float line_h = ImGui::GetTextLineHeight();
  const float pad = ImGui::GetStyle().FramePadding.x;
  const float top = f.Min.y + (s.title.empty() ? std::max(pad, line_h * 0.5f) : line_h + 2 * pad);
  const float bottom = f.Max.y - pad - line_h - kTickLength - (has_text(o.x_label) ? line_h : 0);
  const int max_y_ticks = std::clamp(static_cast<int>((bottom - top) / (2 * line_h)), 2, 10);
  axis_ticks(L.y, o.y_scale, max_y_ticks, s.y_ticks);
  if (o.integer_ticks) keep_whole_numbers(s.y_ticks);
  s.y_digits = tick_digits(s.y_ticks);
  const float left = f.Min.x + pad + (has_text(o.y_label) ? line_h + pad : 0) +
                     widest_tick_label(s.y_ticks, s.y_digits) + kTickLength + 2;
  const float right = f.Max.x - pad - ImGui::CalcTextSize("00").x;  // room for half the last x label
  // Whole pixels, so the border and the grid lines stay crisp.
  L.area = ImRect(std::round(left), std::round(top), std::round(std::max(right, left + 1)),
                  std::round(std::max(bottom, top + 1)));
  const float label_room = ImGui::CalcTextSize("-0.000k").x + line_h;
  const int max_x_ticks = std::clamp(static_cast<int>(L.area.GetWidth() / label_room), 2, 12);
  axis_ticks(L.x, o.x_scale, max_x_ticks, s.x_ticks);
  if (o.integer_ticks) keep_whole_numbers(s.x_ticks);
  s.x_digits = tick_digits(s.x_ticks);
  return L;
}

// ---------------------------------------------------------------------------------------------------
// Drawing

ImU32 with_alpha(ImU32 color, float mul) {
  const auto a = static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * mul;
  return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT);
}

// Text rotated a quarter turn counter-clockwise (read bottom to top) and centred on `center`. It is laid
// out horizontally where it is surely inside the clip rectangle (ImGui culls glyphs by their unrotated
// position), then its vertices are turned into place.
void add_vertical_text(ImDrawList* dl, ImVec2 center, ImVec2 layout_center, ImU32 col, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const int begin = dl->VtxBuffer.Size;
  dl->AddText(layout_center - size * 0.5f, col, text);
  for (int i = begin; i < dl->VtxBuffer.Size; ++i) {
    ImVec2& p = dl->VtxBuffer[i].pos;
    const ImVec2 d = p - layout_center;
    p = ImVec2(center.x + d.y, center.y - d.x);
  }
}

void draw_titles(ImDrawList* dl, const PlotState& s, const Layout& L) {
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
  const ImRect& f = s.frame;
  const float pad = ImGui::GetStyle().FramePadding.x, line_h = ImGui::GetTextLineHeight();
  const float mid_x = L.area.GetCenter().x;
  if (!s.title.empty()) {
    const float w = ImGui::CalcTextSize(s.title.c_str()).x;
    dl->AddText(ImVec2(std::max(f.Min.x, mid_x - w * 0.5f), f.Min.y + pad * 0.5f), col, s.title.c_str());
  }
  if (has_text(s.options.x_label)) {
    const float w = ImGui::CalcTextSize(s.options.x_label).x;
    dl->AddText(ImVec2(std::max(f.Min.x, mid_x - w * 0.5f), f.Max.y - pad - line_h), col, s.options.x_label);
  }
  if (has_text(s.options.y_label)) {
    const ImVec2 center(f.Min.x + pad + line_h * 0.5f, L.area.GetCenter().y);
    add_vertical_text(dl, center, L.area.GetCenter(), col, s.options.y_label);
  }
}

// Faint lines at 2..9 × 10^k on a log axis spanning one to eight decades, where they help read values.
void minor_log_ticks(const Range& r, AxisScale scale, std::vector<double>& out) {
  out.clear();
  if (scale != AxisScale::log || r.span() < 1 || r.span() > 8) return;
  for (double k = std::floor(r.lo); k <= r.hi; ++k)
    for (int m = 2; m <= 9; ++m)
      if (const double a = k + std::log10(m); a > r.lo && a < r.hi) out.push_back(a);
}

void draw_x_axis(ImDrawList* dl, PlotState& s, const Layout& L) {
  const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Text, 0.10f), text = ImGui::GetColorU32(ImGuiCol_Text, 0.8f);
  minor_log_ticks(L.x, s.options.x_scale, s.minor_ticks);
  for (double a : s.minor_ticks) {
    const float px = snap(L.screen_x(a));
    dl->AddLine(ImVec2(px, L.area.Min.y), ImVec2(px, L.area.Max.y), ImGui::GetColorU32(ImGuiCol_Text, 0.04f));
  }
  char buf[40];
  float last_right = -FLT_MAX;
  const float space = ImGui::CalcTextSize(" ").x;
  for (double v : s.x_ticks) {
    const float px = snap(L.screen_x(to_axis(v, s.options.x_scale)));
    dl->AddLine(ImVec2(px, L.area.Min.y), ImVec2(px, L.area.Max.y), grid);
    dl->AddLine(ImVec2(px, L.area.Max.y), ImVec2(px, L.area.Max.y + kTickLength), text);
    format_tick_to(v, buf, sizeof buf, s.x_digits);
    const float w = ImGui::CalcTextSize(buf).x;
    const float lx = std::max(s.frame.Min.x, std::min(px - w * 0.5f, s.frame.Max.x - w));
    if (lx < last_right + space) continue;  // would overlap its left neighbour
    dl->AddText(ImVec2(lx, L.area.Max.y + kTickLength), text, buf);
    last_right = lx + w;
  }
}

void draw_y_axis(ImDrawList* dl, PlotState& s, const Layout& L) {
  const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Text, 0.10f), text = ImGui::GetColorU32(ImGuiCol_Text, 0.8f);
  minor_log_ticks(L.y, s.options.y_scale, s.minor_ticks);
  for (double a : s.minor_ticks) {
    const float py = snap(L.screen_y(a));
    dl->AddLine(ImVec2(L.area.Min.x, py), ImVec2(L.area.Max.x, py), ImGui::GetColorU32(ImGuiCol_Text, 0.04f));
  }
  char buf[40];
  const float line_h = ImGui::GetTextLineHeight();
  for (double v : s.y_ticks) {
    const float py = snap(L.screen_y(to_axis(v, s.options.y_scale)));
    dl->AddLine(ImVec2(L.area.Min.x, py), ImVec2(L.area.Max.x, py), grid);
    dl->AddLine(ImVec2(L.area.Min.x - kTickLength, py), ImVec2(L.area.Min.x, py), text);
    format_tick_to(v, buf, sizeof buf, s.y_digits);
    const float w = ImGui::CalcTextSize(buf).x;
    const float ly = std::max(s.frame.Min.y, std::min(py - line_h * 0.5f, s.frame.Max.y - line_h));
    dl->AddText(ImVec2(L.area.Min.x - kTickLength - 2 - w, ly), text, buf);
  }
}

void draw_axes(ImDrawList* dl, PlotState& s, const Layout& L) {
  dl->AddRectFilled(L.area.Min, L.area.Max, ImGui::GetColorU32(ImGuiCol_FrameBg));
  draw_x_axis(dl, s, L);
  draw_y_axis(dl, s, L);
  dl->AddRect(L.area.Min, L.area.Max, ImGui::GetColorU32(ImGuiCol_Border));
  draw_titles(dl, s, L);
}

// One unbroken run: a polyline (in chunks, for 16-bit indices), or a dot when a point stands alone
// between gaps, so that isolated values do not vanish.
void stroke_run(ImDrawList* dl, const std::vector<ImVec2>& run, ImU32 color) {
  if (run.size() == 1) {
    dl->AddCircleFilled(run[0], kLineThickness, color);
    return;
  }
  for (size_t start = 0; start + 1 < run.size(); start += kMaxPolylinePoints - 1) {
    const size_t count = std::min(kMaxPolylinePoints, run.size() - start);
    dl->AddPolyline(&run[start], static_cast<int>(count), color, ImDrawFlags_None, kLineThickness);
  }
}

// Maps the buffered points to pixels, min/max-decimates them per pixel column when there are more than
// two a column (O(width) work from here on), and hands each run between gaps to `stroke`.
template <typename Stroke>
void for_each_run(PlotState& s, const Layout& L, const SeriesData& d, Stroke&& stroke) {
  const bool decimate = static_cast<double>(d.points.size()) > 2.0 * std::max(1.0f, L.area.GetWidth());
  s.screen.clear();
  Decimator decimator(s.screen);
  int64_t index = 0;
  for (const DPoint& p : d.points) {
    if (std::isnan(p.y)) {
      decimator.gap();
      continue;
    }
    const DPoint q{L.screen_x(p.x), L.screen_y(p.y)};
    decimator.add(decimate ? static_cast<int64_t>(std::floor(q.x)) : index++, q);
  }
  decimator.finish();
  s.polyline.clear();
  for (const DPoint& q : s.screen) {
    if (!std::isnan(q.y)) {
      s.polyline.push_back(ImVec2(static_cast<float>(q.x), static_cast<float>(q.y)));
      continue;
    }
    stroke(s.polyline);
    s.polyline.clear();
  }
  if (!s.polyline.empty()) stroke(s.polyline);
}

void draw_series(ImDrawList* dl, PlotState& s, const Layout& L, const SeriesData& d) {
  for_each_run(s, L, d, [&](const std::vector<ImVec2>& run) { stroke_run(dl, run, d.color); });
}

void draw_hlines(ImDrawList* dl, const PlotState& s, const Layout& L) {
  for (size_t i = 0; i < s.hlines_used; ++i) {
    const HLine& h = s.hlines[i];
    if (!h.valid || h.y < L.y.lo || h.y > L.y.hi) continue;
    const float py = snap(L.screen_y(h.y));
    for (float x = L.area.Min.x; x < L.area.Max.x; x += kDash + kDashGap)
      dl->AddLine(ImVec2(x, py), ImVec2(std::min(x + kDash, L.area.Max.x), py), h.color);
    const char* end = ImGui::FindRenderedTextEnd(h.label.c_str());
    const ImVec2 size = ImGui::CalcTextSize(h.label.c_str(), end);
    // Above the line, or below it when that would leave the plot.
    const float ty = py - size.y - 1 < L.area.Min.y ? py + 2 : py - size.y - 1;
    dl->AddText(ImVec2(L.area.Max.x - size.x - 4, ty), h.color, h.label.c_str(), end);
  }
}

// Diagonal hatching clipped to the rectangle: 45° lines every few pixels.
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color) {
  constexpr float kSpacing = 5;
  dl->PushClipRect(a, b, true);
  const float h = b.y - a.y;
  for (float x = a.x - h; x < b.x; x += kSpacing) dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), color);
  dl->PopClipRect();
}

// Returns the tooltip of the rectangle under the mouse, if any (the last drawn wins, as it is on top).
const std::string* draw_rects(ImDrawList* dl, const PlotState& s, const Layout& L) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const std::string* hovered = nullptr;
  for (size_t i = 0; i < s.rects_used; ++i) {
    const RectData& r = s.rects[i];
    const ImVec2 a(L.screen_x(r.min.x), L.screen_y(r.max.y)), b(L.screen_x(r.max.x), L.screen_y(r.min.y));
    if (r.fill) dl->AddRectFilled(a, b, r.fill);
    if (r.hatched) hatch(dl, a, b, r.border ? r.border : ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (r.border) dl->AddRect(a, b, r.border);
    if (!r.label.empty()) {
      const ImVec2 size = ImGui::CalcTextSize(r.label.c_str());
      if (size.x + 4 <= b.x - a.x && size.y <= b.y - a.y)
        dl->AddText(ImVec2((a.x + b.x - size.x) * 0.5f, (a.y + b.y - size.y) * 0.5f),
                    ImGui::GetColorU32(ImGuiCol_Text), r.label.c_str());
    }
    if (!r.tooltip.empty() && s.hovered && ImRect(a, b).Contains(mouse)) hovered = &r.tooltip;
  }
  return hovered;
}

// Markers: a faint dotted line through the plot and a small triangle on its top edge; hovering the
// triangles' strip lists the events under the mouse (several events can share a pixel).
void draw_markers(ImDrawList* dl, const PlotState& s, const Layout& L) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool in_strip = s.hovered && mouse.y >= L.area.Min.y - 2 && mouse.y <= L.area.Min.y + 10 &&
                        mouse.x >= L.area.Min.x - 4 && mouse.x <= L.area.Max.x + 4;
  std::string hovered_text;
  int hovered = 0;
  for (size_t i = 0; i < s.markers_used; ++i) {
    const Marker& m = s.markers[i];
    if (!m.valid || m.x < L.x.lo || m.x > L.x.hi) continue;
    const float px = snap(L.screen_x(m.x));
    for (float y = L.area.Min.y; y < L.area.Max.y; y += 2 * kDashGap)
      dl->AddLine(ImVec2(px, y), ImVec2(px, std::min(y + kDashGap, L.area.Max.y)), with_alpha(m.color, 0.35f));
    dl->AddTriangleFilled(ImVec2(px - 4, L.area.Min.y), ImVec2(px + 4, L.area.Min.y), ImVec2(px, L.area.Min.y + 6),
                          m.color);
    if (in_strip && std::fabs(mouse.x - px) <= 4) {
      if (hovered < 8) hovered_text += (hovered_text.empty() ? "" : "\n") + m.text;
      ++hovered;
    }
  }
  if (hovered > 8) hovered_text += "\n… and " + std::to_string(hovered - 8) + " more";
  if (hovered > 0) ImGui::SetTooltip("%s", hovered_text.c_str());
}

// A legend row: hover highlight and click-to-toggle (stored for the next frame, when ranges are fitted),
// then the colour swatch and the label, dimmed when the series is hidden.
void draw_legend_row(ImDrawList* dl, const SeriesData& d, const ImRect& row, bool row_hovered) {
  if (row_hovered) {
    dl->AddRectFilled(row.Min, row.Max, ImGui::GetColorU32(ImGuiCol_HeaderHovered), 2.0f);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ImGui::GetStateStorage()->SetBool(d.key, !d.hidden);
  }
  const float line_h = ImGui::GetTextLineHeight(), pad = ImGui::GetStyle().FramePadding.x;
  const float cy = snap(row.GetCenter().y);
  dl->AddLine(ImVec2(row.Min.x + pad, cy), ImVec2(row.Min.x + pad + line_h, cy),
              d.hidden ? with_alpha(d.color, 0.25f) : d.color, 3.0f);
  const ImU32 text = ImGui::GetColorU32(d.hidden ? ImGuiCol_TextDisabled : ImGuiCol_Text);
  const char* end = ImGui::FindRenderedTextEnd(d.label.c_str());
  dl->AddText(ImVec2(row.Min.x + 2 * pad + line_h, row.Min.y), text, d.label.c_str(), end);
}

// Top-left inside the plot, on a translucent background. Returns whether the mouse is over it, so the
// hover read-out stays out of the way while the user aims at an entry.
bool draw_legend(ImDrawList* dl, const PlotState& s, const Layout& L) {
  if (!s.options.show_legend || s.series_used == 0) return false;
  const float line_h = ImGui::GetTextLineHeight(), pad = ImGui::GetStyle().FramePadding.x;
  float text_w = 0;
  for (size_t i = 0; i < s.series_used; ++i)
    text_w = std::max(text_w, ImGui::CalcTextSize(s.series[i].label.c_str(), nullptr, true).x);
  // Rows span the box; each holds pad, swatch (a line height wide), pad, label, pad.
  const ImVec2 origin = L.area.Min + ImVec2(pad, pad);
  const ImVec2 box_size(text_w * 1.15f + line_h + 3 * pad, static_cast<float>(s.series_used) * line_h + pad);
  const ImRect box(origin, origin + box_size);
  dl->AddRectFilled(box.Min, box.Max, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.8f), 3.0f);
  dl->AddRect(box.Min, box.Max, ImGui::GetColorU32(ImGuiCol_Border), 3.0f);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool over = s.hovered && box.Contains(mouse);
  for (size_t i = 0; i < s.series_used; ++i) {
    const ImVec2 row_min(box.Min.x, box.Min.y + pad * 0.5f + static_cast<float>(i) * line_h);
    const ImRect row(row_min, ImVec2(box.Max.x, row_min.y + line_h));
    draw_legend_row(dl, s.series[i], row, over && row.Contains(mouse));
  }
  return over;
}

// Index of the drawable point whose x is nearest `x`, or -1. Points are sorted by x; a gap marker
// repeats the x before it, so stepping left off one lands on a real point.
ptrdiff_t nearest_point(const std::vector<DPoint>& points, double x) {
  if (points.empty()) return -1;
  const auto it = std::lower_bound(points.begin(), points.end(), x,
                                   [](const DPoint& p, double v) { return p.x < v; });
  auto i = static_cast<size_t>(it - points.begin());
  if (i == points.size() || (i > 0 && x - points[i - 1].x <= points[i].x - x)) --i;
  while (i > 0 && std::isnan(points[i].y)) --i;
  return std::isnan(points[i].y) ? -1 : static_cast<ptrdiff_t>(i);
}

// Tooltip row: colour swatch, label and value.
void readout_row(const SeriesData& d, const char* value) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(p + ImVec2(0, h * 0.2f), p + ImVec2(h * 0.6f, h * 0.8f), d.color, 2.0f);
  ImGui::Dummy(ImVec2(h * 0.6f, h));
  ImGui::SameLine();
  const char* end = ImGui::FindRenderedTextEnd(d.label.c_str());
  ImGui::Text("%.*s: %s", static_cast<int>(end - d.label.c_str()), d.label.c_str(), value);
}

// Markers on the lines and a tooltip with x and every visible series' value at its point nearest x.
void show_readout(ImDrawList* dl, const PlotState& s, const Layout& L, double x) {
  char buf[48];
  format_readout(from_axis(x, s.options.x_scale), buf, sizeof buf);
  ImGui::BeginTooltip();
  ImGui::Text("%s %s", has_text(s.options.x_label) ? s.options.x_label : "x", buf);
  for (size_t i = 0; i < s.series_used; ++i) {
    const SeriesData& d = s.series[i];
    const ptrdiff_t k = d.hidden ? -1 : nearest_point(d.points, x);
    if (k < 0) continue;
    const DPoint& p = d.points[static_cast<size_t>(k)];
    dl->AddCircleFilled(L.screen(p), 3.5f, d.color);
    format_readout(from_axis(p.y, s.options.y_scale), buf, sizeof buf);
    readout_row(d, buf);
  }
  ImGui::EndTooltip();
}

// Crosshair snapped to the data x nearest the mouse (over all visible series), then the read-out.
void draw_hover(ImDrawList* dl, const PlotState& s, const Layout& L) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (!s.hovered || !L.area.Contains(mouse)) return;
  const double mx = L.axis_x(mouse.x);
  double snap_x = mx, best = kInf;
  for (size_t i = 0; i < s.series_used; ++i) {
    const SeriesData& d = s.series[i];
    const ptrdiff_t k = d.hidden ? -1 : nearest_point(d.points, mx);
    if (k < 0 || std::fabs(d.points[static_cast<size_t>(k)].x - mx) >= best) continue;
    snap_x = d.points[static_cast<size_t>(k)].x;
    best = std::fabs(snap_x - mx);
  }
  const float px = snap(L.screen_x(snap_x));
  dl->AddLine(ImVec2(px, L.area.Min.y), ImVec2(px, L.area.Max.y), ImGui::GetColorU32(ImGuiCol_Text, 0.35f));
  if (best < kInf) show_readout(dl, s, L, snap_x);
}


// ---------------------------------------------------------------------------------------------------
// SVG: the plot as drawn, in vector lines and real text (for papers), from the same layout and data.

struct SvgCapture {
  ImVec2 origin;
  std::string body;
  int clips = 0;
};
SvgCapture* g_svg = nullptr;

std::string svg_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// ` stroke="#rrggbb" stroke-opacity="a"` (or fill) of an ImU32.
std::string svg_paint(const char* what, ImU32 c) {
  char buf[80];
  const unsigned a = (c >> IM_COL32_A_SHIFT) & 0xFF;
  std::snprintf(buf, sizeof buf, " %s=\"#%02x%02x%02x\"", what, c & 0xFF, (c >> 8) & 0xFF, (c >> 16) & 0xFF);
  std::string out = buf;
  if (a < 255) {
    std::snprintf(buf, sizeof buf, " %s-opacity=\"%.2f\"", what, a / 255.0);
    out += buf;
  }
  return out;
}

struct SvgWriter {
  SvgCapture& c;
  float x(float v) const { return v - c.origin.x; }
  float y(float v) const { return v - c.origin.y; }
  void line(ImVec2 a, ImVec2 b, ImU32 col, float width = 1, const char* extra = "") {
    char buf[200];
    std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"%.1f\"%s",
                  x(a.x), y(a.y), x(b.x), y(b.y), width, extra);
    c.body += buf + svg_paint("stroke", col) + "/>\n";
  }
  // anchor: start, middle or end; `baseline` y is the top of the text line, as ImGui places text.
  void text(ImVec2 at, std::string_view s, ImU32 col, const char* anchor = "start", bool vertical = false) {
    char buf[200];
    const float size = ImGui::GetFontSize();
    if (vertical)
      std::snprintf(buf, sizeof buf, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"%s\" dy=\"0.35em\"",
                    x(at.x), y(at.y), anchor);
    else
      std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x(at.x), y(at.y) + size * 0.8f,
                    anchor);
    c.body += buf + svg_paint("fill", col) + ">" + svg_escape(s) + "</text>\n";
  }
};

void svg_plot(PlotState& s, const Layout& L) {
  SvgWriter w{*g_svg};
  SvgCapture& c = *g_svg;
  const ImU32 text = IM_COL32(40, 40, 40, 255), grid = IM_COL32(0, 0, 0, 26), border = IM_COL32(120, 120, 120, 255);
  const float pad = ImGui::GetStyle().FramePadding.x, line_h = ImGui::GetTextLineHeight();
  char buf[200];
  std::snprintf(buf, sizeof buf, "<g>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\"%s/>\n",
                w.x(L.area.Min.x), w.y(L.area.Min.y), L.area.GetWidth(), L.area.GetHeight(),
                svg_paint("stroke", border).c_str());
  c.body += buf;
  char label[40];
  for (double v : s.x_ticks) {
    const float px = L.screen_x(to_axis(v, s.options.x_scale));
    w.line(ImVec2(px, L.area.Min.y), ImVec2(px, L.area.Max.y), grid);
    format_tick_to(v, label, sizeof label, s.x_digits);
    w.text(ImVec2(px, L.area.Max.y + kTickLength), label, text, "middle");
  }
  for (double v : s.y_ticks) {
    const float py = L.screen_y(to_axis(v, s.options.y_scale));
    w.line(ImVec2(L.area.Min.x, py), ImVec2(L.area.Max.x, py), grid);
    format_tick_to(v, label, sizeof label, s.y_digits);
    w.text(ImVec2(L.area.Min.x - kTickLength - 2, py - line_h * 0.5f), label, text, "end");
  }
  const float mid_x = L.area.GetCenter().x;
  if (!s.title.empty()) w.text(ImVec2(mid_x, s.frame.Min.y + pad * 0.5f), s.title, text, "middle");
  if (has_text(s.options.x_label)) w.text(ImVec2(mid_x, s.frame.Max.y - pad - line_h), s.options.x_label, text, "middle");
  if (has_text(s.options.y_label))
    w.text(ImVec2(s.frame.Min.x + pad + line_h * 0.5f, L.area.GetCenter().y), s.options.y_label, text, "middle", true);

  // The lines, clipped to the data area.
  const int clip = c.clips++;
  std::snprintf(buf, sizeof buf,
                "<clipPath id=\"plot%d\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>\n"
                "<g clip-path=\"url(#plot%d)\" fill=\"none\" stroke-linejoin=\"round\">\n",
                clip, w.x(L.area.Min.x) - 1, w.y(L.area.Min.y) - 1, L.area.GetWidth() + 2, L.area.GetHeight() + 2, clip);
  c.body += buf;
  for (size_t i = 0; i < s.series_used; ++i) {
    const SeriesData& d = s.series[i];
    if (d.hidden) continue;
    for_each_run(s, L, d, [&](const std::vector<ImVec2>& run) {
      std::string points;
      for (const ImVec2& p : run) {
        std::snprintf(buf, sizeof buf, "%.1f,%.1f ", w.x(p.x), w.y(p.y));
        points += buf;
      }
      if (run.size() == 1) points += points;  // a lone point: a zero-length line with round caps shows as a dot
      c.body += "<polyline stroke-width=\"1.5\" stroke-linecap=\"round\"" + svg_paint("stroke", d.color) +
                " points=\"" + points + "\"/>\n";
    });
  }
  for (size_t i = 0; i < s.hlines_used; ++i) {
    const HLine& h = s.hlines[i];
    if (!h.valid || h.y < L.y.lo || h.y > L.y.hi) continue;
    const float py = L.screen_y(h.y);
    w.line(ImVec2(L.area.Min.x, py), ImVec2(L.area.Max.x, py), h.color, 1, " stroke-dasharray=\"6 4\"");
    const char* end = ImGui::FindRenderedTextEnd(h.label.c_str());
    w.text(ImVec2(L.area.Max.x - 4, py - line_h - 1), std::string_view(h.label.c_str(), static_cast<size_t>(end - h.label.c_str())),
           h.color, "end");
  }
  c.body += "</g>\n";

  // The legend: the visible series, top left, on the translucent box the screen draws.
  float text_w = 0;
  size_t rows = 0;
  for (size_t i = 0; i < s.series_used; ++i)
    if (!s.series[i].hidden) {
      text_w = std::max(text_w, ImGui::CalcTextSize(s.series[i].label.c_str(), nullptr, true).x);
      ++rows;
    }
  if (rows > 0) {
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" fill=\"#ffffff\" "
                  "fill-opacity=\"0.8\"%s/>\n",
                  w.x(L.area.Min.x + pad), w.y(L.area.Min.y + pad), text_w * 1.15f + line_h + 3 * pad,
                  static_cast<float>(rows) * line_h + pad, svg_paint("stroke", border).c_str());
    c.body += buf;
  }
  float row_y = L.area.Min.y + pad * 1.5f;
  for (size_t i = 0; i < s.series_used; ++i) {
    const SeriesData& d = s.series[i];
    if (d.hidden) continue;
    const float cy = row_y + line_h * 0.5f;
    w.line(ImVec2(L.area.Min.x + 2 * pad, cy), ImVec2(L.area.Min.x + 2 * pad + line_h, cy), d.color, 3);
    const char* end = ImGui::FindRenderedTextEnd(d.label.c_str());
    w.text(ImVec2(L.area.Min.x + 3 * pad + line_h, row_y),
           std::string_view(d.label.c_str(), static_cast<size_t>(end - d.label.c_str())), text);
    row_y += line_h;
  }
  c.body += "</g>\n";
}

// Width <= 0 fills the available width; height <= 0 the available height (or 200 when there is none).
ImRect frame_rect(ImVec2 size) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = size.x > 0 ? size.x : avail.x;
  const float h = size.y > 0 ? size.y : (avail.y > 0 ? avail.y : 200.0f);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  return ImRect(pos, pos + ImVec2(std::max(w, kMinWidth), std::max(h, kMinHeight)));
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Public API

bool begin_plot(const char* id, const PlotOptions& options) {
  PlotState& s = state();
  IM_ASSERT(!s.open && "begin_plot() called again before end_plot()");
  s.open = false;
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const ImGuiID plot_id = window->GetID(id);
  const ImRect frame = frame_rect(options.size);
  ImGui::ItemSize(frame);
  if (!ImGui::ItemAdd(frame, plot_id)) return false;
  // A button behaviour over the whole frame: hover for the read-out, and a click in the plot does not
  // start dragging the window.
  bool held = false;
  ImGui::ButtonBehavior(frame, plot_id, &s.hovered, &held);
  s.open = true;
  s.id = plot_id;
  s.options = options;
  s.frame = frame;
  s.title.assign(id, ImGui::FindRenderedTextEnd(id));
  s.series_used = s.hlines_used = s.markers_used = s.rects_used = 0;
  return true;
}

void plot_line(const char* label, std::span<const int64_t> x, std::span<const double> y, ImU32 color) {
  add_series<int64_t>(label, x, y, color);
}

void plot_line(const char* label, std::span<const double> x, std::span<const double> y, ImU32 color) {
  add_series<double>(label, x, y, color);
}

void plot_hline(const char* label, double y, ImU32 color) {
  PlotState& s = state();
  if (!s.open) return;
  HLine& h = next_slot(s.hlines, s.hlines_used);
  h.label.assign(label ? label : "");
  h.color = color;
  h.y = to_axis(y, s.options.y_scale);
  h.valid = std::isfinite(h.y);  // log10 of y <= 0 is -inf or NaN: not shown
}

void plot_marker(const char* text, double x, ImU32 color) {
  PlotState& s = state();
  if (!s.open) return;
  Marker& m = next_slot(s.markers, s.markers_used);
  m.text.assign(text ? text : "");
  m.color = color;
  m.x = to_axis(x, s.options.x_scale);
  m.valid = std::isfinite(m.x);
}

void plot_rect(const PlotRect& rect) {
  PlotState& s = state();
  if (!s.open) return;
  const double x0 = to_axis(rect.x0, s.options.x_scale), x1 = to_axis(rect.x1, s.options.x_scale);
  const double y0 = to_axis(rect.y0, s.options.y_scale), y1 = to_axis(rect.y1, s.options.y_scale);
  if (!std::isfinite(x0) || !std::isfinite(x1) || !std::isfinite(y0) || !std::isfinite(y1)) return;
  RectData& r = next_slot(s.rects, s.rects_used);
  r.min = {std::min(x0, x1), std::min(y0, y1)};
  r.max = {std::max(x0, x1), std::max(y0, y1)};
  r.fill = rect.fill;
  r.border = rect.border;
  r.hatched = rect.hatched;
  r.tooltip.assign(rect.tooltip ? rect.tooltip : "");
  r.label.assign(rect.label ? rect.label : "");
}

void end_plot() {
  PlotState& s = state();
  IM_ASSERT(s.open && "end_plot() without a begin_plot() that returned true");
  if (!s.open) return;
  s.open = false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Layout L = layout_plot(s);
  draw_axes(dl, s, L);
  // A pixel of slack so that lines along the border (accuracy 1.0) are not cut in half.
  dl->PushClipRect(L.area.Min - ImVec2(1, 1), L.area.Max + ImVec2(1, 1), true);
  const std::string* rect_tooltip = draw_rects(dl, s, L);
  for (size_t i = 0; i < s.series_used; ++i)
    if (!s.series[i].hidden) draw_series(dl, s, L, s.series[i]);
  draw_hlines(dl, s, L);
  dl->PopClipRect();
  draw_markers(dl, s, L);
  if (g_svg) svg_plot(s, L);
  if (draw_legend(dl, s, L)) return;
  if (rect_tooltip)
    ImGui::SetTooltip("%s", rect_tooltip->c_str());
  else
    draw_hover(dl, s, L);
}

void begin_svg(ImVec2 origin) {
  static SvgCapture capture;
  capture = SvgCapture{origin, {}, 0};
  g_svg = &capture;
}

std::string end_svg(ImVec2 size) {
  if (!g_svg) return "";
  char head[400];
  std::snprintf(head, sizeof head,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"%.0f\">\n"
                "<rect width=\"100%%\" height=\"100%%\" fill=\"#f0f0f0\"/>\n",
                size.x, size.y, size.x, size.y, ImGui::GetFontSize());
  std::string out = head + g_svg->body + "</svg>\n";
  g_svg = nullptr;
  return out;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> out;
  nice_ticks_into(lo, hi, max_ticks, out);
  return out;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> out;
  log_ticks_into(lo, hi, 10, out);
  return out;
}

std::string format_tick(double v) {
  char buf[32];
  format_tick_to(v, buf, sizeof buf);
  return buf;
}

// ---------------------------------------------------------------------------------------------------
// Gallery

namespace {

// Deterministic noise in [-1, 1): a hash of the index (splitmix64's finaliser), so no RNG state.
double gallery_noise(uint64_t i) {
  i += 0x9e3779b97f4a7c15ULL;
  i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9ULL;
  i = (i ^ (i >> 27)) * 0x94d049bb133111ebULL;
  i ^= i >> 31;
  return static_cast<double>(i >> 11) / 4503599627370496.0 - 1.0;  // 53 bits / 2^52 - 1
}

struct GalleryData {
  std::vector<int64_t> steps, eval_steps;  // training logs every step, evaluates every 25
  std::vector<double> train_loss, test_loss, train_acc, test_acc;
  std::vector<double> big_x, big_y;  // 1,000,000 points with a few spikes
  std::vector<double> gap_x, gap_y;  // NaN and Inf holes
};

void make_training_curves(GalleryData& g) {
  for (int64_t t = 0; t <= 3000; ++t) {
    const double progress = std::exp(-static_cast<double>(t) / 500.0);
    const auto u = static_cast<uint64_t>(t);
    g.steps.push_back(t);
    g.train_loss.push_back((0.04 + 0.65 * progress) * (1 + 0.25 * gallery_noise(u)));
    g.train_acc.push_back(std::min(1.0, 1.0 - 0.48 * progress + 0.03 * gallery_noise(u + 7777)));
    if (t % 25 != 0) continue;
    g.eval_steps.push_back(t);
    g.test_loss.push_back(0.09 + 0.62 * progress + 0.00002 * static_cast<double>(t));  // slow overfit
    g.test_acc.push_back(0.97 - 0.47 * progress);
  }
}

void make_signals(GalleryData& g) {
  for (int i = 0; i < 1'000'000; ++i) {
    const double t = i * 1e-5;
    const bool spike = i % 199'999 == 0 && i > 0;
    g.big_x.push_back(t);
    g.big_y.push_back(std::sin(t) + 0.2 * gallery_noise(static_cast<uint64_t>(i)) + (spike ? 2.5 : 0.0));
  }
  for (int i = 0; i < 400; ++i) {
    const bool hole = (i >= 100 && i < 130) || i % 37 == 0;
    g.gap_x.push_back(i);
    g.gap_y.push_back(hole ? std::nan("") : std::cos(i * 0.03) * (i % 2 ? 1.0 : 0.9));
  }
  g.gap_y[250] = kInf;
  g.gap_y[300] = -kInf;
}

const GalleryData& gallery_data() {
  static const GalleryData data = [] {
    GalleryData g;
    make_training_curves(g);
    make_signals(g);
    return g;
  }();
  return data;
}

}  // namespace

void draw_plot_gallery() {
  constexpr ImU32 kBlue = IM_COL32(86, 180, 233, 255), kOrange = IM_COL32(230, 159, 0, 255);
  constexpr ImU32 kGreen = IM_COL32(0, 158, 115, 255), kGrey = IM_COL32(150, 150, 150, 200);
  static bool log_x = false, log_y = true;  // the gallery's own toggles
  ImGui::Checkbox("log step axis", &log_x);
  ImGui::SameLine();
  ImGui::Checkbox("log loss axis", &log_y);
  ImGui::TextDisabled("Hover for values; click a legend entry to hide its series.");
  const GalleryData& g = gallery_data();
  PlotOptions o;
  o.x_scale = log_x ? AxisScale::log : AxisScale::linear;
  o.y_scale = log_y ? AxisScale::log : AxisScale::linear;
  o.y_label = "cross-entropy";
  if (begin_plot("loss##gallery", o)) {
    plot_line("train loss", g.steps, g.train_loss, kBlue);
    plot_line("test loss", g.eval_steps, g.test_loss, kOrange);
    end_plot();
  }
  o.y_scale = AxisScale::linear;
  o.y_label = "accuracy";
  o.fixed_y = true;
  if (begin_plot("accuracy##gallery", o)) {
    plot_line("train acc", g.steps, g.train_acc, kBlue);
    plot_line("test acc", g.eval_steps, g.test_acc, kOrange);
    plot_hline("chance", 0.5, kGrey);
    end_plot();
  }
  PlotOptions s;
  s.x_label = "t";
  s.y_label = "signal";
  if (begin_plot("1,000,000 points, min/max decimated##gallery", s)) {
    plot_line("sin + noise", g.big_x, g.big_y, kGreen);
    end_plot();
  }
  if (begin_plot("NaN and Inf leave gaps##gallery", s)) {
    plot_line("with holes", g.gap_x, g.gap_y, kOrange);
    plot_hline("zero", 0, kGrey);
    end_plot();
  }
}

}  // namespace losslab::ui
