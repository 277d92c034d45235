#include "sprites.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace losslab::ui {
namespace {

constexpr int kDotSize = 24;  // pixels in the atlas; drawn scaled down, so bilinear filtering smooths it
int g_dot_rect = -1;

// White disc with a dark rim; coverage from the distance to the centre gives the anti-aliased edge.
void paint_dot(uint32_t* pixels, int stride) {
  const float c = 0.5f * kDotSize, r = c - 1.0f, rim = 0.2f * kDotSize;
  for (int y = 0; y < kDotSize; ++y)
    for (int x = 0; x < kDotSize; ++x) {
      const float d = std::hypot(static_cast<float>(x) + 0.5f - c, static_cast<float>(y) + 0.5f - c);
      const float alpha = std::clamp(r - d + 0.5f, 0.0f, 1.0f);
      const float shade = d > r - rim ? 0.35f : 1.0f;
      const auto v = static_cast<uint32_t>(255.0f * shade);
      pixels[y * stride + x] = IM_COL32(v, v, v, static_cast<uint32_t>(255.0f * alpha));
    }
}

}  // namespace

void bake_sprites() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (atlas->Fonts.empty()) atlas->AddFontDefault();
  g_dot_rect = atlas->AddCustomRectRegular(kDotSize, kDotSize);
  atlas->Build();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
  const ImFontAtlasCustomRect* rect = atlas->GetCustomRectByIndex(g_dot_rect);
  paint_dot(reinterpret_cast<uint32_t*>(pixels) + rect->Y * width + rect->X, width);
}

void draw_dot(ImDrawList* draw, ImVec2 centre, float radius, ImU32 color) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  ImVec2 uv0, uv1;
  atlas->CalcCustomRectUV(atlas->GetCustomRectByIndex(g_dot_rect), &uv0, &uv1);
  draw->AddImage(atlas->TexID, ImVec2(centre.x - radius, centre.y - radius),
                 ImVec2(centre.x + radius, centre.y + radius), uv0, uv1, color);
}

}  // namespace losslab::ui
