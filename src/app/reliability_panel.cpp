// The reliability diagram (Guo et al. 2017, Fig. 1): per confidence bin, a bar for the accuracy, the
// diagonal of perfect calibration, and the gap between them shaded (red where the model is
// over-confident, green where under-confident). Empty bins are hatched, not drawn as zero. Under it the
// confidence histogram — the bins' counts as a strip, each bar labelled with its count where it fits —
// with the mean accuracy and mean confidence marked; above it ECE, MCE, NLL and
// Brier, and a table of the test split before and after each post-hoc calibration, any of which can be
// applied to the diagram.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"

namespace losslab::ui {
namespace {

constexpr ImU32 kBarColor = IM_COL32(0, 114, 178, 200);
constexpr ImU32 kOverColor = IM_COL32(213, 94, 0, 110);    // confidence above accuracy
constexpr ImU32 kUnderColor = IM_COL32(0, 158, 115, 120);  // confidence below accuracy
constexpr ImU32 kDiagonalColor = IM_COL32(90, 90, 90, 255);
constexpr ImU32 kEmptyColor = IM_COL32(150, 150, 150, 160);

std::string bin_tooltip(const ReliabilityBin& b, int64_t n) {
  char text[256];
  if (b.count == 0) {
    std::snprintf(text, sizeof text, "confidence (%.3f, %.3f]\nempty: no samples here", b.lo, b.hi);
  } else {
    std::snprintf(text, sizeof text,
                  "confidence (%.3f, %.3f]\n%lld samples (%.1f %%)\nmean confidence %.3f\naccuracy %.3f\ngap %+.3f (%s)",
                  b.lo, b.hi, static_cast<long long>(b.count), 100.0 * static_cast<double>(b.count) / static_cast<double>(n),
                  b.confidence, b.accuracy, b.confidence - b.accuracy,
                  b.confidence > b.accuracy ? "over-confident" : "under-confident");
  }
  return text;
}

void diagram(const CalibrationReport& r, float height) {
  PlotOptions o;
  o.x_label = "confidence (top-label probability)";
  o.y_label = "accuracy";
  o.fixed_x = o.fixed_y = true;
  o.x_min = o.y_min = 0;
  o.x_max = o.y_max = 1;
  o.size = ImVec2(-1, height);
  if (!begin_plot("reliability diagram", o)) return;
  for (const ReliabilityBin& b : r.bins) {
    const std::string tip = bin_tooltip(b, r.n);
    if (b.count == 0) {
      plot_rect({b.lo, 0, b.hi, 1, 0, kEmptyColor, true, tip.c_str()});
      continue;
    }
    plot_rect({b.lo, 0, b.hi, b.accuracy, kBarColor, IM_COL32(255, 255, 255, 255), false, tip.c_str()});
    const bool over = b.confidence > b.accuracy;
    plot_rect({b.lo, b.accuracy, b.hi, b.confidence, over ? kOverColor : kUnderColor, 0, false, tip.c_str()});
  }
  const double diagonal[] = {0, 1};
  plot_line("perfect calibration", diagonal, diagonal, kDiagonalColor);
  end_plot();
}

// The confidence histogram: share of samples per bin, with the accuracy and the mean confidence as
// thin full-height bars (the distance between them is the overall over-confidence).
void histogram(const CalibrationReport& r, float height) {
  PlotOptions o;
  o.x_label = "confidence";
  o.y_label = "share";
  o.fixed_x = true;
  o.x_min = 0;
  o.x_max = 1;
  o.size = ImVec2(-1, height);
  if (!begin_plot("confidence histogram (orange: accuracy, red: mean confidence)", o)) return;
  double mean_confidence = 0, top = 0;
  for (const ReliabilityBin& b : r.bins) {
    if (b.count == 0) continue;
    const double share = static_cast<double>(b.count) / static_cast<double>(r.n);
    mean_confidence += share * b.confidence;
    top = std::max(top, share);
    const std::string tip = bin_tooltip(b, r.n), count = std::to_string(b.count);
    plot_rect({b.lo, 0, b.hi, share, kBarColor, IM_COL32(255, 255, 255, 255), false, tip.c_str(), count.c_str()});
  }
  char tip[64];
  std::snprintf(tip, sizeof tip, "accuracy %.4f", r.accuracy);
  plot_rect({r.accuracy - 0.003, 0, r.accuracy + 0.003, top, kTestColor, 0, false, tip});
  std::snprintf(tip, sizeof tip, "mean confidence %.4f", mean_confidence);
  plot_rect({mean_confidence - 0.003, 0, mean_confidence + 0.003, top, kErrorColor, 0, false, tip});
  end_plot();
}

void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void figures(const CalibrationReport& r) {
  ImGui::TextWrapped("ECE %.4f   adaptive ECE %.4f   MCE %.4f   classwise ECE %.4f", r.ece, r.adaptive_ece, r.mce,
                     r.classwise_ece);
  ImGui::TextWrapped("NLL %.4f   Brier %.4f   accuracy %.4f   n = %lld", r.nll, r.brier, r.accuracy,
                     static_cast<long long>(r.n));
}

// Test split before and after each map fitted on the calibration split; a row can be applied.
void posthoc_table(AppState& app, const Instruments& m) {
  if (!m.has_calibration_split) {
    ImGui::TextDisabled("No calibration split (n_calib = 0): post-hoc calibration is off.");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("posthoc", 4, flags)) return;
  ImGui::TableSetupColumn("test split after");
  ImGui::TableSetupColumn("ECE");
  ImGui::TableSetupColumn("NLL");
  ImGui::TableSetupColumn("Brier");
  ImGui::TableHeadersRow();
  for (Recalibration method : kRecalibrations) {
    const CalibrationReport& r = m.posthoc.report(method);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    std::string label = std::string(recalibration_name(method));
    if (method == Recalibration::temperature) {
      char t[32];
      std::snprintf(t, sizeof t, " (T = %.3g)", m.posthoc.temperature);
      label += t;
    }
    if (ImGui::Selectable(label.c_str(), app.recalibration == method, ImGuiSelectableFlags_SpanAllColumns))
      app.recalibration = method;
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", r.ece);
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", r.nll);
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", r.brier);
  }
  ImGui::EndTable();
  hint("Maps fitted on the held-out calibration split; click a row to apply it to the diagram.");
}

}  // namespace

void draw_reliability_panel(AppState& app) {
  if (!app.trainer) return;
  const Instruments& m = app.trainer->instruments();
  if (m.step < 0) {
    ImGui::TextDisabled("Not measured yet.");
    return;
  }
  int split = app.reliability_on_train ? 1 : 0;
  ImGui::RadioButton("test split", &split, 0);
  ImGui::SameLine();
  ImGui::RadioButton("train split (given labels)", &split, 1);
  app.reliability_on_train = split == 1;
  ImGui::SameLine();
  ImGui::TextDisabled("step %lld", static_cast<long long>(m.step));
  const bool recalibrated = !app.reliability_on_train && m.has_calibration_split;
  const CalibrationReport& r = app.reliability_on_train ? m.train
                               : recalibrated          ? m.posthoc.report(app.recalibration)
                                                       : m.test;
  if (recalibrated && app.recalibration != Recalibration::none)
    ImGui::TextColored(ImVec4(0.0f, 0.45f, 0.3f, 1.0f), "showing the test split after %s calibration",
                       recalibration_name(app.recalibration).data());
  figures(r);
  hint("Bars: accuracy per confidence bin. Shaded gap to the diagonal: red over-confident, green "
       "under-confident. Hatched: no samples in that bin.");
  const float avail = ImGui::GetContentRegionAvail().y;
  const float table_h = app.reliability_on_train ? 0 : 7.5f * ImGui::GetFrameHeightWithSpacing();
  const float plots = std::max(220.0f, avail - table_h);
  diagram(r, plots * 0.68f);
  histogram(r, plots * 0.32f - ImGui::GetStyle().ItemSpacing.y);
  if (!app.reliability_on_train) posthoc_table(app, m);
}

}  // namespace losslab::ui
