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

}  // namespace

ImVec4 class_color_vec(int k) { return kClassColors[static_cast<size_t>(k) % kClassColors.size()]; }

ImU32 class_color(int k, float alpha) {
  ImVec4 c = class_color_vec(k);
  c.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace losslab::ui
