// The token model's fused cross-entropy head, and why it fits: the bytes the kernel holds next to the
// bytes the naive N×V logits (and their gradient) would take, on a log scale, and where it runs.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "palette.hpp"
#include "panels.hpp"

namespace losslab::ui {
namespace {

std::string bytes_text(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return text;
}

// The last History event about the head (a fallback and why), or "".
const std::string* head_notice(const History& h) {
  for (auto it = h.events().rbegin(); it != h.events().rend(); ++it)
    if (it->text.starts_with("fused head:")) return &it->text;
  return nullptr;
}

}  // namespace

void draw_fused_head_panel(AppState& app) {
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  const TokenLm* lm = t.token_model();
  if (!lm) {
    ImGui::TextWrapped(
        "The fused cross-entropy head belongs to the token language model (dataset zipf_markov, or the preset "
        "token-lm-64k): it computes the loss over a large vocabulary without ever holding the N×V logits. This "
        "run's model has a small dense output layer instead.");
    return;
  }
  const FusedHead& head = t.fused_head();
  const RunConfig& c = t.config();
  const std::string_view in_use = head.backend_in_use();
  ImGui::Text("Backend: %s  (asked: %s)", in_use.empty() ? (t.waiting() ? "waiting for WebGPU" : "-") : in_use.data(),
              fused_backend_choice_name(c.fused_backend).data());
  if (const std::string adapter = head.device_description(); !adapter.empty())
    ImGui::TextWrapped("Adapter: %s", adapter.c_str());
  if (const std::string* notice = head_notice(t.history())) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", notice->c_str());
    ImGui::PopStyleColor();
  }
  const double b = c.batch_size, v = c.vocab, d = c.embed_dim;
  ImGui::TextWrapped("Head: %d tokens x d = %d x V = %d; %.1f ms per step (%.2f GFLOP/s counting 6·B·d·V)",
                     c.batch_size, c.embed_dim, c.vocab, 1e3 * head.seconds(),
                     head.seconds() > 0 ? 6 * b * d * v / head.seconds() * 1e-9 : 0.0);
  const FusedCeResult& r = t.head_result();
  if (r.tiles > 0)
    ImGui::TextWrapped("Backward tiles skipped by the filter (fused_threshold %g): %lld of %lld (%.1f %%)",
                       static_cast<double>(c.fused_threshold), static_cast<long long>(r.tiles_skipped),
                       static_cast<long long>(r.tiles),
                       100.0 * static_cast<double>(r.tiles_skipped) / static_cast<double>(r.tiles));
  const double floor = t.loss_floor(), test_loss = t.history().last("test_loss");
  ImGui::TextWrapped("Entropy floor %.3f nats (the loss no model can beat); test loss %.3f; reducible gap %.3f",
                     floor, test_loss, test_loss - floor);

  // Why it fits: the head's memory next to what the logits would take, on a log scale (one decade per
  // tenth of the bar), for this batch and for a language model's usual 8,192-token batch.
  ImGui::Spacing();
  ImGui::TextUnformatted("Memory (bars on a log scale):");
  const bool on_gpu = in_use == "webgpu";
  const double held = static_cast<double>(std::max<int64_t>(head.bytes_held(), 1));
  const double naive = 2.0 * static_cast<double>(naive_logit_bytes(c.batch_size, c.vocab));
  const double naive_8k = 2.0 * static_cast<double>(naive_logit_bytes(8192, c.vocab));
  const double weights = 4.0 * static_cast<double>(lm->num_params());
  const struct {
    const char* what;
    double bytes;
    ImU32 color;
  } rows[] = {
      {on_gpu ? "fused head: every GPU buffer (H, W, dH, dW, staging)" : "fused head: scratch beyond its inputs",
       held, IM_COL32(0, 158, 115, 230)},
      {"naive: this batch's logits and their gradient", naive, IM_COL32(213, 94, 0, 230)},
      {"naive at 8,192 tokens per batch", naive_8k, IM_COL32(213, 94, 0, 150)},
      {"the model's weights", weights, IM_COL32(0, 114, 178, 180)},
  };
  double top = 1;
  for (const auto& row : rows) top = std::max(top, row.bytes);
  if (ImGui::BeginTable("memory", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    for (const auto& row : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", row.what);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(bytes_text(row.bytes).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, row.color);
      ImGui::ProgressBar(static_cast<float>(std::log10(std::max(row.bytes, 1.0)) / std::log10(top)), ImVec2(-1, 0), "");
      ImGui::PopStyleColor();
    }
    ImGui::EndTable();
  }
  if (!on_gpu)
    ImGui::TextWrapped("The naive logits are %.0fx the fused head's scratch at this batch, %.0fx at 8,192 tokens.",
                       naive / held, naive_8k / held);
}

}  // namespace losslab::ui
