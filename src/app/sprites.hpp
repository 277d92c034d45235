// Small pictures baked into Dear ImGui's font atlas, so many of them draw as one textured quad each
// from the same texture as the text. A data point drawn as an anti-aliased circle with an outline costs
// ~40 triangles; as a sprite it costs 2 — which matters on software WebGL (SwiftShader), where
// triangle setup, not pixels, bounds the frame rate.
#pragma once

#include <imgui.h>

namespace losslab::ui {

// Adds the sprites to the atlas and builds it. Call once after ImGui::CreateContext(), before the
// renderer uploads the font texture.
void bake_sprites();

// A filled disc of `radius` pixels with a darker rim, tinted with `color`.
void draw_dot(ImDrawList* draw, ImVec2 centre, float radius, ImU32 color);

}  // namespace losslab::ui
