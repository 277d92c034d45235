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

std::optional<MetricPlot> metric_plot_from_name(std::string_view name) {
  for (const MetricPlotSpec& p : kMetricPlots)
    if (p.name == name) return p.plot;
  return std::nullopt;
}

}  // namespace losslab::ui
