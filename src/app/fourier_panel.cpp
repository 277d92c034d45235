// The Fourier spectrum of the token embedding (Nanda et al. 2023): energy per frequency pair, the top
// five highlighted. A grokked modular-addition model puts nearly all of it on a handful of frequencies.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"

namespace losslab::ui {

void draw_fourier_panel(AppState& app) {
  if (!app.trainer) return;
  const FourierSpectrum& f = app.trainer->instruments().fourier;
  if (f.energy.empty()) {
    ImGui::TextWrapped(
        "The Fourier spectrum is measured for models with a token embedding over Z_p (the modular-arithmetic "
        "tasks): it shows how the embedding concentrates on a few frequencies as the model groks. This run's "
        "model has no token embedding.");
    return;
  }
  ImGui::Text("Share of the embedding's energy in the top %d frequencies: %.3f", kFourierTopFrequencies, f.sparsity);
  std::vector<size_t> order(f.energy.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return f.energy[a] > f.energy[b]; });
  std::vector<bool> top(f.energy.size(), false);
  for (size_t i = 0; i < std::min<size_t>(kFourierTopFrequencies, order.size()); ++i) top[order[i]] = true;
  const double total = std::accumulate(f.energy.begin(), f.energy.end(), 0.0);
  PlotOptions o;
  o.x_label = "frequency k";
  o.y_label = "share of energy";
  o.size = ImVec2(-1, -1);
  o.show_legend = false;
  if (!begin_plot("embedding spectrum", o)) return;
  for (size_t i = 0; i < f.energy.size(); ++i) {
    const double k = static_cast<double>(i + 1), share = total > 0 ? f.energy[i] / total : 0;
    char tip[64];
    std::snprintf(tip, sizeof tip, "k = %zu\n%.2f %% of the energy", i + 1, 100 * share);
    plot_rect({k - 0.4, 0, k + 0.4, share, top[i] ? IM_COL32(213, 94, 0, 230) : IM_COL32(0, 114, 178, 160), 0, false,
               tip});
  }
  end_plot();
}

}  // namespace losslab::ui
