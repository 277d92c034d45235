// PNG bytes of an RGBA image, for the desktop's "Plots as PNG" (the page has the browser's canvas
// encoder). Native only: it uses Debian's stb_image_write.h, which the wasm build does not see.
#pragma once

#include <cstdint>
#include <string>

namespace losslab::ui {

// `rgba`: width × height pixels, 4 bytes each, rows top first (or bottom first, as glReadPixels gives
// them, when `bottom_up`).
std::string encode_png(int width, int height, const uint8_t* rgba, bool bottom_up);

}  // namespace losslab::ui
