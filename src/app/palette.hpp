// Colours shared by the panels: one per class (boundary and points), one per metric series.
#pragma once

#include <imgui.h>

namespace losslab::ui {

// The UI's light or dark look (app.hpp: apply_theme).
enum class Theme { light, dark };
// The theme the colours below are for (set by apply_theme).
Theme current_theme();
void set_palette_theme(Theme theme);
// A neutral colour for lines that must stand out from the background: near black, or near white.
ImU32 ink_color();
// Text that says something is on (classroom mode) and something was seen (a phenomenon's signature),
// readable on either background.
ImU32 notice_color();
ImU32 success_color();

// Okabe–Ito colour-blind-safe palette, cycled for class k.
ImU32 class_color(int k, float alpha = 1.0f);
ImVec4 class_color_vec(int k);
// One colour per compared run (runs_state.hpp), cycled.
ImU32 run_color(int k, float alpha = 1.0f);

inline constexpr ImU32 kTrainColor = IM_COL32(86, 180, 233, 255);  // sky blue
inline constexpr ImU32 kTestColor = IM_COL32(230, 159, 0, 255);    // orange
inline constexpr ImU32 kErrorColor = IM_COL32(240, 80, 80, 255);
inline constexpr ImU32 kEventColor = IM_COL32(120, 120, 140, 255);  // markers of events in the plots

}  // namespace losslab::ui
