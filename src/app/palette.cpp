#include "palette.hpp"

#include <array>

namespace losslab::ui {
namespace {

const std::array<ImVec4, 8> kClassColors{{
    {0.000f, 0.447f, 0.698f, 1.0f},  // blue
    {0.835f, 0.369f, 0.000f, 1.0f},  // vermillion
    {0.000f, 0.620f, 0.451f, 1.0f},  // bluish green
    {0.800f, 0.475f, 0.655f, 1.0f},  // reddish purple
    {0.941f, 0.894f, 0.259f, 1.0f},  // yellow
    {0.337f, 0.706f, 0.914f, 1.0f},  // sky blue
    {0.902f, 0.624f, 0.000f, 1.0f},  // orange
    {0.600f, 0.600f, 0.600f, 1.0f},  // grey
}};

// Runs compared on one plot: strong colours that read on a light background (no yellow), distinct from
// one another for colour-blind viewers (Okabe–Ito, with black and brown for the yellow and the grey).
const std::array<ImU32, 8> kRunColors{{
    IM_COL32(0, 114, 178, 255),    // blue
    IM_COL32(213, 94, 0, 255),     // vermillion
    IM_COL32(0, 158, 115, 255),    // bluish green
    IM_COL32(204, 121, 167, 255),  // reddish purple
    IM_COL32(40, 40, 40, 255),     // black
    IM_COL32(230, 159, 0, 255),    // orange
    IM_COL32(86, 180, 233, 255),   // sky blue
    IM_COL32(140, 86, 75, 255),    // brown
}};

Theme g_theme = Theme::light;

}  // namespace

Theme current_theme() { return g_theme; }
void set_palette_theme(Theme theme) { g_theme = theme; }
ImU32 notice_color() { return g_theme == Theme::dark ? IM_COL32(110, 190, 255, 255) : IM_COL32(0, 110, 160, 255); }
ImU32 success_color() { return g_theme == Theme::dark ? IM_COL32(90, 210, 160, 255) : IM_COL32(0, 130, 90, 255); }
ImU32 ink_color() { return g_theme == Theme::dark ? IM_COL32(225, 225, 225, 255) : IM_COL32(40, 40, 40, 255); }

ImU32 run_color(int k, float alpha) {
  ImU32 c = kRunColors[static_cast<size_t>(k) % kRunColors.size()];
  if (c == kRunColors[4]) c = ink_color();  // black on a light background, near white on a dark one
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha * 255.0f + 0.5f) << IM_COL32_A_SHIFT);
}

ImVec4 class_color_vec(int k) { return kClassColors[static_cast<size_t>(k) % kClassColors.size()]; }

ImU32 class_color(int k, float alpha) {
  ImVec4 c = class_color_vec(k);
  c.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace losslab::ui
