// Draws Dear ImGui's draw data with OpenGL 3 (desktop) or WebGL2 (browser): the one renderer of both
// builds. It replaces Dear ImGui's imgui_impl_opengl3 because that backend saves and restores ~20 pieces
// of GL state every frame with glGet*, and in Chromium each such WebGL getParameter is a synchronous
// round trip to the GPU process: it waits for the previous frame to finish rendering (on SwiftShader,
// tens of milliseconds), so the page could not keep 30 fps. LossLab owns its whole canvas, so there is
// no state to save: this renderer sets what it needs and never reads GL state back.
#pragma once

#include <imgui.h>

#include <cstdint>

namespace losslab::ui {

// Compiles the shaders and uploads the font atlas. Call once, with the GL context current.
bool gl_renderer_init();
void gl_renderer_render(const ImDrawData* data);
void gl_renderer_shutdown();

// Creates an RGBA texture (when `texture` is null) or replaces its contents. Bilinear filtering.
// This is AppState::upload_texture in both builds.
ImTextureID upload_gl_texture(ImTextureID texture, int width, int height, const uint32_t* rgba);

}  // namespace losslab::ui
