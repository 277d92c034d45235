#include "views.hpp"

namespace losslab::ui {

std::optional<View> view_from_name(std::string_view name) {
  for (const ViewSpec& v : kViews)
    if (v.name == name) return v.view;
  return std::nullopt;
}

MetricPlotVisibility default_plot_visibility() {
  MetricPlotVisibility shown{};
  for (size_t i = 0; i < kMetricPlots.size(); ++i) shown[i] = kMetricPlots[i].shown_at_start;
  return shown;
}

namespace {

// Short names a hand-written link or an embedding page may use (`plots=acc,weightnorm`); links the app
// writes use the names of kMetricPlots.
struct PlotAlias {
  std::string_view alias;
  MetricPlot plot;
};
constexpr PlotAlias kPlotAliases[] = {
    {"acc", MetricPlot::accuracy},
    {"squared_error", MetricPlot::mse},
    {"ece", MetricPlot::calibration},
    {"calib", MetricPlot::calibration},
    {"memo", MetricPlot::memorization},
    {"memorisation", MetricPlot::memorization},
    {"weightnorm", MetricPlot::weight_norm},
    {"weight-norm", MetricPlot::weight_norm},
    {"wnorm", MetricPlot::weight_norm},
    {"nc", MetricPlot::collapse},
    {"neural_collapse", MetricPlot::collapse},
    {"grad_coherence", MetricPlot::coherence},
    {"margin", MetricPlot::margins},
    {"fourier_sparsity", MetricPlot::fourier},
};

}  // namespace

std::optional<MetricPlot> metric_plot_from_name(std::string_view name) {
  for (const MetricPlotSpec& p : kMetricPlots)
    if (p.name == name) return p.plot;
  for (const PlotAlias& a : kPlotAliases)
    if (a.alias == name) return a.plot;
  return std::nullopt;
}

}  // namespace losslab::ui
