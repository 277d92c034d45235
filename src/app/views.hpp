// The names of the app's switchable views: the pictures of the middle window (one tab each) and the
// time-series plots of the Metrics window (each shown or hidden). The page's JS hook and the tests use
// the same names (`losslab.control("view=reliability")`, `"show=memorization"`).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace losslab::ui {

enum class View { boundary, reliability, confusion, margins, fourier, head, sweep, runs };

struct ViewSpec {
  View view;
  std::string_view name;
  const char* title;
};
inline constexpr std::array<ViewSpec, 8> kViews{{
    {View::boundary, "boundary", "Decision boundary"},
    {View::reliability, "reliability", "Reliability"},
    {View::confusion, "confusion", "Confusion"},
    {View::margins, "margins", "Margins"},
    {View::fourier, "fourier", "Fourier"},
    {View::head, "head", "Fused head"},
    {View::sweep, "sweep", "Sweep"},
    {View::runs, "runs", "Runs"},
}};
std::optional<View> view_from_name(std::string_view name);

enum class MetricPlot { loss, accuracy, mse, calibration, memorization, weight_norm, collapse, coherence, margins, fourier };

struct MetricPlotSpec {
  MetricPlot plot;
  std::string_view name;
  const char* title;
  bool shown_at_start;
};
inline constexpr std::array<MetricPlotSpec, 10> kMetricPlots{{
    {MetricPlot::loss, "loss", "Loss", true},
    {MetricPlot::accuracy, "accuracy", "Accuracy", true},
    {MetricPlot::mse, "mse", "Squared error (regression)", false},
    {MetricPlot::calibration, "calibration", "Calibration error", true},
    {MetricPlot::memorization, "memorization", "Memorization (noisy labels)", true},
    {MetricPlot::weight_norm, "weight_norm", "Weight norm", false},
    {MetricPlot::collapse, "collapse", "Neural collapse", false},
    {MetricPlot::coherence, "coherence", "Gradient coherence", false},
    {MetricPlot::margins, "margins", "Margins", false},
    {MetricPlot::fourier, "fourier", "Fourier sparsity", false},
}};
using MetricPlotVisibility = std::array<bool, kMetricPlots.size()>;
MetricPlotVisibility default_plot_visibility();
// A plot by its name, or by a short alias (acc, weightnorm, ece, memo, nc, ...: views.cpp).
std::optional<MetricPlot> metric_plot_from_name(std::string_view name);

}  // namespace losslab::ui
